import { listAggregates } from "../../inventory/catalog";
import { createTRPCRouter, viewerProcedure } from "../trpc";

export const aggregatesRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listAggregates(ctx.db)),
});
