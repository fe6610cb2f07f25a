// The solver port's adapters by name: the one place outside the engine (purchase models, reports) asks for
// a solver. Each adapter loads its WebAssembly module once, on first solve.
import { glpkSolver } from "./glpk";
import { highsSolver } from "./highs";
import type { SolverPort } from "./port";

export type SolverName = SolverPort["name"];

const solvers: Readonly<Record<SolverName, SolverPort>> = { glpk: glpkSolver, highs: highsSolver };

export function getSolver(name: SolverName): SolverPort {
  const solver = solvers[name];
  if (!solver) throw new Error(`unknown solver ${String(name)} (expected glpk or highs)`);
  return solver;
}
