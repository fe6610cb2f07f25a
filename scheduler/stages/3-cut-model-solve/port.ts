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
  solve(model: Model, options: SolveOptions): Promise<Solution>;
}
