// Stage 6 of the batch engine: the proven lower bound of the answer's objective.
import { packLowerBound } from "../5-search/improve";
import { balanceLowerBound, hostCounts, spreadLowerBound } from "../7-result/result";
import type { StageRun } from "../runner";
import type { Bounded, Placing } from "../run";
import { lpLowerBound } from "./bound";
import { LOAD_MS } from "../3-cut-model-solve/stage";

/** Below this much time left for it, the result goes out with the cheap bounds only. */
const MIN_BOUND_MS = 100;

export async function boundStage(run: Placing, { budget, progress }: StageRun): Promise<Bounded> {
  const { batch, ctx, assignment, strategy, settings } = run;
  const { objective, limitMs } = settings;
  let lowerBound = objective === "pack" ? packLowerBound(ctx, batch, assignment) : objective === "spread" ? spreadLowerBound(ctx) : balanceLowerBound(ctx, batch, assignment);
  if (objective !== "pack" || strategy.kind === "construct" || lowerBound === null || lowerBound >= hostCounts(ctx).hostsUsed || budget.expired()) return { ...run, lowerBound };
  // The eligibility-aware LP bound, where a model runs at all (pack, within the model's size): it sees
  // zones, traits and pins that the packing bound ignores.
  const now = budget.now();
  const end = budget.isReal
    ? budget.callDeadline - Math.min(run.tailMs, 50 + batch.copies * 0.02)
    : Math.min(budget.callDeadline, Math.max(budget.start + run.effortMs, now) + run.effortMs / 2);
  if (end - now <= MIN_BOUND_MS || (budget.isReal && end - now < run.solveMs) || (budget.isReal && strategy.solver.loaded?.() === false && end - now < LOAD_MS)) return { ...run, lowerBound };
  const lp = await lpLowerBound(batch, assignment, strategy.solver, budget.isReal ? end - now : limitMs);
  progress(`LP lower bound ${lp ?? "not proven"}, packing bound ${lowerBound}`);
  if (lp !== null) lowerBound = Math.max(lowerBound, lp);
  return { ...run, lowerBound };
}
