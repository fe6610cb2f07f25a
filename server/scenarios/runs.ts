/**
 * Runs of scenario versions (DESIGN §7): a run row is the truth the page reads (status, progress,
 * summary, series, why it failed); the pg-boss job "scenario.run" (run-job.ts) does the work.
 * Starting a version that already has a finished run with the same digest, seed and replications
 * may take that result instead of simulating again (the run says so: reusedFrom).
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { scenarioRuns, scenarios, scenarioVersions } from "../../drizzle/schema";
import type { SimulationSummary } from "../../simulator/summary";
import type { Db, DbOrTx } from "../db/client";
import { cancelJob, sendJob } from "../jobs";
import type { Outcome } from "../inventory/outcome";
import type { StoredSeries } from "./downsample";

export const RUN_JOB = "scenario.run";
export type RunStatus = (typeof scenarioRuns.status.enumValues)[number];
const ACTIVE: RunStatus[] = ["queued", "running"];

export type StartRunInput = { scenarioId: string; version?: number; seed?: number; replications?: number; reuse?: boolean };

export async function startRun(db: Db, input: StartRunInput, user: string): Promise<Outcome<{ runId: string; reusedFrom: string | null }>> {
  const [s] = await db.select({ latest: scenarios.latestVersion }).from(scenarios).where(eq(scenarios.id, input.scenarioId));
  if (!s) return { ok: false, code: "NOT_FOUND", message: "no such scenario", field: "scenarioId" };
  const version = input.version ?? s.latest;
  const [v] = await db.select({ id: scenarioVersions.id, spec: scenarioVersions.spec, compiled: scenarioVersions.compiled, digest: scenarioVersions.digest })
    .from(scenarioVersions).where(and(eq(scenarioVersions.scenarioId, input.scenarioId), eq(scenarioVersions.version, version)));
  if (!v) return { ok: false, code: "NOT_FOUND", message: `no version ${version}`, field: "version" };
  const compiled = v.compiled as { seed?: number; replications?: { runs: number } };
  const seed = input.seed ?? compiled.seed ?? 1;
  const replications = input.replications ?? compiled.replications?.runs ?? 1;
  if (!Number.isInteger(replications) || replications < 1 || replications > 50) return { ok: false, code: "BAD_REQUEST", message: "must be 1 to 50", field: "replications" };

  if (input.reuse !== false) {
    const [done] = await db.select({ id: scenarioRuns.id, summary: scenarioRuns.summary, series: scenarioRuns.series, events: scenarioRuns.events, simulatedSeconds: scenarioRuns.simulatedSeconds })
      .from(scenarioRuns)
      .where(and(eq(scenarioRuns.digest, v.digest), eq(scenarioRuns.seed, seed), eq(scenarioRuns.replications, replications), eq(scenarioRuns.status, "succeeded")))
      .orderBy(desc(scenarioRuns.finishedAt)).limit(1);
    if (done) {
      const now = new Date();
      const [row] = await db.insert(scenarioRuns).values({
        scenarioId: input.scenarioId, versionId: v.id, version, status: "succeeded", seed, replications, progress: 1,
        simulatedSeconds: done.simulatedSeconds, events: done.events, summary: done.summary, series: done.series,
        reusedFrom: done.id, digest: v.digest, createdBy: user, startedAt: now, finishedAt: now,
      }).returning({ id: scenarioRuns.id });
      return { ok: true, value: { runId: row!.id, reusedFrom: done.id } };
    }
  }
  const [row] = await db.insert(scenarioRuns).values({
    scenarioId: input.scenarioId, versionId: v.id, version, seed, replications, digest: v.digest, createdBy: user,
  }).returning({ id: scenarioRuns.id });
  const runId = row!.id;
  try {
    const jobId = await sendJob(db, RUN_JOB, { runId }, { retryLimit: 0 });
    await db.update(scenarioRuns).set({ jobId }).where(eq(scenarioRuns.id, runId));
  } catch (error) {
    await db.update(scenarioRuns).set({ status: "failed", error: `could not queue the job: ${error instanceof Error ? error.message : String(error)}`, finishedAt: new Date() })
      .where(eq(scenarioRuns.id, runId));
  }
  return { ok: true, value: { runId, reusedFrom: null } };
}

/** Cancels a queued or running run: the row says cancelled at once; the job stops within about a second. */
export async function cancelRun(db: Db, runId: string): Promise<Outcome<{ status: RunStatus }>> {
  const [row] = await db.update(scenarioRuns).set({ status: "cancelled", finishedAt: new Date(), error: null })
    .where(and(eq(scenarioRuns.id, runId), inArray(scenarioRuns.status, ACTIVE)))
    .returning({ jobId: scenarioRuns.jobId });
  if (!row) {
    const [r] = await db.select({ status: scenarioRuns.status }).from(scenarioRuns).where(eq(scenarioRuns.id, runId));
    if (!r) return { ok: false, code: "NOT_FOUND", message: "no such run", field: "runId" };
    return { ok: false, code: "CONFLICT", message: `the run is ${r.status} already`, field: "runId" };
  }
  if (row.jobId) await cancelJob(db, RUN_JOB, row.jobId).catch(() => undefined);
  return { ok: true, value: { status: "cancelled" } };
}

