// The stage runner: a pipeline is a list of named stages, each a function from a typed input to a typed
// output, run in order. The runner owns what every stage shares: the call's one budget and the progress
// report (each stage's line says how long it took on the call's clock).
import type { Budget } from "./budget";

/** What a stage gets besides its input: the call's budget (take a `sub` for a share) and the progress report. */
export type StageRun = { readonly budget: Budget; readonly progress: (msg: string) => void };

export type Stage<I, O> = (input: I, run: StageRun) => O | Promise<O>;

type Step = { name: string; fn: Stage<never, unknown> };

export class Pipeline<I, O> {
  private constructor(private readonly steps: readonly Step[]) {}

  /** An empty pipeline whose input is I. */
  static of<I>(): Pipeline<I, I> {
    return new Pipeline<I, I>([]);
  }

  /** This pipeline followed by `fn`, which takes this one's output. */
  then<N>(name: string, fn: Stage<O, N>): Pipeline<I, N> {
    return new Pipeline<I, N>([...this.steps, { name, fn: fn as Stage<never, unknown> }]);
  }

  /** The stage names in order. */
  get names(): string[] {
    return this.steps.map((s) => s.name);
  }

  /**
   * Runs the stages in order. Every stage runs, also after the budget has run out: a stage then does
   * only what the answer needs (its own checks of the budget say what; the result is always built).
   * Each stage's progress lines are prefixed with its name; on a real clock a closing line gives its time.
   */
  async run(input: I, run: StageRun): Promise<O> {
    let value: unknown = input;
    for (const step of this.steps) {
      const progress = (msg: string) => run.progress(`${step.name}: ${msg}`);
      const t = run.budget.isReal ? run.budget.now() : 0;
      value = await (step.fn as Stage<unknown, unknown>)(value, { budget: run.budget, progress });
      // Past the limit the budget's clock stands still (it is read no more), so a time would be wrong: say so instead.
      if (run.budget.isReal) progress(run.budget.expired() ? "done, the time limit reached" : `${(run.budget.now() - t).toFixed(0)} ms`);
    }
    return value as O;
  }
}
