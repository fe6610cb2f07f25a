import { runRecommendation, RecommendRequestSchema } from "../../recommend/service";
import { createTRPCRouter, plannerProcedure, unwrap } from "../trpc";

export const recommendRouter = createTRPCRouter({
  /** The cheapest purchase of host models that keeps the scenario's targets under peak x K with a failure (contract: Recommendation). */
  run: plannerProcedure.input(RecommendRequestSchema).mutation(async ({ input }) => unwrap(await runRecommendation(input))),
});
