// Quality on the one-dimensional benchmarks with known optima (Falkenauer u120 and triplets t120),
// through the engine itself: place() with objective pack, as the CLI and the server call it. The u120
// optimum is computed as ceil(sum / capacity) (the file's `best` is wrong twice); triplets fill n/3
// bins exactly. Every answer is checked independently of the code that produced it (verifyPlacement,
// then every item exactly once and every bin within capacity).
import { describe, expect, it } from "vitest";
import { loadT120, loadU120 } from "./instances";
import { describeSummary, engineRun, summarise } from "./quality";

/**
 * The contract's default time limit (policy.timeLimitMs). The engine runs without a clock here, so its
 * budgets count clock readings (a virtual clock): the answers do not depend on the machine's speed or
 * load, and the assertions below cannot turn flaky. The packing search stops as soon as it meets the
 * proven lower bound; the limit is a ceiling it does not reach.
 */
const LIMIT_MS = 10_000;

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

  it(`engine (place, objective pack): feasible, every item placed, never more hosts than greedy, optimum on at least ${atLeast}/20`, async () => {
    const runs = [];
    for (const x of instances) runs.push(await engineRun(x, LIMIT_MS, 1, { clock: "virtual" }));
    const s = summarise(runs);
    console.info(describeSummary(`${family} engine (limit ${LIMIT_MS} ms, virtual clock)`, s));
    const missed = runs.filter((r) => r.bins !== r.optimum).map((r) => `${r.name} ${r.bins}/${r.optimum}`);
    if (missed.length > 0) console.info(`${family} engine above the optimum: ${missed.join(", ")}`);
    for (const r of runs) {
      expect(r.violations).toEqual([]);
      expect(r.bins).toBeGreaterThanOrEqual(r.optimum);
      expect(r.hostsUsed).toBe(r.bins);
      expect(r.bins).toBeLessThanOrEqual(r.greedyBins);
    }
    expect(s.atOptimum).toBeGreaterThanOrEqual(atLeast);
  }, 300_000);
});
