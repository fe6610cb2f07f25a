import { listAggregates } from "../../inventory/catalog";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const aggregatesRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => listAggregates(ctx.db)),
});
