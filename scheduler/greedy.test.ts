import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlacementProblem, Provider } from "./contract";
import { placeGreedy } from "./greedy";
import { place } from "./index";
import { problemArb } from "./testing/problems";
import { verifyPlacement } from "./verify";

const host = (id: string, vcpu: number, used = 0): Provider => ({ id, kind: "host", inventory: { VCPU: { total: vcpu }, MEMORY_MB: { total: vcpu * 1024 } }, ...(used ? { used: { VCPU: used, MEMORY_MB: used * 1024 } } : {}) });

describe("placeGreedy (Nova's filter-and-weigh)", () => {
  it.each([
    ["pack stacks on the fullest host", "pack", ["small", "small", "small"]],
    ["spread goes to the host with the most free", "spread", ["big", "big", "big"]],
  ] as const)("%s", (_name, objective, expected) => {
    const problem: PlacementProblem = {
      providers: [host("big", 32), host("small", 8, 2)],
      requests: [{ id: "vm", count: 3, compute: { resources: { VCPU: 1, MEMORY_MB: 1024 } } }],
      policy: { objective },
    };
    const result = placeGreedy(problem);
    expect(result.placements.map((p) => p.allocations[0]!.provider)).toEqual(expected);
    expect(result.stats.solver).toBe("greedy");
  });

  it("takes requests in arrival order within a priority, so it strands what the engine's decreasing order fits", async () => {
    const problem: PlacementProblem = {
      providers: [host("h1", 4), host("h2", 4)],
      requests: [{ id: "a", count: 2, compute: { resources: { VCPU: 2, MEMORY_MB: 2048 } } }, { id: "b", compute: { resources: { VCPU: 4, MEMORY_MB: 4096 } } }],
      policy: { objective: "spread" },
    };
    const greedy = placeGreedy(problem);
    expect(verifyPlacement(problem, greedy)).toEqual([]);
    expect(greedy.unplaced.map((u) => [u.request, u.code])).toEqual([["b", "NO_CAPACITY"]]);
    const engine = await place(problem);
    expect(verifyPlacement(problem, engine)).toEqual([]);
    expect(engine.unplaced).toEqual([]);
  });

  it("never breaks a rule on random small problems", () => {
    fc.assert(fc.property(problemArb(), (problem) => {
      expect(verifyPlacement(problem, placeGreedy(problem))).toEqual([]);
    }), { numRuns: 200, seed: 3 });
  });
});
