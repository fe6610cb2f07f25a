import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioRuns, scenarioTraces } from "../../drizzle/schema";
import { simulate } from "../../simulator/simulate";
import { tracesNamed } from "../../simulator/scenario/validate";
import { findJob, startJobWorkers, stopClientBoss } from "../../server/jobs";
import { cancelRun, RUN_JOB, runResult, runStatus, startRun, type RunStatus } from "../../server/scenarios/runs";
import type { ScenarioSpecInput } from "../../server/scenarios/spec";
import { tracesForPaths, uploadTrace } from "../../server/scenarios/traces";
import { compiledVersion, saveScenario } from "../../server/scenarios/versions";
import { backends, FIXED_NOW, useTestDatabase } from "./harness";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function zoneDay(hours: number, churnPerHour: number): ScenarioSpecInput {
  return {
    base: { kind: "inventory", zone: "az2" }, durationHours: hours,
    services: [{ id: "web", vm: { vcpu: 2, memoryMb: 4096 }, rpsPerInstance: 40, minInstances: 2, maxInstances: 300, targetUtilization: 0.6, load: { kind: "profile", profile: "diurnal", baseRps: 2000 } }],
    churn: [{ id: "ci", vm: { vcpu: 1, memoryMb: 2048 }, arrivals: { kind: "rate", perHour: churnPerHour }, meanLifetimeHours: 0.25 }],
    failures: [{ kind: "random", mtbfHours: 500, mttrHours: 2 }],
  };
}

describe.each(backends())("scenario runs as pg-boss jobs on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "demo" });
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    stop = await startJobWorkers({ db: t.db }, { name: `runs-${backend}`, only: [RUN_JOB] });
  });
  afterAll(async () => {
    await stop?.();
    await stopClientBoss(t.db);
  });

  async function until(runId: string, done: (s: RunStatus, progress: number) => boolean, ms = 60_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const s = await runStatus(t.db, runId);
      if (!s.ok) throw new Error(s.message);
      if (done(s.value.status, s.value.progress)) return s.value;
      if (Date.now() > deadline) throw new Error(`run still ${s.value.status} at ${s.value.progress}`);
      await sleep(50);
    }
  }

  it("runs a version to the simulator's own summary, stores the series, and a second start reuses it", async () => {
    const saved = await saveScenario(t.db, { name: "zone day", spec: zoneDay(6, 120) }, "planner", FIXED_NOW);
    if (!saved.ok) throw new Error(saved.message);
    const started = await startRun(t.db, { scenarioId: saved.value.scenarioId }, "planner");
    if (!started.ok) throw new Error(started.message);
    expect(started.value.reusedFrom).toBeNull();
    const final = await until(started.value.runId, (s) => s !== "queued" && s !== "running");
    expect(final.status).toBe("succeeded");
    expect(final.progress).toBe(1);

    const result = await runResult(t.db, started.value.runId);
    if (!result.ok) throw new Error(result.message);
    const compiled = (await compiledVersion(t.db, saved.value.versionId))!.scenario;
    const expected = await simulate(compiled, { traces: await tracesForPaths(t.db, tracesNamed(compiled)), series: true });
    const { wallMs: _w, series, ...rest } = expected;
    const { wallMs: _v, ...stored } = result.value.summary!;
    expect(stored).toEqual(rest);
    expect(result.value.series!.rows.length).toBe(series!.length);
    expect(result.value.series!.columns).toEqual(Object.keys(series![0]!));

    const again = await startRun(t.db, { scenarioId: saved.value.scenarioId }, "planner");
    expect(again.ok && again.value.reusedFrom).toBe(started.value.runId);
    const reused = await runStatus(t.db, again.ok ? again.value.runId : "");
    expect(reused.ok && reused.value.status).toBe("succeeded");
    const fresh = await startRun(t.db, { scenarioId: saved.value.scenarioId, reuse: false }, "planner");
    expect(fresh.ok && fresh.value.reusedFrom).toBeNull();
    if (fresh.ok) await until(fresh.value.runId, (s) => s === "succeeded");
  }, 120_000);

  it("a cancelled run stops: the row says cancelled, the job ends cancelled, nothing is stored over it", async () => {
    const saved = await saveScenario(t.db, { name: "long week", spec: zoneDay(24 * 28, 4000) }, "planner", FIXED_NOW);
    if (!saved.ok) throw new Error(saved.message);
    const started = await startRun(t.db, { scenarioId: saved.value.scenarioId }, "planner");
    if (!started.ok) throw new Error(started.message);
    const running = await until(started.value.runId, (s, p) => s === "running" && p > 0);
    expect(running.simulatedSeconds).toBeGreaterThan(0);
    expect((await cancelRun(t.db, started.value.runId)).ok).toBe(true);
    const [row] = await t.db.select({ jobId: scenarioRuns.jobId }).from(scenarioRuns).where(eq(scenarioRuns.id, started.value.runId));
    const jobId = row?.jobId;
    const deadline = Date.now() + 20_000;
    let state: string | undefined;
    while (Date.now() < deadline) {
      state = (await findJob(t.db, RUN_JOB, jobId!))?.state;
      if (state === "cancelled" || state === "completed") break;
      await sleep(100);
    }
    expect(["cancelled", "completed"]).toContain(state);
    await sleep(500);
    const after = await runResult(t.db, started.value.runId);
    expect(after.ok && after.value.status).toBe("cancelled");
    expect(after.ok && after.value.summary).toBeNull();
  }, 120_000);

  it("a run that fails says why", async () => {
    const up = await uploadTrace(t.db, { name: "load.csv", csv: "rps\n" + Array.from({ length: 400 }, () => "100").join("\n") + "\n" }, "planner");
    if (!up.ok) throw new Error(up.message);
    const spec = zoneDay(6, 10);
    spec.services![0]!.load = { kind: "trace", source: { kind: "upload", id: up.value.id }, column: "rps", rowSeconds: 60 };
    const saved = await saveScenario(t.db, { name: "lost trace", spec }, "planner", FIXED_NOW);
    if (!saved.ok) throw new Error(saved.message);
    await t.db.delete(scenarioTraces).where(eq(scenarioTraces.id, up.value.id));
    const started = await startRun(t.db, { scenarioId: saved.value.scenarioId }, "planner");
    if (!started.ok) throw new Error(started.message);
    const final = await until(started.value.runId, (s) => s === "failed" || s === "succeeded");
    expect(final.status).toBe("failed");
    expect(final.error).toMatch(/trace/);
  }, 60_000);
});
