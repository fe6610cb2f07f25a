// Stage 2 of the batch engine: each class's static candidates (the static filters, once per class).
import { filterClasses } from "../1-compile/batch";
import type { StageRun } from "../runner";
import type { Compiled } from "../run";

export function filterStage(input: Compiled, { budget, progress }: StageRun): Compiled {
  filterClasses(input.batch, budget);
  const left = input.batch.classes.filter((c) => !c.filtered).length;
  if (left > 0) progress(`the time limit left ${left} of ${input.batch.classes.length} classes unfiltered`);
  return input;
}
