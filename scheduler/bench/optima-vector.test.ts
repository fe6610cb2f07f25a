// Quality on the vector packing benchmarks (3 and 5 resources, 20 to 120 items; optima from
// vector/optima.tsv): the targets are that THE ENGINE (place(), objective pack) reaches the
// optimum on at least 95% of the instances with a mean ratio to the optimum within 1%. Every answer
// is checked independently of the code that produced it (verifyPlacement plus a per-bin capacity check).
//
// The engine runs with the contract's default time limit on its virtual clock (budgets counted in
// clock readings, not wall time), so the figures are the same on a loaded machine and an idle one:
// the assertion tests the method, never the machine's speed.
import { describe, expect, it } from "vitest";
import { loadVector } from "./instances";
import { describeSummary, engineRun, summarise } from "./quality";
import type { QualityRun } from "./quality";

const AT_OPTIMUM_TARGET = 0.95;
const MEAN_RATIO_TARGET = 1.01;
const CONTRACT_DEFAULT_LIMIT_MS = 10_000;

describe("vector packing", () => {
  const instances = loadVector();

  it("has the 240 instances with their optima", () => {
    expect(instances).toHaveLength(240);
    for (const x of instances) expect(x.optimum).toBeGreaterThan(0);
  });

  // The Panigrahy classes present in the data (names are `classK_...`), one test each.
  const classes = [...new Set(instances.map((x) => x.name.split("_")[0] ?? x.name))].sort();
  const runs: QualityRun[] = [];
  it.each(classes)(
    "engine on %s: feasible, every item placed, never more hosts than greedy",
    async (cls) => {
      const mine = instances.filter((x) => x.name.startsWith(`${cls}_`));
      for (const x of mine) {
        const r = await engineRun(x, CONTRACT_DEFAULT_LIMIT_MS, 1, { clock: "virtual" });
        expect(r.violations, x.name).toEqual([]);
        expect(r.bins, x.name).toBeGreaterThanOrEqual(r.optimum);
        expect(r.hostsUsed, x.name).toBe(r.bins);
        expect(r.bins, x.name).toBeLessThanOrEqual(r.greedyBins);
        runs.push(r);
      }
      expect(mine.length).toBeGreaterThan(0);
      console.info(describeSummary(`vector ${cls} engine`, summarise(runs.slice(-mine.length))));
    },
    600_000,
  );

  it("engine over all 240: optimum on at least 95%, mean ratio within 1%", () => {
    expect(runs).toHaveLength(instances.length);
    const s = summarise(runs);
    console.info(describeSummary("vector engine (virtual clock)", s));
    const missed = runs.filter((r) => r.bins !== r.optimum).map((r) => `${r.name} ${r.bins}/${r.optimum}`);
    console.info(`vector engine above the optimum: ${missed.join(", ") || "none"}`);
    expect(s.atOptimum / s.runs).toBeGreaterThanOrEqual(AT_OPTIMUM_TARGET);
    expect(s.meanRatio).toBeLessThanOrEqual(MEAN_RATIO_TARGET);
  });
});
