import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { l2Bound, packingLowerBound } from "./lowerBound";
import type { PackingInstance } from "./types";

const plain = (cap: number[], items: number[][]): PackingInstance => ({
  dims: cap.length, bins: items.map(() => ({ capacity: cap, preUsed: false })), items: items.map((d) => ({ demand: d, eligible: null })),
});

describe("l2Bound", () => {
  it.each([
    // three items above half the capacity: three bins, though the sizes sum to less than two bins
    { sizes: [6, 6, 6], c: 10, want: 3 },
    { sizes: [5, 5, 5, 5], c: 10, want: 2 },
    // L1 = 2, but the 7s need a bin each and the 4s fit only beside nothing larger than 6
    { sizes: [7, 7, 4, 4], c: 10, want: 3 },
    { sizes: [], c: 10, want: 0 },
  ])("$sizes in bins of $c: $want", ({ sizes, c, want }) => {
    expect(l2Bound(sizes, c)).toBe(want);
  });
});

describe("packingLowerBound", () => {
  it.each([
    { name: "the largest dim decides", inst: plain([10, 10], [[2, 5], [2, 5], [2, 5]]), want: 2 },
    { name: "items pairwise too big in one dim need a bin each", inst: plain([10, 10], [[2, 6], [2, 6], [2, 6]]), want: 3 },
    { name: "pre-used bins count and absorb first", inst: { dims: 1, bins: [{ capacity: [10], preUsed: true }, { capacity: [10], preUsed: false }, { capacity: [4], preUsed: false }], items: [{ demand: [6], eligible: null }, { demand: [6], eligible: null }] } satisfies PackingInstance, want: 2 },
    { name: "a conflict group needs a bin per member", inst: { ...plain([10], [[1], [1], [1]]), conflicts: [[0, 1, 2]] }, want: 3 },
    { name: "pairwise too big in some dim", inst: plain([10, 10], [[6, 1], [1, 6], [6, 1]]), want: 2 },
    { name: "only placed items count", inst: plain([10], [[6], [6], [6]]), placed: [0, -1, -1], want: 1 },
  ])("$name", ({ inst, placed, want }) => {
    expect(packingLowerBound(inst, placed ? { placed: Int32Array.from(placed) } : {})).toBe(want);
  });

  it("never exceeds the optimum (brute force on tiny instances)", () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 5, max: 12 }), { minLength: 2, maxLength: 2 }),
      fc.array(fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 7 }),
      (cap, items) => {
        fc.pre(items.every((d) => d[0]! <= cap[0]! && d[1]! <= cap[1]!));
        expect(packingLowerBound(plain(cap, items))).toBeLessThanOrEqual(optimum(cap, items));
      }), { numRuns: 200, seed: 3 });
  });
});

function optimum(cap: number[], items: number[][]): number {
  let best = items.length;
  const loads: number[][] = [];
  const go = (i: number) => {
    if (loads.length >= best) return;
    if (i === items.length) { best = loads.length; return; }
    for (const l of loads) {
      if (l.every((x, d) => x + items[i]![d]! <= cap[d]!)) {
        l.forEach((_, d) => (l[d]! += items[i]![d]!));
        go(i + 1);
        l.forEach((_, d) => (l[d]! -= items[i]![d]!));
      }
    }
    loads.push([...items[i]!]);
    go(i + 1);
    loads.pop();
  };
  go(0);
  return best;
}
