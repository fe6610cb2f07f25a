import { overviewSummary } from "../../inventory/overview";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const overviewRouter = createTRPCRouter({
  summary: publicProcedure.query(({ ctx }) => overviewSummary(ctx.db)),
});
