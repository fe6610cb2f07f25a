import { overviewSummary } from "../../inventory/overview";
import { overviewFlavorHeadroom } from "../../inventory/overview-headroom";
import { createTRPCRouter, viewerProcedure } from "../trpc";

export const overviewRouter = createTRPCRouter({
  summary: viewerProcedure.query(({ ctx }) => overviewSummary(ctx.db)),
  /** Per flavor, how many more instances fit on the active hosts, host by host. */
  flavorHeadroom: viewerProcedure.query(({ ctx }) => overviewFlavorHeadroom(ctx.db)),
});
