/** Seeded generator (mulberry32): uniform in [0, 1). The cores take randomness only from here. */
export function seededRandom(seed: number): () => number {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tiny per-host tie-breakers: equal scores are ordered at random, but reproducibly for a seed. */
export function tieBreakers(n: number, seed: number, scale = 1e-6): Float64Array {
  const rng = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng() * scale;
  return out;
}
