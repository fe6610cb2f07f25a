// Greedy construction: best fit decreasing over classes for pack, guides (the model's rounding) first.
// Expected answers are worked out from the problem by hand in each comment, never read back from the code.
import { describe, expect, it } from "vitest";
import { compileBatch, emptyAssignment } from "../1-compile/batch";
import { constructClasses } from "./construct";
import type { Guide } from "./construct";
import type { PlacementProblem } from "../../contract";
import { makeScorer } from "../../scoring/registry";
import { PlacementState } from "../1-compile/state";

function setup(p: PlacementProblem, objective: "pack" | "spread" = "pack") {
  const batch = compileBatch(p);
  const ctx = { cluster: batch.cluster, state: new PlacementState(batch.cluster, batch.serverGroups) };
  const assignment = emptyAssignment(batch);
  const hostOf = (ci: number) => assignment[ci]!.map((a) => (a === null ? null : batch.cluster.ids[a[0]!]!));
  return { batch, ctx, assignment, hostOf, score: makeScorer(objective), jitter: new Float64Array(batch.cluster.ids.length) };
}

const hosts = (n: number, vcpu = 8, used: Record<number, number> = {}): PlacementProblem["providers"] =>
  Array.from({ length: n }, (_, h) => ({ id: `h${h}`, kind: "host" as const, inventory: { VCPU: { total: vcpu } }, ...(used[h] ? { used: { VCPU: used[h] } } : {}) }));

describe("constructClasses", () => {
  it("pack: fills the host already in use first, then the fullest, and places every copy that fits", () => {
    // h2 has 5 of 8 in use: three 1-vCPU copies fill it; the next five go together to one fresh host.
    const s = setup({ providers: hosts(3, 8, { 2: 5 }), requests: [{ id: "vm", count: 8, compute: { resources: { VCPU: 1 } } }] });
    const placed = constructClasses(s.ctx, s.batch.classes, s.assignment, s.score, s.jitter);
    expect(placed).toBe(8);
    const where = s.hostOf(0);
    expect(where.filter((h) => h === "h2")).toHaveLength(3);
    expect(new Set(where).size).toBe(2);
  });

  it("spread: one copy per host while hosts are equally empty", () => {
    const s = setup({ providers: hosts(4), requests: [{ id: "vm", count: 4, compute: { resources: { VCPU: 1 } } }] }, "spread");
    constructClasses(s.ctx, s.batch.classes, s.assignment, s.score, s.jitter);
    expect(new Set(s.hostOf(0)).size).toBe(4);
  });

  it("leaves copies out only when no host has room, and counts what it placed", () => {
    // 2 hosts x 8 vCPU, 3 copies of 5: two fit (one per host), the third does not.
    const s = setup({ providers: hosts(2), requests: [{ id: "vm", count: 3, compute: { resources: { VCPU: 5 } } }] });
    expect(constructClasses(s.ctx, s.batch.classes, s.assignment, s.score, s.jitter)).toBe(2);
    expect(s.hostOf(0).filter((h) => h === null)).toHaveLength(1);
  });

  it("follows a guide first (the model's per-host counts), then places the rest greedily", () => {
    // The guide sends 2 copies to h3 (empty; pack alone would start on h0); the other 2 go greedily.
    const s = setup({ providers: hosts(4), requests: [{ id: "vm", count: 4, compute: { resources: { VCPU: 1 } } }] });
    const h3 = s.batch.cluster.index.get("h3")!;
    const guides = new Map<number, Guide>([[0, new Map([[h3, 2]])]]);
    expect(constructClasses(s.ctx, s.batch.classes, s.assignment, s.score, s.jitter, guides)).toBe(4);
    expect(s.hostOf(0).slice(0, 2)).toEqual(["h3", "h3"]);
  });

  it("an affinity group's copies all land on one host that holds them all", () => {
    // h0 has 3 free, h1 8: four copies of 1 vCPU in an affinity group must share h1.
    const s = setup({ providers: hosts(2, 8, { 0: 5 }), requests: [{ id: "vm", count: 4, compute: { resources: { VCPU: 1 } }, serverGroup: "g" }],
      serverGroups: [{ id: "g", policy: "affinity" }] });
    constructClasses(s.ctx, s.batch.classes, s.assignment, s.score, s.jitter);
    expect(s.hostOf(0)).toEqual(["h1", "h1", "h1", "h1"]);
  });
});
