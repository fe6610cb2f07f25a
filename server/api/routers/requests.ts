import { z } from "zod";
import { getRequest, listRequests } from "../../inventory/consumers-read";
import { requestListInput } from "../../inventory/schemas";
import { createTRPCRouter, notFound, publicProcedure } from "../trpc";

export const requestsRouter = createTRPCRouter({
  list: publicProcedure.input(requestListInput).query(({ ctx, input }) => listRequests(ctx.db, input)),
  get: publicProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    return (await getRequest(ctx.db, input.id)) ?? notFound(`placement request ${input.id}`);
  }),
});
