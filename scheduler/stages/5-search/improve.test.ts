// The pack objective's hand-over to the packing core: which copies move, which rules become conflicts
// (hard host anti-affinity only: a soft group is a preference), and when eligibility is left out (every host).
import { describe, expect, it } from "vitest";
import { compileBatch, emptyAssignment } from "../1-compile/batch";
import { constructClasses } from "../4-round-repair/construct";
import type { PlacementProblem } from "../../contract";
import { packingInstance } from "./improve";
import { place } from "../../index";
import { makeScorer } from "../../scoring/registry";
import { PlacementState } from "../1-compile/state";
import { verifyPlacement } from "../../verify";

function problem(policy: "anti-affinity" | "soft-anti-affinity" | null, copies: number, pinned = false): PlacementProblem {
  return {
    providers: Array.from({ length: 4 }, (_, h) => ({ id: `h${h}`, kind: "host" as const, zone: h === 3 ? "az2" : "az1", inventory: { VCPU: { total: 4 } } })),
    requests: [{ id: "vm", count: copies, compute: { resources: { VCPU: 1 } }, ...(policy ? { serverGroup: "g" } : {}), ...(pinned ? { zone: "az1" } : {}) }],
    serverGroups: policy ? [{ id: "g", policy }] : [],
    policy: { objective: "pack" },
  };
}

/** Copies spread one per host (least-allocated construction), then handed over. */
function handOver(p: PlacementProblem) {
  const batch = compileBatch(p);
  const ctx = { cluster: batch.cluster, state: new PlacementState(batch.cluster, batch.serverGroups) };
  const assignment = emptyAssignment(batch);
  constructClasses(ctx, batch.classes, assignment, makeScorer("spread"), new Float64Array(batch.cluster.ids.length));
  return packingInstance(ctx, batch, assignment, batch.classes);
}

describe("packingInstance", () => {
  it.each([
    { policy: null, conflicts: [] },
    { policy: "soft-anti-affinity" as const, conflicts: [] },
    { policy: "anti-affinity" as const, conflicts: [[0, 1, 2]] },
  ])("$policy: conflicts $conflicts", ({ policy, conflicts }) => {
    const { inst, items } = handOver(problem(policy, 3));
    expect(items).toHaveLength(3);
    expect(inst.conflicts).toEqual(conflicts);
  });

  it.each([
    { zone: false, eligible: null },
    { zone: true, eligible: 3 },
  ])("eligibility left out only when every host is eligible (zone-limited: $zone)", ({ zone, eligible }) => {
    const { inst } = handOver(problem(null, 2, zone));
    for (const it of inst.items) expect(it.eligible === null ? null : it.eligible.length).toBe(eligible);
  });
});

describe("place, objective pack, with server groups", () => {
  it.each([
    { policy: "soft-anti-affinity" as const, hosts: 1 },
    { policy: "anti-affinity" as const, hosts: 3 },
    { policy: null, hosts: 1 },
  ])("$policy: 3 small copies use $hosts host(s)", async ({ policy, hosts }) => {
    const p = problem(policy, 3);
    const r = await place(p);
    expect(verifyPlacement(p, r)).toEqual([]);
    expect(r.placements).toHaveLength(3);
    expect(r.stats.hostsUsed).toBe(hosts);
  });
});
