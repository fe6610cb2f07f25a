/**
 * Recommendations as pg-boss jobs (issue 12; the work on a worker thread): a started one runs to the
 * answer recommend() gives for the same input in this process, showing its simulations as it goes; a
 * refusal names the field and writes nothing; a cancelled one stops.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findJob, startJobWorkers, stopClientBoss } from "../../server/jobs";
import { RECOMMEND_JOB, recommendationRun } from "../../server/recommend/runs";
import { runPrepared } from "../../server/recommend/service";
import { codeOf, fieldsOf } from "./fixtures";
import { backends, rows, useTestDatabase } from "./harness";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const host = (id: string, rack: string) => ({ id, kind: "host", zone: "az1", rack, inventory: { VCPU: { total: 16 }, MEMORY_MB: { total: 32768 } } });
const scenario = {
  name: "upload", seed: 2, durationSeconds: 3600, stepSeconds: 60, providers: [host("h1", "r1"), host("h2", "r2")],
  churn: [{ id: "web", arrivalsPerHour: 20, lifetime: { kind: "fixed", value: 3600 }, request: { compute: { resources: { VCPU: 2, MEMORY_MB: 4096 } } } }],
};
const models = [{ id: "small", price: 10, inventory: { VCPU: { total: 16 }, MEMORY_MB: { total: 32768 } } }];

describe.each(backends())("recommend as a job on %s", (backend) => {
  const t = useTestDatabase(backend);
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    stop = await startJobWorkers({ db: t.db }, { name: `recommend-${backend}`, only: [RECOMMEND_JOB] });
  });
  afterAll(async () => {
    await stop?.();
    await stopClientBoss(t.db);
  });

  async function until(runId: string, done: (status: string, simulations: number) => boolean, ms = 90_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const r = await recommendationRun(t.db, runId);
      if (!r.ok) throw new Error(r.message);
      if (done(r.value.status, r.value.simulations)) return r.value;
      if (Date.now() > deadline) throw new Error(`recommendation still ${r.value.status} after ${r.value.simulations} simulations`);
      await sleep(50);
    }
  }

  it("answers what recommend() answers in this process, and meets its own check", async () => {
    const input = { scenario, models, fail: "r1", peak: 1.5 };
    const { runId } = await t.caller().recommend.start(input);
    const final = await until(runId, (s) => s !== "queued" && s !== "running");
    expect(final.status).toBe("succeeded");
    const r = final.result!;
    expect(r.met).toBe(true);
    expect(r.check.placements.blockingProbability).toBeLessThanOrEqual(0.01);
    expect(r.purchase.every((p) => p.model === "small" && p.zone === "az1")).toBe(true);
    expect(final.simulations).toBe(r.simulations);
    const here = await runPrepared({ scenario: scenario as never, traces: {}, models, targets: { peak: 1.5, fail: "r1", targetBlocking: 0.01, maxOverloadSeconds: 0 } });
    if (!here.ok) throw new Error(here.message);
    expect({ purchase: r.purchase, cost: r.cost, simulations: r.simulations }).toEqual({ purchase: here.value.purchase, cost: here.value.cost, simulations: here.value.simulations });
    const listed = await t.caller().recommend.list({});
    expect(listed.map((x) => x.id)).toContain(runId);
  }, 120_000);

  it.each([
    [{ scenario, models: [{ id: "small", inventory: { VCPU: { total: 16 } } }] }, "models[0].price"],
    [{ scenario, models, fail: "nowhere" }, "fail"],
    [{ scenario, models, peak: 0 }, "peak"],
    [{ scenario: { ...scenario, durationSeconds: -1 }, models }, "scenario.durationSeconds"],
    [{ scenario: { ...scenario, churn: [{ ...scenario.churn[0], arrivalsPerHour: { trace: "/etc/passwd", column: "x" } }] }, models }, "scenario.churn[0].arrivalsPerHour.trace"],
  ])("refuses bad input, naming the field, and writes nothing (%#)", async (input, field) => {
    const before = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from recommendation_runs`);
    expect(await codeOf(t.caller().recommend.start(input))).toBe("BAD_REQUEST");
    expect(await fieldsOf(t.caller().recommend.start(input))).toEqual([field]);
    const after = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from recommendation_runs`);
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));
  });

  it("a cancelled recommendation stops: the row says cancelled, the job ends, no answer is stored", async () => {
    // A week of heavy churn: long enough to be cancelled while its first simulation runs.
    const long = { ...scenario, durationSeconds: 7 * 86_400, churn: [{ ...scenario.churn[0], arrivalsPerHour: 4000 }] };
    const { runId } = await t.caller().recommend.start({ scenario: long, models, peak: 1.5 });
    await until(runId, (s, n) => s === "running" && n > 0);
    expect((await t.caller().recommend.cancel({ runId })).status).toBe("cancelled");
    expect(await codeOf(t.caller().recommend.cancel({ runId }))).toBe("CONFLICT");
    const row = await recommendationRun(t.db, runId);
    if (!row.ok) throw new Error(row.message);
    const [job] = await rows<{ job_id: string }>(t.db, sql`select job_id from recommendation_runs where id = ${runId}::uuid`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const j = await findJob(t.db, RECOMMEND_JOB, job!.job_id);
      if (j && j.state !== "active" && j.state !== "created") break;
      if (Date.now() > deadline) throw new Error(`the job is still ${j?.state}`);
      await sleep(100);
    }
    const after = await recommendationRun(t.db, runId);
    expect(after.ok && after.value.status).toBe("cancelled");
    expect(after.ok && after.value.result).toBeNull();
  }, 120_000);
});
