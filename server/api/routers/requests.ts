import { cancelRequest, deleteRequest, retryRequest } from "../../requests/commands";
import { getRequest, listRequests } from "../../requests/read";
import { requestListInput, requestRef, submissionInput } from "../../requests/schema";
import { submitRequests } from "../../requests/submit";
import { serverGroupChoices } from "../../requests/options";
import { createTRPCRouter, notFound, operatorProcedure, unwrap, viewerProcedure } from "../trpc";

export const requestsRouter = createTRPCRouter({
  /** The queue: filters (state, states, project, search, waiting, minPriority), counts per state, RequestStatus fields and more. */
  list: viewerProcedure.input(requestListInput).query(({ ctx, input }) => listRequests(ctx.db, input)),
  /** One request by id or key: spec, allocations (host, storage, network), journal, events (history). */
  get: viewerProcedure.input(requestRef).query(async ({ ctx, input }) => {
    return (await getRequest(ctx.db, input.id)) ?? notFound(`placement request ${input.id}`);
  }),
  /** The server groups a request may name (`<project>/<name>`), for the form. */
  serverGroups: viewerProcedure.query(({ ctx }) => serverGroupChoices(ctx.db)),
  /** `{ requests: SubmittedRequest[] }` -> `{ requests: { id, key, created }[] }`; all or nothing, the field named when wrong. */
  submit: operatorProcedure.input(submissionInput).mutation(async ({ ctx, input }) => unwrap(await submitRequests(ctx.db, input, ctx.user))),
  cancel: operatorProcedure.input(requestRef).mutation(async ({ ctx, input }) => unwrap(await cancelRequest(ctx.db, input.id, ctx.user))),
  retry: operatorProcedure.input(requestRef).mutation(async ({ ctx, input }) => unwrap(await retryRequest(ctx.db, input.id, ctx.user))),
  delete: operatorProcedure.input(requestRef).mutation(async ({ ctx, input }) => unwrap(await deleteRequest(ctx.db, input.id, ctx.user))),
});
