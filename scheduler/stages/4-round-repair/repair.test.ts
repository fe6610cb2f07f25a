import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { place, verifyPlacement } from "../../index";
import { generateProblem, withPinnedRequests } from "../../testing/generate";
import { plantedProblemArb } from "../../testing/planted";

// The plant uses at most 85% of every host's and pool's free room: tight enough that the order matters (the
// engine without narrow-first and repair left requests out on 8 of 400 such problems), loose enough that
// no exact search is needed (with the plant filling hosts exactly, the problem is bin packing).
describe("most constrained first", () => {
  it("places every request of a problem that has a placement of all of them (planted in 85% of the free room)", async () => {
    await fc.assert(fc.asyncProperty(plantedProblemArb({ share: 0.85 }), async (problem) => {
      const result = await place(problem, { timeLimitMs: 2000 });
      expect(verifyPlacement(problem, result)).toEqual([]);
      expect(result.unplaced).toEqual([]);
    }), { numRuns: 300, seed: 13 });
  }, 120_000);

  it("400 hosts, a mixed batch and 16 requests pinned to hosts others of the batch fill first: all 16 placed", async () => {
    const problem = withPinnedRequests(generateProblem({ hosts: 400, requests: 2000, seed: 7 }), 16);
    const pinned = problem.requests.filter((r) => r.pinnedHost !== undefined).map((r) => r.id);
    expect(pinned).toHaveLength(16);
    const result = await place(problem);
    expect(verifyPlacement(problem, result)).toEqual([]);
    const placed = new Set(result.placements.map((p) => p.request));
    expect(pinned.filter((id) => !placed.has(id))).toEqual([]);
    for (const r of problem.requests.filter((x) => x.pinnedHost !== undefined)) {
      expect(result.placements.find((p) => p.request === r.id)!.allocations[0]!.provider).toBe(r.pinnedHost);
    }
  }, 120_000);
});
