import { execFile } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { scenarioVersions } from "../../drizzle/schema";
import { simulate } from "../../simulator/simulate";
import { tracesNamed } from "../../simulator/scenario/validate";
import { compiledVersion, diffVersions, getScenario, saveScenario } from "../../server/scenarios/versions";
import type { ScenarioSpecInput } from "../../server/scenarios/spec";
import { tracesForPaths, uploadTrace } from "../../server/scenarios/traces";
import { backends, FIXED_NOW, useTestDatabase } from "./harness";

const run = promisify(execFile);

/** The issue's example: the live inventory, a rack failure, every load at 3x. */
function rackFailureAt3x(rack: string): ScenarioSpecInput {
  return {
    base: { kind: "inventory", zone: "az1" },
    durationHours: 6,
    loadMultiplier: 3,
    services: [{
      id: "web", vm: { vcpu: 2, memoryMb: 4096 }, rpsPerInstance: 50, minInstances: 4, maxInstances: 400, targetUtilization: 0.6,
      load: { kind: "trace", source: { kind: "shipped", id: "worldcup98" }, column: "count", timeColumn: "period", startAt: "1998-06-30 16:00:00", scale: 1 / 60 },
    }],
    churn: [{ id: "ci", vm: { vcpu: 2, memoryMb: 4096 }, arrivals: { kind: "rate", perHour: 60 }, meanLifetimeHours: 0.5 }],
    failures: [{ kind: "target", target: rack, atHours: 3, repairHours: 1 }],
  };
}

