import { overviewSummary } from "../../inventory/overview";
import { overviewFlavorHeadroom } from "../../inventory/overview-headroom";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const overviewRouter = createTRPCRouter({
  summary: publicProcedure.query(({ ctx }) => overviewSummary(ctx.db)),
  /** Per flavor, how many more instances fit on the active hosts, host by host. */
  flavorHeadroom: publicProcedure.query(({ ctx }) => overviewFlavorHeadroom(ctx.db)),
});
