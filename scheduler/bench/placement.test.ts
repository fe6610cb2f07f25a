import { describe, expect, it } from "vitest";
import { place, placeGreedy, verifyPlacement } from "../index";
import type { BenchInstance } from "./instances";
import { families, formatPlacementBench } from "./placement";
import type { PlacementBench } from "./placement";
import { arrivalOrderProblem, instanceProblem } from "./problems";

describe("placement bench", () => {
  // On the virtual clock: the answer repeats on any machine; the wall-clock comparison is the benchmark's (`headroom bench placement`).
  it("the arrival-order case: the engine needs at least 5% fewer new hosts than greedy, both valid", async () => {
    const problem = arrivalOrderProblem();
    const engine = await place(problem, { seed: 1 });
    const greedy = placeGreedy(problem, { seed: 1 });
    expect(verifyPlacement(problem, engine)).toEqual([]);
    expect(verifyPlacement(problem, greedy)).toEqual([]);
    expect(engine.placements).toHaveLength(600);
    expect(greedy.placements).toHaveLength(600);
    expect(engine.stats.newHostsUsed).toBeLessThanOrEqual(0.95 * greedy.stats.newHostsUsed);
  }, 120_000);

  it("turns a benchmark instance into a problem: one host per item, demand per dim", () => {
    const x: BenchInstance = { family: "vector", name: "v", capacity: [10, 20, 30], items: [[1, 2, 3], [4, 5, 6]], optimum: 1 };
    const p = instanceProblem(x, 150);
    expect(p.providers).toHaveLength(2);
    expect(p.providers[0]!.inventory).toEqual({ VCPU: { total: 10 }, MEMORY_MB: { total: 20 }, DISK_GB: { total: 30 } });
    expect(p.requests[1]!.compute.resources).toEqual({ VCPU: 4, MEMORY_MB: 5, DISK_GB: 6 });
    expect(p.policy).toEqual({ objective: "pack", timeLimitMs: 150 });
  });

  it.each([
    { name: "u120_00", family: "u120" as const, want: "falkenauer u120" },
    { name: "class2_60_5_3", family: "vector" as const, want: "vector class2 d=5" },
  ])("groups $name into '$want'", ({ name, family, want }) => {
    const x: BenchInstance = { family, name, capacity: [1], items: [], optimum: 0 };
    expect(families([x]).map(([k]) => k)).toEqual([want]);
  });

  it("prints one row per case with engine/greedy ratios", () => {
    const bench: PlacementBench = { cases: [{
      name: "c", hosts: 10, requests: 20,
      engine: { solver: "s", ms: 5, hostsUsed: 8, newHostsUsed: 3, placed: 20, lowerBound: 7 },
      greedy: { ms: 1, hostsUsed: 10, newHostsUsed: 5, placed: 19 },
      online: { requests: 20, p50Ms: 0.1, p99Ms: 0.5 },
    }] };
    const lines = formatPlacementBench(bench).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain("0.600");
    expect(lines[2]).toContain("0.800");
    expect(lines[2]).toContain("20/19");
    expect(lines[2]).toContain("p99 0.5 ms");
  });
});
