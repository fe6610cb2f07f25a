// One time budget per place() call, handed to every stage: the deadline, the clock, what is left, and
// sub-budgets for a stage's share. Long loops ask `expired()` (or a `checker`, which reads the clock
// once every n calls) and stop; nothing else in the engine reads the clock.
//
// Once a reading passes the call's deadline the budget is spent for good: from then on `now()` stands
// just past the deadline without reading the caller's clock again, so every check in every stage answers
// "late" at once and the run goes straight to its result. `elapsedMs()` is the one reading taken after
// that, so the result reports the time the call really took.

/**
 * 0.05 ms per reading: a model of effort, not of time. Calibrated on the packing core, which reads the
 * clock once per search step (an elimination attempt, a bin-completion node): measured on this 2-core
 * machine under load, a reading stood for 15-250 microseconds of work depending on the instance (about
 * 30 on vector packing, 160-260 on Falkenauer's); 50 lies inside that range, so a virtual budget does
 * about as much work as the same real budget, give or take a factor of five.
 */
export const VIRTUAL_MS_PER_READING = 0.05;

export function virtualClock(): () => number {
  let t = 0;
  return () => (t += VIRTUAL_MS_PER_READING);
}

type Root = { readonly clock: () => number; readonly start: number; readonly deadline: number; spent: boolean };

export class Budget {
  private over = false;

  private constructor(private readonly root: Root, readonly deadline: number) {}

  /**
   * The budget of one call: `limitMs` from now on `clock`. Without a clock, a virtual one (deterministic
   * on any machine: `real` is false and elapsed time is reported as 0).
   */
  static start(limitMs: number, clock?: () => number): Budget {
    const read = clock ?? virtualClock();
    const start = read();
    const budget = new Budget({ clock: read, start, deadline: start + limitMs, spent: false }, start + limitMs);
    budget.isReal = clock !== undefined;
    return budget;
  }

  /** A budget that never runs out (for callers outside place(): tests, the greedy baseline). */
  static unlimited(): Budget {
    return Budget.start(Infinity, () => 0);
  }

  /** True when the clock is the caller's (wall time or a caller's own model); false on the virtual clock. */
  isReal = false;

  get start(): number {
    return this.root.start;
  }

  /** The call's own deadline (a sub-budget's may be earlier). */
  get callDeadline(): number {
    return this.root.deadline;
  }

  /** The clock's reading; past the call's deadline, a fixed value just past it (no reading). */
  now(): number {
    const root = this.root;
    if (root.spent) return root.deadline + 1e-3;
    const t = root.clock();
    if (t >= root.deadline) {
      root.spent = true;
      return Math.max(t, root.deadline + 1e-3);
    }
    return t;
  }

  /** The clock as a function, for the cores that take one (the packing search). */
  readonly clock = (): number => this.now();

  expired(): boolean {
    if (this.over || this.root.spent) return true;
    if (this.now() >= this.deadline) this.over = true;
    return this.over || this.root.spent;
  }

  remaining(): number {
    if (this.over || this.root.spent) return 0;
    return Math.max(0, this.deadline - this.now());
  }

  /** A stage's share: `ms` from now, never past this budget's deadline. */
  sub(ms: number): Budget {
    return this.until(this.now() + Math.max(0, ms));
  }

  /** A stage's share up to a clock value, never past this budget's deadline. */
  until(deadline: number): Budget {
    const b = new Budget(this.root, Math.min(this.deadline, deadline));
    b.isReal = this.isReal;
    b.over = this.over;
    return b;
  }

  /** For hot loops: a check that reads the clock once every `every` calls (and answers from the last reading between). */
  checker(every: number): () => boolean {
    let n = 0;
    let late = false;
    return () => {
      if (late) return true;
      if (++n < every) return false;
      n = 0;
      late = this.expired();
      return late;
    };
  }

  /** Milliseconds since the call started, read now (even when spent); 0 on the virtual clock. */
  elapsedMs(): number {
    return this.isReal ? this.root.clock() - this.root.start : 0;
  }
}
