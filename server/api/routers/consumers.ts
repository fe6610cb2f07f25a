import { listConsumers } from "../../inventory/consumers-read";
import { consumerListInput } from "../../inventory/schemas";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const consumersRouter = createTRPCRouter({
  list: publicProcedure.input(consumerListInput).query(({ ctx, input }) => listConsumers(ctx.db, input)),
});
