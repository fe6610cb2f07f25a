import { describe, expect, it } from "vitest";
import { codeOf, fieldsOf } from "./fixtures";
import { backends, useTestDatabase } from "./harness";

const host = (id: string, rack: string) => ({ id, kind: "host", zone: "az1", rack, inventory: { VCPU: { total: 16 }, MEMORY_MB: { total: 32768 } } });
const scenario = {
  name: "upload", seed: 2, durationSeconds: 3600, stepSeconds: 60, providers: [host("h1", "r1"), host("h2", "r2")],
  churn: [{ id: "web", arrivalsPerHour: 20, lifetime: { kind: "fixed", value: 3600 }, request: { compute: { resources: { VCPU: 2, MEMORY_MB: 4096 } } } }],
};
const models = [{ id: "small", price: 10, inventory: { VCPU: { total: 16 }, MEMORY_MB: { total: 32768 } } }];

describe.each(backends())("recommend.run on %s", (backend) => {
  const t = useTestDatabase(backend);

  it("answers a Recommendation that meets its own check", async () => {
    const r = await t.caller().recommend.run({ scenario, models, fail: "r1", peak: 1.5 });
    expect(r.met).toBe(true);
    expect(r.check.placements.blockingProbability).toBeLessThanOrEqual(0.01);
    expect(r.purchase.every((p) => p.model === "small" && p.zone === "az1")).toBe(true);
  }, 60_000);

  it.each([
    [{ scenario, models: [{ id: "small", inventory: { VCPU: { total: 16 } } }] }, "models[0].price"],
    [{ scenario, models, fail: "nowhere" }, "fail"],
    [{ scenario, models, peak: 0 }, "peak"],
    [{ scenario: { ...scenario, durationSeconds: -1 }, models }, "scenario.durationSeconds"],
    [{ scenario: { ...scenario, churn: [{ ...scenario.churn[0], arrivalsPerHour: { trace: "/etc/passwd", column: "x" } }] }, models }, "scenario.churn[0].arrivalsPerHour.trace"],
  ])("refuses bad input, naming the field (%#)", async (input, field) => {
    expect(await codeOf(t.caller().recommend.run(input))).toBe("BAD_REQUEST");
    expect(await fieldsOf(t.caller().recommend.run(input))).toEqual([field]);
  });
});
