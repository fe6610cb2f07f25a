// Quality on the vector packing benchmarks (3 and 5 resources, 20 to 120 items; optima from
// vector/optima.tsv): the targets are the optimum on at least 95% of the instances and a
// mean ratio to the optimum within 1%. Every answer is checked independently of the code that produced it.
import { describe, expect, it } from "vitest";
import { loadVector } from "./instances";
import { coreRun, describeSummary, engineRun, summarise } from "./quality";
import type { QualityRun } from "./quality";

const CORE_MS = 1000;
/**
 * The issue asks for the optimum on 95% of these instances. Measured here (2 cores, loaded), the
 * packing core reaches it on 233-234/240 at 1 s per instance (three runs); the misses are class 1 (uniform items)
 * instances where one resource is all but exhausted at the optimum, one bin above it.
 */
const AT_OPTIMUM_TARGET = 0.95;
const ENGINE_LIMIT_MS = 150;

describe("vector packing", () => {
  const instances = loadVector();

  it("has the 240 instances with their optima", () => {
    expect(instances).toHaveLength(240);
    for (const x of instances) expect(x.optimum).toBeGreaterThan(0);
  });

  const core: QualityRun[] = [];
  it.each(["class1", "class2", "class3"])("packing core on %s: feasible, never worse than greedy", (cls) => {
    const runs = instances.filter((x) => x.name.startsWith(`${cls}_`)).map((x) => coreRun(x, CORE_MS));
    console.info(describeSummary(`vector ${cls} packing core (${CORE_MS} ms)`, summarise(runs)));
    for (const r of runs) {
      expect(r.violations).toEqual([]);
      expect(r.bins).toBeGreaterThanOrEqual(r.optimum);
      expect(r.bins).toBeLessThanOrEqual(r.greedyBins);
    }
    core.push(...runs);
  }, 300_000);

  it("packing core over all 240: optimum on 95%, mean ratio within 1%", () => {
    expect(core).toHaveLength(240);
    const s = summarise(core);
    console.info(describeSummary(`vector packing core (${CORE_MS} ms)`, s));
    const missed = core.filter((r) => r.bins !== r.optimum).map((r) => `${r.name} ${r.bins}/${r.optimum}`);
    console.info(`vector packing core above the optimum: ${missed.join(", ")}`);
    expect(s.atOptimum / s.runs).toBeGreaterThanOrEqual(AT_OPTIMUM_TARGET);
    expect(s.meanRatio).toBeLessThanOrEqual(1.01);
  });

  it("engine (place, objective pack): feasible, every item placed, never more hosts than greedy", async () => {
    const runs = [];
    for (const x of instances) runs.push(await engineRun(x, ENGINE_LIMIT_MS));
    console.info(describeSummary(`vector engine (limit ${ENGINE_LIMIT_MS} ms)`, summarise(runs)));
    for (const r of runs) {
      expect(r.violations).toEqual([]);
      expect(r.bins).toBeGreaterThanOrEqual(r.optimum);
      expect(r.hostsUsed).toBe(r.bins);
      expect(r.bins).toBeLessThanOrEqual(r.greedyBins);
    }
  }, 300_000);
});
