// Which path a batch takes (chooseStrategy) and what the model hands the construction (solveGuides):
// guides never send more copies to a host than the host can take, and following them places copies
// within every rule (checked by verifyPlacement on the result, independently of the engine).
import { describe, expect, it } from "vitest";
import { compileBatch, emptyAssignment } from "../1-compile/batch";
import type { PlacementProblem } from "../../contract";
import { PlacementState } from "../1-compile/state";
import { attachedTight, chooseStrategy, solveGuides } from "./strategy";

const hosts = (n: number, vcpu = 8): PlacementProblem["providers"] =>
  Array.from({ length: n }, (_, h) => ({ id: `h${h}`, kind: "host" as const, inventory: { VCPU: { total: vcpu }, MEMORY_MB: { total: 16384 } } }));

function batchOf(n: number, copies: number, extra: Partial<PlacementProblem> = {}) {
  return compileBatch({ providers: hosts(n), requests: [{ id: "vm", count: copies, compute: { resources: { VCPU: 3, MEMORY_MB: 2048 } } }], ...extra });
}

describe("chooseStrategy", () => {
  it("balance has no model; a limit below the model's minimum means construction", () => {
    expect(chooseStrategy(batchOf(4, 4), "balance", "auto", 10_000).kind).toBe("construct");
    expect(chooseStrategy(batchOf(4, 4), "pack", "auto", 50).kind).toBe("construct");
  });

  it("pack, small: the HiGHS MILP on a real clock, the LP relaxation where the answer must repeat (virtual clock)", () => {
    const real = chooseStrategy(batchOf(10, 20), "pack", "auto", 10_000, false);
    expect(real.kind).toBe("milp");
    expect(real.kind !== "construct" && real.solver.name).toBe("highs");
    expect(chooseStrategy(batchOf(10, 20), "pack", "auto", 10_000, true).kind).toBe("lp");
  });

  it("above the LP's host limit (and too big for the MILP), auto constructs unless storage or networks bind", () => {
    // 10 classes x 300 hosts: 3,000 assignment variables, past the MILP's 2,000.
    const big = compileBatch({ providers: hosts(300), requests: Array.from({ length: 10 }, (_, i) => ({ id: `vm${i}`, compute: { resources: { VCPU: 1 + i } } })) });
    expect(chooseStrategy(big, "pack", "auto", 10_000).kind).toBe("construct");
    expect(attachedTight(big)).toBe(false);
    // A pool with 100 GB free and a batch asking 10 x 20 GB: more than half of what storage has free.
    const tight = compileBatch({
      providers: [...hosts(300).map((h) => ({ ...h, aggregates: ["a"] })), { id: "pool", kind: "storage", aggregates: ["a"], inventory: { VOLUME_GB: { total: 100 } } }],
      requests: Array.from({ length: 10 }, (_, i) => ({ id: `vm${i}`, compute: { resources: { VCPU: 1 + i } }, storage: [{ resources: { VOLUME_GB: 20 } }] })),
    });
    expect(attachedTight(tight)).toBe(true);
    expect(chooseStrategy(tight, "pack", "auto", 10_000).kind).toBe("lp");
  });

  it("an explicit solver is honoured", () => {
    const s = chooseStrategy(batchOf(10, 20), "pack", "glpk", 10_000);
    expect(s.kind !== "construct" && s.solver.name).toBe("glpk");
  });
});

describe("solveGuides", () => {
  it.each(["milp", "lp"] as const)("%s: guides send no host more copies than fit on it, and no more copies than the class has", async (kind) => {
    // 6 hosts of 8 vCPU take two 3-vCPU copies each: 12 places for 14 copies.
    const batch = batchOf(6, 14);
    const ctx = { cluster: batch.cluster, state: new PlacementState(batch.cluster, batch.serverGroups) };
    const assignment = emptyAssignment(batch);
    const strategy = chooseStrategy(batch, "pack", kind === "milp" ? "highs" : "auto", 10_000, kind === "lp");
    expect(strategy.kind).toBe(kind);
    if (strategy.kind === "construct") return;
    const out = await solveGuides(ctx, batch, batch.classes, assignment, strategy, { timeLimitMs: 10_000, jitter: new Float64Array(batch.cluster.ids.length) });
    const guide = out.guides.get(0)!;
    let total = 0;
    for (const [, n] of guide) {
      expect(n).toBeLessThanOrEqual(Math.floor(8 / 3));
      total += n;
    }
    expect(total).toBeLessThanOrEqual(14);
    if (kind === "milp") expect(total).toBe(12);
  });
});
