// Stage 4 of the batch engine, after a level's construction: repair by moving copies of the batch (before
// the search, so it can tidy up after), and after the search a retry of what is still unplaced.
import type { StageRun } from "../runner";
import type { Level } from "../run";
import { constructClasses } from "./construct";
import { constrainedFirst, repairByMoving } from "./repair";

/** Narrow copies that others of the batch crowded out get room now, on a candidate host, by moving copies of this batch. */
export function repairStage(lv: Level, { budget, progress }: StageRun): Level {
  const { run } = lv;
  const above = run.batch.classes.filter((c) => c.priority >= lv.level);
  const placed = repairByMoving(run.ctx, run.batch, run.assignment, above, { score: run.score, jitter: run.jitter, budget });
  if (placed > 0) progress(`priority ${lv.level}: placed ${placed} by moving copies of the batch`);
  return lv;
}

/** Room may have opened: what is still unplaced (this level and above, highest priority first) is tried again, then repaired. */
export function retryStage(lv: Level, run: StageRun): Level {
  const { batch, ctx, assignment, score, jitter } = lv.run;
  const above = batch.classes.filter((c) => c.priority >= lv.level);
  const retry = constrainedFirst(above, batch.cluster.hosts.length).sort((a, b) => b.priority - a.priority);
  constructClasses(ctx, retry, assignment, score, jitter, undefined, undefined, run.budget);
  return repairStage(lv, run);
}
