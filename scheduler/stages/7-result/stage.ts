// Stage 7 of the batch engine: the contract's result, its elapsed time read after it is built.
import type { PlacementResult } from "../../contract";
import type { StageRun } from "../runner";
import type { Bounded } from "../run";
import { buildResult } from "./result";

export function resultStage(run: Bounded, { budget }: StageRun): PlacementResult {
  const result = buildResult(run.ctx, run.batch, run.assignment, {
    solver: [...run.parts].join("+"), objective: run.settings.objective, lowerBound: run.lowerBound, elapsedMs: 0, timedOut: budget.expired(),
  });
  result.stats.elapsedMs = budget.elapsedMs();
  return result;
}
