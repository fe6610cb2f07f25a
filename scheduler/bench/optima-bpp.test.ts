// Quality on the one-dimensional benchmarks with known optima (Falkenauer u120 and triplets t120).
// The u120 optimum is computed as ceil(sum / capacity) (the file's `best` is wrong twice); triplets
// fill n/3 bins exactly. Every answer is checked independently of the code that produced it.
import { describe, expect, it } from "vitest";
import { loadT120, loadU120 } from "./instances";
import { coreRun, describeSummary, engineRun, summarise } from "./quality";

/**
 * Time for the packing core per instance (it stops as soon as it reaches the lower bound). Triplets
 * get more: every bin must be exactly full, and the exact search's run time is heavy-tailed.
 */
const CORE_MS = { u120: 1000, t120: 1500 };
/** The engine's time limit per instance: below its model threshold, construction plus packing search. */
const ENGINE_LIMIT_MS = 150;

describe.each([
  { family: "u120" as const, load: loadU120, atLeast: 20 },
  { family: "t120" as const, load: loadT120, atLeast: 15 },
])("$family", ({ family, load, atLeast }) => {
  const instances = load();

  it("has 20 instances whose optimum the loader computed", () => {
    expect(instances).toHaveLength(20);
    for (const x of instances) {
      const sum = x.items.reduce((s, d) => s + d[0]!, 0);
      expect(x.optimum).toBe(family === "u120" ? Math.ceil(sum / x.capacity[0]!) : x.items.length / 3);
    }
  });

  it(`packing core: feasible, never worse than greedy, optimum on at least ${atLeast}/20`, () => {
    const runs = instances.map((x) => coreRun(x, CORE_MS[family]));
    console.info(describeSummary(`${family} packing core (${CORE_MS[family]} ms)`, summarise(runs)));
    for (const r of runs) {
      expect(r.violations).toEqual([]);
      expect(r.bins).toBeGreaterThanOrEqual(r.optimum);
      expect(r.bins).toBeLessThanOrEqual(r.greedyBins);
    }
    expect(summarise(runs).atOptimum).toBeGreaterThanOrEqual(atLeast);
  }, 300_000);

  it("engine (place, objective pack): feasible, every item placed, never more hosts than greedy", async () => {
    const runs = [];
    for (const x of instances) runs.push(await engineRun(x, ENGINE_LIMIT_MS));
    console.info(describeSummary(`${family} engine (limit ${ENGINE_LIMIT_MS} ms)`, summarise(runs)));
    for (const r of runs) {
      expect(r.violations).toEqual([]);
      expect(r.bins).toBeGreaterThanOrEqual(r.optimum);
      expect(r.hostsUsed).toBe(r.bins);
      expect(r.bins).toBeLessThanOrEqual(r.greedyBins);
    }
  }, 300_000);
});
