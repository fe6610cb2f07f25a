import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlacementProblem, PlacementResult } from "./contract";
import { PlacementResultSchema } from "./contract";
import { place, placeGreedy, weights } from "./index";
import { generateProblem } from "./testing/generate";
import { problemArb } from "./testing/problems";
import { expectedIds, verifyPlacement } from "./verify";

/** A clock that advances 1 ms per reading: budgets run out deterministically. */
function fakeClock(step = 1): () => number {
  let t = 0;
  return () => (t += step);
}

const withoutTime = (r: PlacementResult) => ({ ...r, stats: { ...r.stats, elapsedMs: 0 } });

describe("place", () => {
  it.each(["auto", "glpk", "highs", "greedy"] as const)("never breaks a rule on random small problems (solver %s)", async (solver) => {
    await fc.assert(fc.asyncProperty(problemArb(), fc.constantFrom(1, 50, 5000), async (problem, limit) => {
      const result = await place(problem, { solver, timeLimitMs: limit, clock: fakeClock() });
      expect(PlacementResultSchema.safeParse(result).success).toBe(true);
      expect(verifyPlacement(problem, result)).toEqual([]);
      const ids = problem.requests.flatMap(expectedIds);
      expect(result.placements.length + result.unplaced.length).toBe(ids.length);
      if (result.stats.lowerBound !== null && result.stats.objective === "pack") expect(result.stats.lowerBound).toBeLessThanOrEqual(result.stats.hostsUsed);
      // A proven bound never exceeds the value it bounds: the gap is never negative.
      if (result.stats.gap !== null) expect(result.stats.gap).toBeGreaterThanOrEqual(-1e-12);
    }), { numRuns: solver === "auto" ? 150 : 60, seed: 11 });
  });

  it("gives the same answer for the same input and seed", async () => {
    await fc.assert(fc.asyncProperty(problemArb(), fc.integer({ min: 1, max: 5 }), async (problem, seed) => {
      const a = await place(problem, { seed, clock: fakeClock() });
      const b = await place(structuredClone(problem), { seed, clock: fakeClock() });
      expect(withoutTime(a)).toEqual(withoutTime(b));
    }), { numRuns: 40, seed: 5 });
  });

  it("without a clock, budgets run on a virtual clock: the search ends and the answer repeats", async () => {
    const problem = generateProblem({ hosts: 30, requests: 120, seed: 4 });
    const a = await place(problem);
    const b = await place(problem);
    expect(verifyPlacement(problem, a)).toEqual([]);
    expect(a).toEqual(b);
    expect(a.stats.elapsedMs).toBe(0);
  });

  it("places a few hundred mixed requests on a fragmented cluster by every rule, with no more hosts than greedy", async () => {
    const problem = generateProblem({ hosts: 80, requests: 400, seed: 3 });
    const engine = await place(problem, { clock: fakeClock(0.01) });
    const greedy = placeGreedy(problem);
    expect(verifyPlacement(problem, engine)).toEqual([]);
    expect(verifyPlacement(problem, greedy)).toEqual([]);
    expect(engine.placements.length).toBeGreaterThanOrEqual(greedy.placements.length);
    expect(engine.stats.hostsUsed).toBeLessThanOrEqual(greedy.stats.hostsUsed);
    expect(engine.stats.lowerBound).not.toBeNull();
    expect(engine.stats.lowerBound!).toBeLessThanOrEqual(engine.stats.hostsUsed);
  });

  it.each(["pack", "spread", "balance"] as const)("honours the %s objective's direction", async (objective) => {
    const problem: PlacementProblem = {
      providers: [0, 1, 2, 3].map((i) => ({ id: `h${i}`, kind: "host" as const, inventory: { VCPU: { total: 8 }, MEMORY_MB: { total: 8192 } } })),
      requests: [{ id: "vm", count: 4, compute: { resources: { VCPU: 2, MEMORY_MB: 2048 } } }],
      policy: { objective },
    };
    const result = await place(problem, { clock: fakeClock() });
    expect(verifyPlacement(problem, result)).toEqual([]);
    expect(result.stats.hostsUsed).toBe(objective === "pack" ? 1 : 4);
  });

  it("takes its weights as data: a table that prefers empty hosts makes the construction spread", async () => {
    const problem: PlacementProblem = {
      providers: [0, 1, 2].map((i) => ({ id: `h${i}`, kind: "host" as const, inventory: { VCPU: { total: 8 } } })),
      requests: [{ id: "vm", count: 3, compute: { resources: { VCPU: 1 } } }],
    };
    const inverted = { ...weights, pack: { "least-allocated": 1 } };
    // A limit under the models' minimum takes plain construction, and the time runs out as soon as it is done
    // (a clock that stands still, then jumps past the limit when the model stage reports): no time for the
    // packing search, which consolidates whatever the weights say.
    const run = async (w?: typeof weights) => {
      let t = 0;
      return place(problem, { clock: () => t, timeLimitMs: 100, weights: w, onProgress: (m) => { if (m.startsWith("levels: model:")) t = 1e6; } });
    };
    const packed = await run();
    const spread = await run(inverted);
    expect(packed.stats.hostsUsed).toBe(1);
    expect(spread.stats.hostsUsed).toBe(3);
  });

  it("places higher priority first when capacity is short, and says why the rest is out", async () => {
    const problem: PlacementProblem = {
      providers: [{ id: "h1", kind: "host", inventory: { VCPU: { total: 4 } } }],
      requests: [{ id: "low", count: 2, compute: { resources: { VCPU: 2 } } }, { id: "high", compute: { resources: { VCPU: 4 } }, priority: 3 }],
    };
    for (const solver of ["auto", "greedy"] as const) {
      const result = await place(problem, { solver, clock: fakeClock() });
      expect(result.placements.map((p) => p.request)).toEqual(["high"]);
      expect(result.unplaced.map((u) => u.code)).toEqual(["NO_CAPACITY", "NO_CAPACITY"]);
      expect(result.unplaced[0]!.reason).toContain("h1");
    }
  });

  it("finds an affinity group a host that holds all of it, past the fuller hosts packing prefers", async () => {
    const providers = Array.from({ length: 40 }, (_, i) => ({ id: `used${i}`, kind: "host" as const, inventory: { VCPU: { total: 8 } }, used: { VCPU: 5 } }));
    const problem: PlacementProblem = {
      providers: [...providers, { id: "empty", kind: "host", inventory: { VCPU: { total: 8 } } }],
      requests: [{ id: "pair", count: 2, compute: { resources: { VCPU: 3 } }, serverGroup: "aff" }],
      serverGroups: [{ id: "aff", policy: "affinity" }],
    };
    const result = await place(problem, { clock: fakeClock() });
    expect(verifyPlacement(problem, result)).toEqual([]);
    expect(result.placements.map((p) => p.allocations[0]!.provider)).toEqual(["empty", "empty"]);
  });

  it("says when a server group narrowed the hosts before capacity ran out", async () => {
    const problem: PlacementProblem = {
      providers: [{ id: "h1", kind: "host", inventory: { VCPU: { total: 4 } } }, { id: "h2", kind: "host", inventory: { VCPU: { total: 4 } } }],
      requests: [{ id: "a", count: 3, compute: { resources: { VCPU: 2 } }, serverGroup: "g" }],
      serverGroups: [{ id: "g", policy: "affinity" }],
    };
    const result = await place(problem, { clock: fakeClock() });
    expect(result.unplaced).toEqual([{ request: "a#2", code: "NO_CAPACITY", reason: expect.stringContaining("server group 'g' (affinity) ruled out 1 other host") }]);
  });

  it("keeps affinity members together and places none of a request's groups alone", async () => {
    const problem: PlacementProblem = {
      providers: [
        { id: "h1", kind: "host", inventory: { VCPU: { total: 8 } }, aggregates: ["a"] },
        { id: "h2", kind: "host", inventory: { VCPU: { total: 8 } }, aggregates: ["b"] },
        { id: "s1", kind: "storage", inventory: { VOLUME_GB: { total: 30 } }, aggregates: ["a"] },
      ],
      requests: [{ id: "pair", count: 3, compute: { resources: { VCPU: 2 } }, serverGroup: "aff" },
        { id: "vol", count: 2, compute: { resources: { VCPU: 1 } }, storage: [{ resources: { VOLUME_GB: 20 } }] }],
      serverGroups: [{ id: "aff", policy: "affinity" }],
    };
    const result = await place(problem, { clock: fakeClock() });
    expect(verifyPlacement(problem, result)).toEqual([]);
    expect(new Set(result.placements.filter((p) => p.request.startsWith("pair")).map((p) => p.allocations[0]!.provider)).size).toBe(1);
    expect(result.unplaced).toEqual([{ request: "vol#1", code: "NO_CAPACITY", reason: expect.stringContaining("storage") }]);
  });

  it("proves optimality where the zone decides: the LP bound sees eligibility that a volume bound cannot", async () => {
    const host = (id: string, zone: string, vcpu: number) => ({ id, kind: "host" as const, zone, inventory: { VCPU: { total: vcpu } } });
    const problem: PlacementProblem = {
      providers: [host("a1", "a", 4), host("a2", "a", 4), host("a3", "a", 4), host("b1", "b", 16)],
      requests: [{ id: "vm", count: 4, zone: "a", compute: { resources: { VCPU: 2 } } }],
    };
    const result = await place(problem, { clock: fakeClock() });
    expect(verifyPlacement(problem, result)).toEqual([]);
    expect(result.stats.hostsUsed).toBe(2);
    expect(result.stats.lowerBound).toBe(2);
    expect(result.stats.gap).toBe(0);
  });
});
