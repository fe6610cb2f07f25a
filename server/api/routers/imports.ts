import { importProviders } from "../../inventory/import";
import { importInput } from "../../inventory/schemas";
import { createTRPCRouter, operatorProcedure } from "../trpc";

/** A bad file is a result (ok: false with a report per row), not an error: the page shows the report. */
export const importsRouter = createTRPCRouter({
  providers: operatorProcedure
    .input(importInput)
    .mutation(({ ctx, input }) => importProviders(ctx.db, input, ctx.user)),
});
