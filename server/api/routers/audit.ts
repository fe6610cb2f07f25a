import { recentAudit } from "../../inventory/audit";
import { auditRecentInput } from "../../inventory/schemas";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  recent: publicProcedure.input(auditRecentInput).query(({ ctx, input }) => recentAudit(ctx.db, input.limit)),
});
