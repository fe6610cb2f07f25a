import { recentAudit } from "../../inventory/audit";
import { auditRecentInput } from "../../inventory/schemas";
import { createTRPCRouter, viewerProcedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  recent: viewerProcedure.input(auditRecentInput).query(({ ctx, input }) => recentAudit(ctx.db, input.limit)),
});
