/**
 * A small, fast, seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018), with its
 * 128-bit state filled from the seed by splitmix32 so that nearby seeds give unrelated streams.
 * Every draw in the simulator comes from an Rng passed in, never from the global generator.
 */
export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** A uniform number in [0, 1). */
  next(): number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

class Xoshiro128StarStar implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number) {
    const mix = { s: (Math.trunc(seed) ^ Math.imul(stream + 1, 0x27d4eb2f)) | 0 };
    // Fold the high bits of large seeds in too, so seeds differing above 2^32 differ.
    mix.s = (mix.s + Math.trunc(seed / 4294967296)) | 0;
    this.a = splitmix32(mix);
    this.b = splitmix32(mix);
    this.c = splitmix32(mix);
    this.d = splitmix32(mix);
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1; // the all-zero state is a fixed point
  }

  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  next(): number {
    return this.nextU32() / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A generator for `seed`. Different `stream` numbers give independent streams from one seed, so
 * each model (churn, boots, failures...) draws from its own stream and adding one model does not
 * shift the draws of another.
 */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  return new Xoshiro128StarStar(seed, stream);
}
