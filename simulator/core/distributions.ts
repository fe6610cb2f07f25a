import type { Rng } from "./rng";

/** The distributions a scenario can name (contract: Scenario `Distribution`). */
export type Distribution =
  | { kind: "fixed"; value: number }
  | { kind: "exponential"; mean: number }
  | { kind: "lognormal"; mean: number; sd: number }
  | { kind: "uniform"; min: number; max: number };

/** A compiled sampler: one draw per call, from the generator given. */
export type Sampler = (rng: Rng) => number;

/** -mean * ln(U) with U in (0, 1]: never returns Infinity. */
export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng.next());
}

/** A standard normal draw (Box-Muller, no cached spare, so the stream position is simple to reason about). */
export function standardNormal(rng: Rng): number {
  const u = 1 - rng.next(); // (0, 1]
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Lognormal parameters from the mean and standard deviation of the variable itself (what a
 * planner knows: "boots take 90 s on average, sd 30 s"), not of its logarithm.
 */
export function lognormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** The mean of a distribution (used by models and tests). */
export function meanOf(dist: Distribution): number {
  switch (dist.kind) {
    case "fixed": return dist.value;
    case "exponential": return dist.mean;
    case "lognormal": return dist.mean;
    case "uniform": return (dist.min + dist.max) / 2;
  }
}

/** Compiles a distribution once; throws on parameters no distribution has (validation should catch them first). */
export function sampler(dist: Distribution): Sampler {
  switch (dist.kind) {
    case "fixed": {
      const value = dist.value;
      if (!(value >= 0)) throw new RangeError(`fixed value must be >= 0, got ${value}`);
      return () => value;
    }
    case "exponential": {
      const mean = dist.mean;
      if (!(mean > 0)) throw new RangeError(`exponential mean must be > 0, got ${mean}`);
      return (rng) => exponential(rng, mean);
    }
    case "lognormal": {
      if (!(dist.mean > 0) || !(dist.sd >= 0)) throw new RangeError(`lognormal needs mean > 0 and sd >= 0`);
      const { mu, sigma } = lognormalParams(dist.mean, dist.sd);
      return (rng) => Math.exp(mu + sigma * standardNormal(rng));
    }
    case "uniform": {
      const { min, max } = dist;
      if (!(min >= 0) || !(max >= min)) throw new RangeError(`uniform needs 0 <= min <= max`);
      return (rng) => min + (max - min) * rng.next();
    }
  }
}
