// Stage 5 of the batch engine: the packing search (pack only), per priority level on that level's copies.
import type { StageRun } from "../runner";
import type { Level } from "../run";
import { levelClasses } from "../3-cut-model-solve/stage";
import { improveClasses } from "./improve";

/**
 * pack: the search gets its own budget after construction, whatever the model took (never skipped), within
 * the limit; it stops by itself at the lower bound. Levels share it, each taking its part of what is left.
 * On a real clock that is the limit less the tail; on the virtual clock its own budget (`packSearchMs`).
 */
export function searchStage(lv: Level, { budget, progress }: StageRun): Level {
  const { run } = lv;
  if (run.settings.objective !== "pack" || budget.expired()) return lv;
  const start = budget.now();
  const left = lv.count - lv.index;
  const ms = budget.isReal
    ? Math.max(0, budget.callDeadline - run.tailMs - start) / left
    : Math.min(budget.callDeadline - start, Math.max(budget.start + run.effortMs - start, run.searchLeftMs) / left);
  const saved = improveClasses(run.ctx, run.batch, run.assignment, levelClasses(lv), { budget: budget.sub(ms), rng: run.rng });
  run.searchLeftMs -= budget.now() - start;
  run.parts.add("packing-search");
  progress(`priority ${lv.level}: local search saved ${saved} host(s)`);
  return lv;
}
