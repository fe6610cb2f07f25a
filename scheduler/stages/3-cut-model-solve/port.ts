// The solver port: every adapter takes the same model and answers the same shape.
import type { Model } from "./model";

export type SolveOptions = {
  /** Drop integrality (LP relaxation). */
  relax: boolean;
  timeLimitMs: number;
  /** Relative MIP gap at which to stop. */
  mipGap?: number;
};

export type Solution = {
  status: "optimal" | "feasible" | "infeasible" | "no-solution";
  /** Objective value of the returned point (NaN without one). */
  objective: number;
  /** Value per model variable, in model order. */
  values: Float64Array;
};

export interface SolverPort {
  readonly name: "glpk" | "highs";
  /** False while the solver's module is still to load (the first solve pays for it); absent: always ready. */
  loaded?(): boolean;
  /** Starts loading the module (resolves when it is ready); absent: nothing to load. */
  load?(): Promise<void>;
  solve(model: Model, options: SolveOptions): Promise<Solution>;
}
