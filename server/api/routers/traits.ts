import { listTraits } from "../../inventory/catalog";
import { createTRPCRouter, viewerProcedure } from "../trpc";

export const traitsRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listTraits(ctx.db)),
});
