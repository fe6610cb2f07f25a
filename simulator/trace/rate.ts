/**
 * A rate over simulated time (requests per second, arrivals per second...), integrated exactly
 * over any interval. Loads are handled as rates per time bucket, never as individual requests.
 */
export interface Rate {
  /** The rate at time t (right-continuous). */
  at(t: number): number;
  /** The integral of the rate over [t0, t1]. */
  integral(t0: number, t1: number): number;
  /** The first time after t at which the rate may change (Infinity if never): a piecewise-constant rate's next step. */
  nextChange(t: number): number;
}

/** A piecewise-constant rate: value[i] on [start[i], start[i+1]); the last value holds forever. start[0] must be 0. */
export class StepRate implements Rate {
  private readonly area: Float64Array;

  constructor(readonly start: Float64Array, readonly value: Float64Array) {
    if (start.length === 0 || start.length !== value.length || start[0] !== 0) throw new Error("StepRate needs matching, non-empty arrays starting at 0");
    this.area = new Float64Array(start.length);
    for (let i = 1; i < start.length; i++) this.area[i] = this.area[i - 1]! + value[i - 1]! * (start[i]! - start[i - 1]!);
  }

  /** Index of the piece holding t (t >= 0). */
  private piece(t: number): number {
    const s = this.start;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(t: number): number {
    return this.value[this.piece(Math.max(0, t))]!;
  }

  private cumulative(t: number): number {
    const i = this.piece(Math.max(0, t));
    return this.area[i]! + this.value[i]! * (Math.max(0, t) - this.start[i]!);
  }

  integral(t0: number, t1: number): number {
    return this.cumulative(t1) - this.cumulative(t0);
  }

  nextChange(t: number): number {
    const i = this.piece(Math.max(0, t));
    return i + 1 < this.start.length ? this.start[i + 1]! : Infinity;
  }
}

/** A constant rate. */
export class ConstantRate implements Rate {
  constructor(private readonly value: number) {}
  at(): number { return this.value; }
  integral(t0: number, t1: number): number { return this.value * (t1 - t0); }
  nextChange(): number { return Infinity; }
}

/** A smooth rate given by a function: integrated by composite Simpson on pieces of at most `piece` seconds. */
export class FunctionRate implements Rate {
  constructor(private readonly f: (t: number) => number, private readonly piece = 60) {}
  at(t: number): number { return this.f(t); }
  integral(t0: number, t1: number): number {
    if (t1 <= t0) return 0;
    const n = 2 * Math.max(1, Math.ceil((t1 - t0) / this.piece));
    const h = (t1 - t0) / n;
    let sum = this.f(t0) + this.f(t1);
    for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * this.f(t0 + k * h);
    return (sum * h) / 3;
  }
  nextChange(): number { return Infinity; }
}

/**
 * A rate made of smooth pieces, each its own function from its start to the next piece's start (the
 * first from 0, the last forever). Each piece is integrated on its own formula, so a jump where
 * pieces meet is integrated exactly: one FunctionRate over the jump would sample the value after it
 * at the end of the interval before it (right-continuous), and count that interval too high.
 */
export class PiecewiseFunctionRate implements Rate {
  private readonly starts: number[];
  private readonly rates: FunctionRate[];

  constructor(pieces: readonly { from: number; f: (t: number) => number }[], piece = 60) {
    if (pieces.length === 0 || pieces[0]!.from !== 0) throw new Error("PiecewiseFunctionRate needs pieces starting at 0");
    for (let i = 1; i < pieces.length; i++) if (!(pieces[i]!.from > pieces[i - 1]!.from)) throw new Error("PiecewiseFunctionRate's pieces must start in increasing order");
    this.starts = pieces.map((p) => p.from);
    this.rates = pieces.map((p) => new FunctionRate(p.f, piece));
  }

  /** Index of the piece holding t. */
  private pieceOf(t: number): number {
    let i = 0;
    while (i + 1 < this.starts.length && this.starts[i + 1]! <= t) i++;
    return i;
  }

  at(t: number): number {
    return this.rates[this.pieceOf(t)]!.at(t);
  }

  integral(t0: number, t1: number): number {
    let sum = 0;
    for (let i = this.pieceOf(t0); i < this.starts.length && this.starts[i]! < t1; i++) {
      const end = i + 1 < this.starts.length ? this.starts[i + 1]! : Infinity;
      sum += this.rates[i]!.integral(Math.max(t0, this.starts[i]!), Math.min(t1, end));
    }
    return sum;
  }

  nextChange(): number { return Infinity; }
}

/** A rate scaled by a constant factor (the scenario's loadMultiplier). */
export function scaled(rate: Rate, factor: number): Rate {
  if (factor === 1) return rate;
  return {
    at: (t) => factor * rate.at(t),
    integral: (t0, t1) => factor * rate.integral(t0, t1),
    nextChange: (t) => rate.nextChange(t),
  };
}
