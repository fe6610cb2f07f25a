import { runRecommendation, RecommendRequestSchema } from "../../recommend/service";
import { traceCsv } from "../../scenarios/traces";
import { compiledVersion, getScenario, versionId } from "../../scenarios/versions";
import { createTRPCRouter, plannerProcedure, unwrap } from "../trpc";

export const recommendRouter = createTRPCRouter({
  /**
   * The cheapest purchase of host models that keeps the scenario's targets under peak x K with a
   * failure (contract: Recommendation), for an uploaded scenario or a saved what-if scenario.
   */
  run: plannerProcedure.input(RecommendRequestSchema).mutation(async ({ ctx, input }) => {
    let scenario = input.scenario;
    if (input.scenarioId !== undefined) {
      const view = unwrap(await getScenario(ctx.db, input.scenarioId, input.version));
      const id = await versionId(ctx.db, input.scenarioId, view.version);
      scenario = id === null ? undefined : (await compiledVersion(ctx.db, id))?.scenario;
    }
    return unwrap(await runRecommendation({ ...input, scenario }, (ref) => traceCsv(ctx.db, ref)));
  }),
});
