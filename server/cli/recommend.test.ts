import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureOutput } from "./capture-output";
import { main } from "./main";

const host = (id: string, rack: string) => ({ id, kind: "host", zone: "az1", rack, inventory: { VCPU: { total: 16 }, MEMORY_MB: { total: 32768 } } });
const scenario = {
  name: "small", seed: 3, durationSeconds: 7200, stepSeconds: 60,
  providers: [host("h1", "r1"), host("h2", "r1"), host("h3", "r2")],
  churn: [{ id: "web", arrivalsPerHour: 30, lifetime: { kind: "fixed", value: 3600 }, request: { compute: { resources: { VCPU: 2, MEMORY_MB: 4096 } } } }],
};
const models = { models: [{ id: "small", price: 10, inventory: { VCPU: { total: 16 }, MEMORY_MB: { total: 32768 } } }] };

describe("headroom recommend", () => {
  let dir = "";
  const io = captureOutput();
  const capture = () => io.capture();
  const file = (name: string) => path.join(dir, name);
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "headroom-recommend-"));
    writeFileSync(file("s.json"), JSON.stringify(scenario));
    writeFileSync(file("m.json"), JSON.stringify(models));
    writeFileSync(file("noprice.json"), JSON.stringify({ models: [{ id: "small", inventory: { VCPU: { total: 16 } } }] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--json prints only the Recommendation: the purchase, its cost and bound, its own passing check and the margin", async () => {
    capture();
    expect(await main(["recommend", file("s.json"), "--models", file("m.json"), "--fail", "r1", "--json"])).toBe(0);
    const r = JSON.parse(io.out);
    expect(Object.keys(r).slice(0, 5)).toEqual(["purchase", "cost", "lowerBoundCost", "check", "margin"]);
    expect(r.cost).toBe(r.purchase.reduce((s: number, p: { count: number }) => s + 10 * p.count, 0));
    expect(r.cost).toBeGreaterThan(0);
    expect(r.check.placements.blockingProbability).toBeLessThanOrEqual(0.01);
    expect(r.check.scenario).toBe("small");
    expect(r.lowerBoundCost).toBeLessThanOrEqual(r.cost);
    expect(io.err).toContain("measuring demand");
  }, 60_000);

  it.each([
    [["--models", "noprice.json"], "noprice.json: models[0].price"],
    [["--models", "m.json", "--fail", "r9"], "--fail"],
    [["--models", "m.json", "--peak", "0"], "--peak"],
    [["--models", "m.json", "--peak", "abc"], "--peak"],
    [["--models", "m.json", "--target-blocking", "1.5"], "--target-blocking"],
    [["--models", "missing.json"], "cannot read"],
    [[], "usage"],
  ])("%j exits 2 naming %s", async (args, named) => {
    capture();
    const withPaths = args.map((a) => (a.endsWith(".json") ? file(a) : a));
    expect(await main(["recommend", file("s.json"), ...withPaths])).toBe(2);
    expect(io.err).toContain(named);
    expect(io.out).toBe("");
  });
});
