import { z } from "zod";
import { getRequest, listRequests } from "../../inventory/consumers-read";
import { requestListInput } from "../../inventory/schemas";
import { createTRPCRouter, notFound, viewerProcedure } from "../trpc";

export const requestsRouter = createTRPCRouter({
  list: viewerProcedure.input(requestListInput).query(({ ctx, input }) => listRequests(ctx.db, input)),
  get: viewerProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    return (await getRequest(ctx.db, input.id)) ?? notFound(`placement request ${input.id}`);
  }),
});
