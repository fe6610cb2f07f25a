// Stage 1 of the batch engine: the inventory into typed arrays, identical requests into classes.
import type { StageRun } from "../runner";
import type { Compiled, PlaceInput } from "../run";
import { compileRequests } from "./batch";

export function compileStage({ problem, settings }: PlaceInput, { budget, progress }: StageRun): Compiled {
  const batch = compileRequests(problem, budget);
  const skipped = batch.skipped.length > 0 ? `; the time limit left ${batch.skipped.length} copies uncompiled` : "";
  progress(`${batch.copies} copies in ${batch.classes.length} classes on ${batch.cluster.hosts.length} hosts${skipped}`);
  return { settings, batch };
}
