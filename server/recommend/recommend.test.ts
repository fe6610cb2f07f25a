import { describe, expect, it } from "vitest";
import { getSolver } from "../../scheduler";
import { simulate } from "../../simulator/simulate";
import type { Scenario } from "../../simulator/scenario/schema";
import { providersFor, recommend, RecommendError, type Simulate } from "./recommend";
import { ModelsFileSchema, TargetsSchema, type HostModel } from "./schema";
import { countKey } from "./size";

const host = (id: string, rack: string) => ({ id, kind: "host" as const, zone: "az1", rack, inventory: { VCPU: { total: 16 }, MEMORY_MB: { total: 32768 } } });
/** Four hosts in two racks; VMs of 2 vCPU / 4 GiB arriving 40 an hour for an hour each (about 40 at once, 80 vCPU). */
const scenario: Scenario = {
  name: "small", seed: 3, durationSeconds: 4 * 3600, stepSeconds: 60,
  providers: [host("h1", "r1"), host("h2", "r1"), host("h3", "r2"), host("h4", "r2")],
  churn: [{ id: "web", arrivalsPerHour: 40, lifetime: { kind: "fixed", value: 3600 }, request: { compute: { resources: { VCPU: 2, MEMORY_MB: 4096 } } } }],
};
const models: HostModel[] = [
  { id: "small", price: 10, inventory: { VCPU: { total: 16 }, MEMORY_MB: { total: 32768 } } },
  { id: "big", price: 17, inventory: { VCPU: { total: 32 }, MEMORY_MB: { total: 65536 } } },
];
const sim: Simulate = (s, o) => simulate(s, { traces: o.traces, series: o.series });
const targets = TargetsSchema.parse({ peak: 1.5, fail: "r1", targetBlocking: 0.01 });

describe("recommend", () => {
  it("finds the cheapest purchase that exhaustive search over purchases finds, passes its own check, and removing a host fails it", async () => {
    const r = await recommend({ scenario, traces: {}, models, targets, solver: getSolver("highs"), simulate: sim });
    // Exhaustive: every purchase of 0..8 small and 0..5 big hosts in az1, each simulated under the same stress.
    const aggregates = new Map<string | null, string[]>([["az1", []]]);
    const byId = new Map(models.map((m) => [m.id, m]));
    let best = Infinity;
    for (let a = 0; a <= 8; a++) {
      for (let b = 0; b <= 5; b++) {
        const cost = 10 * a + 17 * b;
        if (cost >= best) continue;
        const counts = new Map<string, number>();
        if (a > 0) counts.set(countKey("small", "az1"), a);
        if (b > 0) counts.set(countKey("big", "az1"), b);
        const s = await simulate({ ...scenario, loadMultiplier: 1.5, failures: [{ at: 0, target: "r1" }], providers: [...scenario.providers, ...providersFor(counts, byId, aggregates)] });
        if (s.placements.blockingProbability <= 0.01) best = cost;
      }
    }
    expect(best).toBeLessThan(Infinity);
    expect(r.met).toBe(true);
    expect(r.check.placements.blockingProbability).toBeLessThanOrEqual(0.01);
    expect(r.margin.blocking).toBeCloseTo(0.01 - r.check.placements.blockingProbability, 12);
    expect(r.cost).toBe(best);
    expect(r.lowerBoundCost).not.toBeNull();
    expect(r.lowerBoundCost!).toBeLessThanOrEqual(best + 1e-9);
    for (const line of r.removeOne) expect(line.check === "fails" || line.withinBound).toBe(true);
    expect(r.purchase.every((p) => p.zone === "az1" && p.rack?.startsWith("new-az1-"))).toBe(true);
    expect(r.check.series).toBeUndefined();
  }, 120_000);

  it("says when no purchase can meet the target (requests no model can serve), and by how much, instead of buying without end", async () => {
    const gpu: Scenario = { ...scenario, churn: [...scenario.churn!, { id: "gpu", arrivalsPerHour: 10, lifetime: { kind: "fixed", value: 600 }, request: { compute: { resources: { VCPU: 2, MEMORY_MB: 4096 }, requiredTraits: ["CUSTOM_GPU"] } } }] };
    const r = await recommend({ scenario: gpu, traces: {}, models, targets, solver: getSolver("glpk"), simulate: sim, maxSteps: 3 });
    expect(r.met).toBe(false);
    expect(r.unreachable).not.toBeNull();
    expect(r.unreachable!.blocking).toBeGreaterThan(0);
    expect(r.steps.length).toBeLessThanOrEqual(1 + 3 + 12);
  }, 120_000);

  it.each([
    [{ models: [{ id: "a", inventory: { VCPU: { total: 8 } } }] }, "models[0].price"],
    [[{ id: "a", price: -1, inventory: { VCPU: { total: 8 } } }], "models[0].price"],
    [[{ id: "a", price: 1, inventory: { VCPU: { total: 8 } } }, { id: "a", price: 2, inventory: { VCPU: { total: 8 } } }], "models[1].id"],
  ])("refuses a models file %j naming %s", (file, path) => {
    const out = ModelsFileSchema.safeParse(file);
    expect(out.success).toBe(false);
    const paths = out.error!.issues.map((i) => i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, ""));
    expect(paths).toContain(path);
  });

  it.each([[{ peak: 0 }, "peak"], [{ peak: -2 }, "peak"], [{ targetBlocking: 2 }, "targetBlocking"], [{ maxOverloadSeconds: -1 }, "maxOverloadSeconds"]])("refuses targets %j naming %s", (t, field) => {
    const out = TargetsSchema.safeParse(t);
    expect(out.success).toBe(false);
    expect(out.error!.issues[0]!.path).toEqual([field]);
  });

  it("refuses an unknown failure target, naming the field", async () => {
    await expect(recommend({ scenario, traces: {}, models, targets: { ...targets, fail: "r9" }, solver: getSolver("glpk"), simulate: sim }))
      .rejects.toSatisfy((e) => e instanceof RecommendError && e.field === "fail");
  });
});
