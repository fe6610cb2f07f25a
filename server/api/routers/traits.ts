import { listTraits } from "../../inventory/catalog";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const traitsRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => listTraits(ctx.db)),
});
