import { describe, expect, it } from "vitest";
import { seededRng } from "./rng";
import { vectorCompletion } from "./vectorCompletion";

function ticks(): () => number {
  let t = 0;
  return () => t++;
}

describe("vectorCompletion", () => {
  it.each([
    // complementary pairs fill two bins exactly in both dims
    { dem: [[7, 3], [3, 7], [6, 4], [4, 6]], cap: [10, 10], k: 2, found: true },
    // first fit by size would pair the two 6s badly; two bins suffice: {6/2, 4/8} and {6/8, 4/2}
    { dem: [[6, 2], [6, 8], [4, 8], [4, 2]], cap: [10, 10], k: 2, found: true },
    { dem: [[6, 1], [6, 1], [6, 1]], cap: [10, 10], k: 2, found: false },
    { dem: [[5, 5], [5, 5], [5, 6]], cap: [10, 10], k: 1, found: false },
  ])("$dem into $k bins of $cap: $found", ({ dem, cap, k, found }) => {
    const out = vectorCompletion(dem, cap, k, { deadline: 1e6, clock: ticks(), rng: seededRng(1) });
    expect(out !== null).toBe(found);
    if (!out) return;
    const load = Array.from({ length: k }, () => cap.map(() => 0));
    dem.forEach((x, i) => {
      const b = out[i]!;
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(k);
      x.forEach((v, d) => (load[b]![d]! += v));
    });
    for (const l of load) l.forEach((v, d) => expect(v).toBeLessThanOrEqual(cap[d]!));
  });
});
