// Quality where storage and networks bind (generateStorageBoundProblem): every answer obeys every rule, and
// the engine places at least as many copies as the Nova-like greedy and as the engine whose model sees
// compute only (`joint: false`, the engine before storage and networks went into the model), both computed
// here on the same problems. On the virtual clock (no `clock`), so the answers repeat on any machine.
import { describe, expect, it } from "vitest";
import { place, placeGreedy, verifyPlacement } from "../index";
import { generateStorageBoundProblem } from "../testing/generate";

describe("storage- and network-bound batches", () => {
  it.each([
    { hosts: 60, requests: 240, seed: 1 },
    { hosts: 60, requests: 240, seed: 2 },
  ])("places at least as many as greedy and the compute-only model ($hosts hosts, seed $seed)", async ({ hosts, requests, seed }) => {
    const problem = generateStorageBoundProblem({ hosts, requests, seed });
    const engine = await place(problem);
    const computeOnly = await place(problem, { joint: false });
    const greedy = placeGreedy(problem);
    for (const r of [engine, computeOnly, greedy]) expect(verifyPlacement(problem, r)).toEqual([]);
    expect(engine.placements.length).toBeGreaterThanOrEqual(greedy.placements.length);
    expect(engine.placements.length).toBeGreaterThanOrEqual(computeOnly.placements.length);
    // The case binds: greedy cannot place everything.
    expect(greedy.unplaced.length).toBeGreaterThan(0);
    expect(engine.stats.lowerBound).not.toBeNull();
    expect(engine.stats.lowerBound!).toBeLessThanOrEqual(engine.stats.hostsUsed);
  }, 300_000);
});
