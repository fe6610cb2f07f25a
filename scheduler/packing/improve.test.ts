import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binsUsed, packingViolations } from "./check";
import { improvePacking } from "./improve";
import { packingLowerBound } from "./lowerBound";
import { seededRng } from "./rng";
import type { PackingInstance } from "./types";

/** A deterministic clock: one tick per reading, so budgets are counted in readings, not wall time. */
function ticks(): () => number {
  let t = 0;
  return () => t++;
}

/** Random instances with everything the engine hands over: heterogeneous residual capacities, pre-used bins, eligibility, conflicts. */
const instanceArb: fc.Arbitrary<{ inst: PackingInstance; initial: Int32Array }> = fc.record({
  dims: fc.integer({ min: 1, max: 3 }),
  bins: fc.array(fc.record({ caps: fc.array(fc.integer({ min: 4, max: 20 }), { minLength: 3, maxLength: 3 }), preUsed: fc.boolean() }), { minLength: 1, maxLength: 8 }),
  items: fc.array(fc.record({ dem: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 }), elig: fc.option(fc.uniqueArray(fc.nat(7), { maxLength: 6 })), skip: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 14 }),
  groups: fc.array(fc.uniqueArray(fc.nat(13), { minLength: 2, maxLength: 4 }), { maxLength: 3 }),
}).map(({ dims, bins, items, groups }) => {
  const B = bins.length;
  const inst: PackingInstance = {
    dims,
    bins: bins.map((b) => ({ capacity: Float64Array.from(b.caps.slice(0, dims)), preUsed: b.preUsed })),
    items: items.map((it) => ({ demand: it.dem.slice(0, dims), eligible: it.elig === null ? null : Int32Array.from(it.elig.filter((b) => b < B)) })),
    conflicts: groups.map((g) => g.filter((i) => i < items.length)).filter((g) => g.length > 1),
  };
  // A feasible initial packing: first fit in a random bin order, some items left unplaced on purpose.
  const initial = new Int32Array(items.length).fill(-1);
  items.forEach((it, i) => {
    if (it.skip === 0) return;
    for (let k = 0; k < B; k++) {
      const b = (k + i * 7) % B;
      initial[i] = b;
      if (packingViolations(inst, initial).length === 0) return;
      initial[i] = -1;
    }
  });
  return { inst, initial };
});

describe("improvePacking", () => {
  it("keeps every rule, keeps the placed set, never uses more bins, and is deterministic for a seed", () => {
    fc.assert(fc.property(instanceArb, fc.integer({ min: 1, max: 1000 }), ({ inst, initial }, seed) => {
      const run = () => improvePacking(inst, Int32Array.from(initial), { deadline: 3000, clock: ticks(), rng: seededRng(seed) });
      const out = run();
      expect(packingViolations(inst, out)).toEqual([]);
      out.forEach((b, i) => expect(b >= 0).toBe(initial[i]! >= 0));
      expect(binsUsed(inst, out)).toBeLessThanOrEqual(binsUsed(inst, initial));
      expect(binsUsed(inst, out)).toBeGreaterThanOrEqual(packingLowerBound(inst, { placed: initial }));
      expect(Array.from(run())).toEqual(Array.from(out));
    }), { numRuns: 300, seed: 4 });
  });

  it("reaches the optimum found by brute force on tiny plain instances", () => {
    const tiny = fc.record({
      cap: fc.array(fc.integer({ min: 6, max: 12 }), { minLength: 2, maxLength: 2 }),
      items: fc.array(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 7 }),
    });
    fc.assert(fc.property(tiny, ({ cap, items }) => {
      const n = items.length;
      const inst: PackingInstance = { dims: 2, bins: items.map(() => ({ capacity: cap, preUsed: false })), items: items.map((d) => ({ demand: d, eligible: null })) };
      fc.pre(items.every((d) => d[0]! <= cap[0]! && d[1]! <= cap[1]!));
      const out = improvePacking(inst, Int32Array.from(items.map((_, i) => i)), { deadline: 20000, clock: ticks(), rng: seededRng(1) });
      expect(packingViolations(inst, out)).toEqual([]);
      expect(binsUsed(inst, out)).toBe(bruteForceBins(cap, items));
      expect(n).toBeGreaterThan(0);
    }), { numRuns: 150, seed: 9 });
  });

  it.each([
    { name: "merges two half-full bins", caps: [10, 10], items: [[5], [5]], initial: [0, 1], bins: 1 },
    { name: "moves items onto a pre-used bin", caps: [10, 10], preUsed: [true, false], items: [[4], [4]], initial: [1, 1], bins: 1 },
    { name: "respects eligibility", caps: [10, 10], items: [[3], [3]], eligible: [[0], [1]], initial: [0, 1], bins: 2 },
    { name: "respects conflicts", caps: [10, 10], items: [[3], [3]], conflicts: [[0, 1]], initial: [0, 1], bins: 2 },
    { name: "leaves an unplaced item unplaced", caps: [10, 10], items: [[3], [3]], initial: [0, -1], bins: 1 },
  ])("$name", ({ caps, preUsed, items, eligible, conflicts, initial, bins }) => {
    const inst: PackingInstance = {
      dims: 1,
      bins: caps.map((c, k) => ({ capacity: [c], preUsed: preUsed?.[k] ?? false })),
      items: items.map((d, i) => ({ demand: d, eligible: eligible ? Int32Array.from(eligible[i]!) : null })),
      conflicts,
    };
    const out = improvePacking(inst, Int32Array.from(initial), { deadline: 1000, clock: ticks(), rng: seededRng(1) });
    expect(packingViolations(inst, out)).toEqual([]);
    expect(binsUsed(inst, out)).toBe(bins);
    out.forEach((b, i) => expect(b >= 0).toBe(initial[i]! >= 0));
  });
});

/** fewest identical bins holding all items, by exhaustive search over canonical assignments */
function bruteForceBins(cap: number[], items: number[][]): number {
  let best = items.length;
  const loads: number[][] = [];
  const go = (i: number) => {
    if (loads.length >= best) return;
    if (i === items.length) { best = loads.length; return; }
    const it = items[i]!;
    for (const l of loads) {
      if (l.every((x, d) => x + it[d]! <= cap[d]!)) {
        l.forEach((_, d) => (l[d]! += it[d]!));
        go(i + 1);
        l.forEach((_, d) => (l[d]! -= it[d]!));
      }
    }
    loads.push([...it]);
    go(i + 1);
    loads.pop();
  };
  go(0);
  return best;
}

describe("stall rule", () => {
  it("an engine batch (pre-used bins) whose target is out of reach ends long before the deadline, with its best packing", () => {
    // Items of 6 in bins of 10: one per bin, so 8 items need 8 bins; a target of 1 can never be met.
    const inst: PackingInstance = {
      dims: 1,
      bins: Array.from({ length: 10 }, (_, b) => ({ capacity: [10], preUsed: b === 0 })),
      items: Array.from({ length: 8 }, () => ({ demand: [6], eligible: null })),
    };
    const initial = Int32Array.from({ length: 8 }, (_, i) => i + 1);
    let t = 0;
    const clock = () => t++;
    const deadline = 1_000_000;
    const out = improvePacking(inst, initial, { deadline, clock, rng: seededRng(3), target: 1 });
    expect(packingViolations(inst, out)).toEqual([]);
    expect(binsUsed(inst, out)).toBe(8);
    // Stopped by the stall rule: nothing gained, so about STALL_MIN_MS readings after the search began.
    expect(t).toBeLessThan(deadline / 100);
  });
});
