import { listConsumers } from "../../inventory/consumers-read";
import { consumerListInput } from "../../inventory/schemas";
import { createTRPCRouter, viewerProcedure } from "../trpc";

export const consumersRouter = createTRPCRouter({
  list: viewerProcedure.input(consumerListInput).query(({ ctx, input }) => listConsumers(ctx.db, input)),
});
