// The batch engine (DESIGN §3): compile -> filter -> cut, model, solve -> round and repair -> search ->
// bound -> result, each a stage in stages/ run by stages/runner.ts with one budget per call. `place` is
// what the CLI, the server and the benchmarks call; `placeGreedy` is the Nova-like baseline;
// `createOnlinePlacer` the one-at-a-time path.
import type { Objective, PlacementProblem, PlacementResult } from "./contract";
import { placeGreedy } from "./greedy";
import type { Weights } from "./scoring/weights";
import { batchWeights } from "./scoring/weights";
import type { SolverChoice } from "./stages/3-cut-model-solve/strategy";
import type { SolverPort } from "./stages/3-cut-model-solve/port";
import { Budget } from "./stages/budget";
import { Pipeline } from "./stages/runner";
import type { Level, PlaceInput, Placing } from "./stages/run";
import { compileStage } from "./stages/1-compile/stage";
import { filterStage } from "./stages/2-filter/stage";
import { levelsOf, modelStage, planStage } from "./stages/3-cut-model-solve/stage";
import { repairStage, retryStage } from "./stages/4-round-repair/stage";
import { searchStage } from "./stages/5-search/stage";
import { boundStage } from "./stages/6-bound/stage";
import { resultStage } from "./stages/7-result/stage";
export type { PlacementProblem, PlacementResult } from "./contract";
export { placeGreedy } from "./greedy";
export { createOnlinePlacer } from "./online";
export type { OnlinePlacer, OnlinePlacerInput, PlaceOutcome } from "./online";
export { parsePlacementProblem } from "./contract";
export { verifyPlacement } from "./verify";
export { batchWeights, weights } from "./scoring/weights";
export type { Weights } from "./scoring/weights";
export type { SolverChoice } from "./stages/3-cut-model-solve/strategy";
// The solver port, for other parts of the product (purchase models): plain-data models, glpk or HiGHS behind one interface.
export type { Model, ModelRow, ModelVar, VarType } from "./stages/3-cut-model-solve/model";
export type { Solution, SolveOptions, SolverPort } from "./stages/3-cut-model-solve/port";
export { getSolver } from "./stages/3-cut-model-solve/registry";
export type { SolverName } from "./stages/3-cut-model-solve/registry";

export type PlaceOptions = {
  /** A solver by name, or a solver port (e.g. a wrapper around `getSolver("glpk")`): auto's rules, that solver for every model. */
  solver?: SolverChoice | SolverPort;
  timeLimitMs?: number;
  /** Milliseconds, monotonic: time budgets and elapsedMs. Callers pass performance.now.bind(performance); without one, a virtual clock (deterministic, elapsedMs 0). */
  clock?: () => number;
  /** Randomised tie-breaks; default 1. */
  seed?: number;
  onProgress?: (msg: string) => void;
  /** Score weights per objective (data); default the `batchWeights` table. */
  weights?: Readonly<Record<Objective, Weights>>;
};

/** One priority level, highest first: the model (or plain construction), repair, search, then a retry of what is left. */
const level = Pipeline.of<Level>()
  .then("model", modelStage)
  .then("repair", repairStage)
  .then("search", searchStage)
  .then("retry", retryStage);

/** The batch engine's pipeline, in order. */
const pipeline = Pipeline.of<PlaceInput>()
  .then("compile", compileStage)
  .then("filter", filterStage)
  .then("plan", planStage)
  .then("levels", async (run: Placing, stage) => {
    for (const lv of levelsOf(run)) await level.run(lv, stage);
    return run;
  })
  .then("bound", boundStage)
  .then("result", resultStage);

export async function place(problem: PlacementProblem, options: PlaceOptions = {}): Promise<PlacementResult> {
  const progress = options.onProgress ?? (() => undefined);
  if (options.solver === "greedy") {
    progress("greedy baseline (filter and weigh, one request at a time)");
    return placeGreedy(problem, { clock: options.clock, seed: options.seed ?? 1 });
  }
  // One budget for the whole call, created here and handed to every stage. Without a clock (the cores never
  // read the wall clock) it runs on a virtual clock that advances with every reading: searches still end,
  // the run is deterministic, and elapsedMs is reported as 0.
  const limitMs = options.timeLimitMs ?? problem.policy?.timeLimitMs ?? 10_000;
  const budget = Budget.start(limitMs, options.clock);
  const settings = {
    objective: problem.policy?.objective ?? "pack", limitMs, seed: options.seed ?? 1,
    weights: options.weights ?? batchWeights, solver: options.solver ?? "auto",
  } satisfies PlaceInput["settings"];
  return pipeline.run({ problem, settings }, { budget, progress });
}
