// One why-not loop for both paths: a request alone, refused by the batch engine and by the online placer,
// gets the same code and sentence from both (the paths differ only in the sentence for room that passes
// every filter but is not there together, each its own constant).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createOnlinePlacer, place } from "../../index";
import { problemArb } from "../../testing/problems";
import { NO_ROOM_TOGETHER, NOT_PLACED } from "./eligibility";

describe("why not placed", () => {
  it("is the same status on the batch and the online path for a request alone (random problems)", async () => {
    let compared = 0;
    await fc.assert(fc.asyncProperty(problemArb(), async (problem) => {
      for (const r of problem.requests) {
        const alone = { ...problem, requests: [{ ...r, id: r.id, count: 1 }] };
        const batch = await place(alone);
        const online = createOnlinePlacer({ providers: problem.providers, serverGroups: problem.serverGroups, objective: problem.policy?.objective }).place(alone.requests[0]!);
        expect(online.ok).toBe(batch.unplaced.length === 0);
        if (online.ok) continue;
        const b = batch.unplaced[0]!;
        if (b.code === NOT_PLACED.code) expect(online).toEqual({ ok: false, ...NO_ROOM_TOGETHER });
        else expect({ code: online.code, reason: online.reason }).toEqual({ code: b.code, reason: b.reason });
        compared++;
      }
    }), { numRuns: 60, seed: 21 });
    expect(compared).toBeGreaterThan(10);
  });
});
