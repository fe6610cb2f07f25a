/**
 * The "scenario.run" job: simulates a run's version on a worker thread, writes progress (at most
 * every PROGRESS_EVERY_MS) and at the end the summary and the downsampled series; a failure stores
 * why. A run cancelled in the database (cancelRun) or through pg-boss stops: the progress write
 * finds the row no longer running, or the job's signal aborts.
 */
import { and, eq } from "drizzle-orm";
import { scenarioRuns, scenarioVersions } from "../../drizzle/schema";
import type { Scenario } from "../../simulator/scenario/schema";
import { tracesNamed } from "../../simulator/scenario/validate";
import type { Db } from "../db/client";
import { registerJob } from "../jobs/registry";
import { downsample } from "./downsample";
import { RUN_JOB } from "./runs";
import { coolDown, RunCancelled, runOnThread, warmUp } from "./runner";
import { tracesForPaths } from "./traces";

export const PROGRESS_EVERY_MS = 250;

async function stillRunning(db: Db, runId: string, set: Partial<typeof scenarioRuns.$inferInsert>): Promise<boolean> {
  const rows = await db.update(scenarioRuns).set(set).where(and(eq(scenarioRuns.id, runId), eq(scenarioRuns.status, "running"))).returning({ id: scenarioRuns.id });
  return rows.length > 0;
}

export async function runScenarioJob(db: Db, runId: string, signal: AbortSignal): Promise<{ status: string }> {
  const [run] = await db.select({ status: scenarioRuns.status, seed: scenarioRuns.seed, replications: scenarioRuns.replications, compiled: scenarioVersions.compiled })
    .from(scenarioRuns).innerJoin(scenarioVersions, eq(scenarioVersions.id, scenarioRuns.versionId)).where(eq(scenarioRuns.id, runId));
  if (!run) return { status: "gone" };
  if (run.status !== "queued") return { status: run.status };
  const started = await db.update(scenarioRuns).set({ status: "running", startedAt: new Date(), progress: 0 })
    .where(and(eq(scenarioRuns.id, runId), eq(scenarioRuns.status, "queued"))).returning({ id: scenarioRuns.id });
  if (started.length === 0) return { status: "cancelled" };

  const abort = new AbortController();
  const stop = () => abort.abort();
  signal.addEventListener("abort", stop, { once: true });
  let lastWrite = 0;
  let writing: Promise<void> = Promise.resolve();
  try {
    const scenario = run.compiled as Scenario;
    const traces = await tracesForPaths(db, tracesNamed(scenario));
    const summary = await runOnThread(
      { scenario, traces, seed: run.seed, runs: run.replications >= 2 ? run.replications : undefined },
      {
        signal: abort.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (now - lastWrite < PROGRESS_EVERY_MS) return;
          lastWrite = now;
          writing = writing.then(async () => {
            if (!(await stillRunning(db, runId, { progress: Math.min(1, p.fraction), simulatedSeconds: p.simulatedSeconds, events: p.events }))) abort.abort();
          }).catch(() => undefined);
        },
      },
    );
    await writing;
    const { series, ...rest } = summary;
    const stored = downsample(series ?? [], scenario.stepSeconds ?? 60);
    const ok = await stillRunning(db, runId, {
      status: "succeeded", progress: 1, simulatedSeconds: summary.simulatedSeconds, events: summary.events,
      summary: rest, series: stored, finishedAt: new Date(),
    });
    return { status: ok ? "succeeded" : "cancelled" };
  } catch (error) {
    await writing;
    if (error instanceof RunCancelled) {
      await db.update(scenarioRuns).set({ status: "cancelled", finishedAt: new Date() }).where(and(eq(scenarioRuns.id, runId), eq(scenarioRuns.status, "running")));
      return { status: "cancelled" };
    }
    const message = error instanceof Error ? error.message : String(error);
    await db.update(scenarioRuns).set({ status: "failed", error: message, finishedAt: new Date() }).where(and(eq(scenarioRuns.id, runId), eq(scenarioRuns.status, "running")));
    return { status: "failed" };
  } finally {
    signal.removeEventListener("abort", stop);
  }
}

registerJob<{ runId: string }>(RUN_JOB, ({ runId }, { db, signal }) => runScenarioJob(db, runId, signal), {
  queue: { retryLimit: 0, expireInSeconds: 6 * 3600 },
  concurrency: 1,
  // The first run starts at once: the simulation thread is loaded when the worker starts.
  onWorkerStart: warmUp,
  onWorkerStop: coolDown,
});