describe.each(backends())("scenarios on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "demo" });
  const versions = async () => (await t.db.select({ n: count() }).from(scenarioVersions))[0]!.n;

  it("every save is a new version; a diff between two names the changed fields; a stale save is a conflict", async () => {
    const first = await saveScenario(t.db, { name: "rack at 3x", spec: rackFailureAt3x("az1-r02") }, "planner", FIXED_NOW);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.version).toBe(1);
    const changed = { ...rackFailureAt3x("az1-r02"), loadMultiplier: 2.5 };
    const second = await saveScenario(t.db, { scenarioId: first.value.scenarioId, expectedVersion: 1, name: "rack at 3x", spec: changed }, "planner", FIXED_NOW);
    expect(second.ok && second.value.version).toBe(2);
    const stale = await saveScenario(t.db, { scenarioId: first.value.scenarioId, expectedVersion: 1, name: "rack at 3x", spec: changed }, "planner", FIXED_NOW);
    expect(stale).toMatchObject({ ok: false, code: "CONFLICT", field: "expectedVersion" });
    const diff = await diffVersions(t.db, { scenarioId: first.value.scenarioId, version: 1 }, { scenarioId: first.value.scenarioId, version: 2 });
    expect(diff.ok && diff.value.entries).toEqual([{ path: "loadMultiplier", change: "changed", before: 3, after: 2.5 }]);
    expect(diff.ok && diff.value.sameCompiled).toBe(false);
    const v1 = await getScenario(t.db, first.value.scenarioId, 1);
    expect(v1.ok && v1.value.spec.loadMultiplier).toBe(3);
    expect(v1.ok && v1.value.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it("the download runs in `headroom simulate` to the same summary as the simulator gives in process", async () => {
    const saved = await saveScenario(t.db, { name: "download check", spec: rackFailureAt3x("az1-r03") }, "planner", FIXED_NOW);
    if (!saved.ok) throw new Error(saved.message);
    const compiled = (await compiledVersion(t.db, saved.value.versionId))!;
    expect(compiled.scenario.failures).toEqual([{ at: 3 * 3600, target: "az1-r03", repairSeconds: 3600 }]);
    expect(compiled.scenario.loadMultiplier).toBe(3);
    const dir = mkdtempSync(path.join(tmpdir(), "headroom-download-"));
    symlinkSync(path.resolve("data"), path.join(dir, "data"));
    const file = path.join(dir, "scenario.json");
    writeFileSync(file, JSON.stringify(compiled.scenario, null, 2));
    const { stdout } = await run(process.execPath, [path.resolve("bin/headroom.mjs"), "simulate", file, "--json"], { maxBuffer: 64 << 20 });
    const cli = JSON.parse(stdout);
    const traces = await tracesForPaths(t.db, tracesNamed(compiled.scenario));
    const here = await simulate(compiled.scenario, { traces, series: true });
    const { wallMs: _a, series: _s, ...cliRest } = cli;
    const { wallMs: _b, series: _t, ...hereRest } = here;
    expect(cliRest).toEqual(hereRest);
    expect(here.placements.requested).toBeGreaterThan(0);
  }, 120_000);

  it.each([
    ["a CSV without the named column", async (): Promise<[ScenarioSpecInput, string]> => {
      const up = await uploadTrace(t.db, { name: "shop.csv", csv: "minute,rps\n0,10\n1,12\n" }, "planner");
      if (!up.ok) throw new Error(up.message);
      const spec = rackFailureAt3x("az1-r02");
      spec.services![0]!.load = { kind: "trace", source: { kind: "upload", id: up.value.id }, column: "requests", rowSeconds: 60 };
      return [spec, "spec.services.0.load.column"];
    }],
    ["a window outside the trace", async (): Promise<[ScenarioSpecInput, string]> => {
      const spec = rackFailureAt3x("az1-r02");
      spec.services![0]!.load = { kind: "trace", source: { kind: "shipped", id: "worldcup98" }, column: "count", timeColumn: "period", startAt: "1998-07-26 20:00:00" };
      return [spec, "spec.services.0.load.startAt"];
    }],
    ["min above max instances", async (): Promise<[ScenarioSpecInput, string]> => {
      const spec = rackFailureAt3x("az1-r02");
      spec.services![0]!.minInstances = 500;
      return [spec, "spec.services.0.minInstances"];
    }],
    ["a failure target that does not exist", async (): Promise<[ScenarioSpecInput, string]> => {
      return [rackFailureAt3x("az9-r77"), "spec.failures.0.target"];
    }],
  ])("refuses %s, naming the field, and saves nothing", async (_label, make) => {
    const [spec, field] = await make();
    const before = await versions();
    let outcome;
    try {
      outcome = await saveScenario(t.db, { name: `bad ${field}`, spec }, "planner", FIXED_NOW);
    } catch (error) {
      // zod (the form's own schema) refuses before the domain: the field is in the issue's path.
      const issues = (error as { issues?: { path: (string | number)[] }[] }).issues ?? [];
      expect(issues.map((i) => i.path.join("."))).toContain(field);
      expect(await versions()).toBe(before);
      return;
    }
    expect(outcome).toMatchObject({ ok: false, code: "BAD_REQUEST", field });
    expect(await versions()).toBe(before);
  });

  it("bought hosts join a zone with the model's inventory; an allocation ratio changes every host of its model", async () => {
    const spec: ScenarioSpecInput = {
      base: { kind: "inventory" }, durationHours: 1,
      changes: { buy: [{ model: "model-b", count: 3, zone: "az2" }], allocationRatios: [{ model: "model-a", resourceClass: "VCPU", ratio: 8 }] },
    };
    const saved = await saveScenario(t.db, { name: "buy and ratio", spec }, "planner", FIXED_NOW);
    if (!saved.ok) throw new Error(saved.message);
    const c = (await compiledVersion(t.db, saved.value.versionId))!.scenario;
    const fresh = c.providers.filter((p) => p.id.startsWith("new-model-b-"));
    expect(fresh.map((p) => p.id)).toEqual(["new-model-b-1", "new-model-b-2", "new-model-b-3"]);
    expect(fresh.every((p) => p.zone === "az2" && p.used === undefined)).toBe(true);
    const [v] = await t.db.select({ hostModels: scenarioVersions.hostModels }).from(scenarioVersions).where(eq(scenarioVersions.id, saved.value.versionId));
    const modelA = c.providers.filter((p) => v!.hostModels[p.id] === "model-a");
    expect(modelA.length).toBeGreaterThan(0);
    expect(modelA.every((p) => p.inventory.VCPU?.allocationRatio === 8)).toBe(true);
  });
});
