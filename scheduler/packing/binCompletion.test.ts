import { describe, expect, it } from "vitest";
import { binCompletion } from "./binCompletion";
import { seededRng } from "./rng";

function ticks(): () => number {
  let t = 0;
  return () => t++;
}

function valid(sizes: number[], c: number, k: number, out: Int32Array): boolean {
  const load = new Array<number>(k).fill(0);
  for (let i = 0; i < sizes.length; i++) {
    const b = out[i]!;
    if (b < 0 || b >= k) return false;
    load[b]! += sizes[i]!;
  }
  return load.every((l) => l <= c);
}

describe("binCompletion", () => {
  it.each([
    // exactly full triplets, shuffled: 3 bins of 100
    { sizes: [26, 40, 34, 33, 30, 37, 38, 35, 27], c: 100, k: 3, found: true },
    // first-fit decreasing needs 3 bins here, 2 suffice: {6,4} and {5,3,2}
    { sizes: [6, 5, 4, 3, 2], c: 10, k: 2, found: true },
    { sizes: [6, 6, 6], c: 10, k: 2, found: false },
    { sizes: [5, 5, 5, 5, 1], c: 10, k: 2, found: false },
  ])("$sizes into $k bins of $c: $found", ({ sizes, c, k, found }) => {
    const out = binCompletion(sizes, c, k, { deadline: 1e6, clock: ticks(), rng: seededRng(1) });
    expect(out !== null).toBe(found);
    if (out) expect(valid(sizes, c, k, out)).toBe(true);
  });

  it("gives up at the deadline", () => {
    const sizes = Array.from({ length: 60 }, (_, i) => 250 + ((i * 37) % 240));
    expect(binCompletion(sizes, 1000, 1, { deadline: 0, clock: ticks(), rng: seededRng(1) })).toBeNull();
  });
});
