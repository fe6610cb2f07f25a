// What flows between the batch engine's stages (scheduler/index.ts runs them): the settings of the
// call, then the compiled batch, then the placement being built, then its bound. Each stage takes one of
// these and returns the next.
import type { Assignment, Batch } from "./1-compile/batch";
import type { Objective, PlacementProblem } from "../contract";
import type { FilterContext } from "./2-filter/plugins/types";
import type { Scorer } from "../scoring/registry";
import type { Weights } from "../scoring/weights";
import type { SolverChoice, Strategy } from "./3-cut-model-solve/strategy";
import type { SolverPort } from "./3-cut-model-solve/port";

export type Settings = {
  objective: Objective;
  limitMs: number;
  seed: number;
  weights: Readonly<Record<Objective, Weights>>;
  /** A name, or a solver port the caller made (it then solves every model and the LP bound). */
  solver: SolverChoice | SolverPort;
};

export type PlaceInput = { problem: PlacementProblem; settings: Settings };

export type Compiled = { settings: Settings; batch: Batch };

/** The placement being built: one state and assignment that the stages change in turn. */
export type Placing = Compiled & {
  ctx: FilterContext;
  assignment: Assignment;
  strategy: Strategy;
  score: Scorer;
  jitter: Float64Array;
  rng: () => number;
  /** The models' budget (ms from the start; DESIGN §3's effort rule). */
  effortMs: number;
  /** Real clock: kept back from the search for what follows it. */
  tailMs: number;
  /** Real clock: the longest model solve of this call so far, building and reading the model included. */
  solveMs: number;
  /** Virtual clock: the packing search's budget left over all levels. */
  searchLeftMs: number;
  /** The parts of the pipeline that shaped the answer, for stats.solver. */
  parts: Set<string>;
};

export type Bounded = Placing & { lowerBound: number | null };

/** One priority level's turn through stages 3-5 (levels run highest first). */
export type Level = { run: Placing; level: number; index: number; count: number };