const statusColumns = {
  id: scenarioRuns.id, scenarioId: scenarioRuns.scenarioId, version: scenarioRuns.version, status: scenarioRuns.status,
  seed: scenarioRuns.seed, replications: scenarioRuns.replications, progress: scenarioRuns.progress,
  simulatedSeconds: scenarioRuns.simulatedSeconds, events: scenarioRuns.events, error: scenarioRuns.error,
  reusedFrom: scenarioRuns.reusedFrom, createdBy: scenarioRuns.createdBy, createdAt: scenarioRuns.createdAt,
  startedAt: scenarioRuns.startedAt, finishedAt: scenarioRuns.finishedAt, scenarioName: scenarios.name,
  durationSeconds: scenarioVersions.compiled, // replaced below by the number
};

export type RunStatusView = {
  id: string; scenarioId: string; scenarioName: string; version: number; status: RunStatus; seed: number; replications: number;
  progress: number; simulatedSeconds: number; durationSeconds: number; events: number; error: string | null; reusedFrom: string | null;
  createdBy: string; createdAt: Date; startedAt: Date | null; finishedAt: Date | null;
};

function view(r: Omit<RunStatusView, "durationSeconds"> & { durationSeconds: unknown }): RunStatusView {
  return { ...r, durationSeconds: (r.durationSeconds as { durationSeconds: number }).durationSeconds };
}

/** Status and progress (light: what the page polls). */
export async function runStatus(db: DbOrTx, runId: string): Promise<Outcome<RunStatusView>> {
  const [r] = await db.select(statusColumns).from(scenarioRuns)
    .innerJoin(scenarios, eq(scenarios.id, scenarioRuns.scenarioId)).innerJoin(scenarioVersions, eq(scenarioVersions.id, scenarioRuns.versionId))
    .where(eq(scenarioRuns.id, runId));
  return r ? { ok: true, value: view(r) } : { ok: false, code: "NOT_FOUND", message: "no such run", field: "runId" };
}

export async function listRuns(db: DbOrTx, filter: { scenarioId?: string; limit?: number } = {}): Promise<RunStatusView[]> {
  const rows = await db.select(statusColumns).from(scenarioRuns)
    .innerJoin(scenarios, eq(scenarios.id, scenarioRuns.scenarioId)).innerJoin(scenarioVersions, eq(scenarioVersions.id, scenarioRuns.versionId))
    .where(filter.scenarioId === undefined ? undefined : eq(scenarioRuns.scenarioId, filter.scenarioId))
    .orderBy(desc(scenarioRuns.createdAt)).limit(filter.limit ?? 50);
  return rows.map(view);
}

export type RunResult = RunStatusView & { summary: SimulationSummary | null; series: StoredSeries | null; failureMarks: { at: number; target: string; repairSeconds?: number }[] };

/** A run with its summary and series (and the failures of its scenario, to mark them on the time axis). */
export async function runResult(db: DbOrTx, runId: string): Promise<Outcome<RunResult>> {
  const status = await runStatus(db, runId);
  if (!status.ok) return status;
  const [r] = await db.select({ summary: scenarioRuns.summary, series: scenarioRuns.series, compiled: scenarioVersions.compiled })
    .from(scenarioRuns).innerJoin(scenarioVersions, eq(scenarioVersions.id, scenarioRuns.versionId)).where(eq(scenarioRuns.id, runId));
  const failures = ((r!.compiled as { failures?: unknown[] }).failures ?? []).filter((f): f is { at: number; target: string; repairSeconds?: number } => typeof f === "object" && f !== null && "at" in f);
  return { ok: true, value: { ...status.value, summary: (r!.summary as SimulationSummary | null) ?? null, series: (r!.series as StoredSeries | null) ?? null, failureMarks: failures } };
}
