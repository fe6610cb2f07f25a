import { z } from "zod";
import { cancelRecommendation, listRecommendations, recommendationRun, startRecommendation } from "../../recommend/runs";
import { RecommendRequestSchema } from "../../recommend/service";
import { traceCsv } from "../../scenarios/traces";
import { compiledVersion, getScenario, versionId } from "../../scenarios/versions";
import { createTRPCRouter, plannerProcedure, unwrap, viewerProcedure } from "../trpc";

const runId = z.object({ runId: z.uuid() });

export const recommendRouter = createTRPCRouter({
  /**
   * Starts working out the cheapest purchase of host models that keeps the scenario's targets under
   * peak x K with a failure (contract: Recommendation), for an uploaded scenario or a saved what-if
   * scenario, as a job: every refusal comes back here (the field named, nothing written); the
   * answer is read with `get` once the run has succeeded.
   */
  start: plannerProcedure.input(RecommendRequestSchema).mutation(async ({ ctx, input }) => {
    let scenario = input.scenario;
    let scenarioName: string | undefined;
    let version = input.version;
    if (input.scenarioId !== undefined) {
      const view = unwrap(await getScenario(ctx.db, input.scenarioId, input.version));
      const id = await versionId(ctx.db, input.scenarioId, view.version);
      scenario = id === null ? undefined : (await compiledVersion(ctx.db, id))?.scenario;
      scenarioName = `${view.name} v${view.version}`;
      version = view.version;
    }
    return unwrap(await startRecommendation(ctx.db, { ...input, scenario, version, scenarioName }, ctx.user, (ref) => traceCsv(ctx.db, ref)));
  }),
  cancel: plannerProcedure.input(runId).mutation(async ({ ctx, input }) => unwrap(await cancelRecommendation(ctx.db, input.runId))),
  /** A run's status and progress, and its Recommendation once it has succeeded. */
  get: viewerProcedure.input(runId).query(async ({ ctx, input }) => unwrap(await recommendationRun(ctx.db, input.runId))),
  list: viewerProcedure.input(z.object({ limit: z.number().int().min(1).max(100).optional() }).default({}))
    .query(({ ctx, input }) => listRecommendations(ctx.db, input.limit)),
});
