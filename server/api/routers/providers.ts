import { z } from "zod";
import { getProvider, listProviders, summariseProviders } from "../../inventory/providers-read";
import {
  createProvider, retireProvider, setProviderAggregates, setProviderTraits, updateProvider,
} from "../../inventory/providers-write";
import {
  providerCreateInput, providerFilterInput, providerListInput, providerRef, providerUpdateInput, setAggregatesInput, setTraitsInput,
} from "../../inventory/schemas";
import { createTRPCRouter, notFound, operatorProcedure, unwrap, viewerProcedure } from "../trpc";

export const providersRouter = createTRPCRouter({
  list: viewerProcedure.input(providerListInput).query(({ ctx, input }) => listProviders(ctx.db, input)),

  /** Capacity against use summed over every provider the filters match (no paging). */
  summary: viewerProcedure.input(providerFilterInput).query(({ ctx, input }) => summariseProviders(ctx.db, input)),

  get: viewerProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    return (await getProvider(ctx.db, input.id)) ?? notFound(`resource provider ${input.id}`);
  }),

  create: operatorProcedure
    .input(providerCreateInput)
    .mutation(async ({ ctx, input }) => unwrap(await createProvider(ctx.db, input, ctx.user))),

  update: operatorProcedure
    .input(providerUpdateInput)
    .mutation(async ({ ctx, input }) => unwrap(await updateProvider(ctx.db, input, ctx.user))),

  retire: operatorProcedure
    .input(providerRef)
    .mutation(async ({ ctx, input }) => unwrap(await retireProvider(ctx.db, input, ctx.user))),

  setTraits: operatorProcedure
    .input(setTraitsInput)
    .mutation(async ({ ctx, input }) => unwrap(await setProviderTraits(ctx.db, input, ctx.user))),

  setAggregates: operatorProcedure
    .input(setAggregatesInput)
    .mutation(async ({ ctx, input }) => unwrap(await setProviderAggregates(ctx.db, input, ctx.user))),
});
