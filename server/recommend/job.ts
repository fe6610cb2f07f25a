/**
 * The "recommend.run" job: works a recommendation run out on a worker thread (recommend-thread.mjs),
 * writing the simulation under way, its progress and the last step's sentence (at most every
 * PROGRESS_EVERY_MS), and at the end the Recommendation, or why not (with the field it names). A
 * run cancelled in the database (cancelRecommendation) or through pg-boss stops: the progress write
 * finds the row no longer running, or the job's signal aborts, and the thread is terminated.
 */
import { and, eq } from "drizzle-orm";
import { recommendationRuns } from "../../drizzle/schema";
import type { Db } from "../db/client";
import type { Outcome } from "../inventory/outcome";
import { registerJob } from "../jobs/registry";
import { moduleThread } from "../jobs/thread";
import { traceCsv } from "../scenarios/traces";
import type { Recommendation } from "./recommend";
import { RECOMMEND_JOB } from "./runs";
import { prepareRecommendation, type PreparedRecommendation } from "./service";

export const PROGRESS_EVERY_MS = 250;

type Message =
  | { type: "ready" }
  | { type: "progress"; simulations: number; fraction: number; line: string }
  | { type: "done"; out: Outcome<Recommendation> }
  | { type: "error"; message: string };

class Cancelled extends Error {}

function onThread(prepared: PreparedRecommendation, signal: AbortSignal, onProgress: (m: Extract<Message, { type: "progress" }>) => void): Promise<Outcome<Recommendation>> {
  const worker = moduleThread("server", "recommend", "recommend-thread.mjs");
  return new Promise<Outcome<Recommendation>>((resolve, reject) => {
    const abort = () => reject(new Cancelled());
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort, { once: true });
    worker.on("message", (m: Message) => {
      if (m.type === "progress") onProgress(m);
      else if (m.type === "done") resolve(m.out);
      else if (m.type === "error") reject(new Error(m.message));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the recommendation thread stopped (exit code ${code})`)));
    worker.postMessage(prepared);
  }).finally(() => void worker.terminate());
}

async function stillRunning(db: Db, runId: string, set: Partial<typeof recommendationRuns.$inferInsert>): Promise<boolean> {
  const rows = await db.update(recommendationRuns).set(set).where(and(eq(recommendationRuns.id, runId), eq(recommendationRuns.status, "running"))).returning({ id: recommendationRuns.id });
  return rows.length > 0;
}

export async function runRecommendationJob(db: Db, runId: string, signal: AbortSignal): Promise<{ status: string }> {
  const [run] = await db.select({ status: recommendationRuns.status, input: recommendationRuns.input }).from(recommendationRuns).where(eq(recommendationRuns.id, runId));
  if (!run) return { status: "gone" };
  if (run.status !== "queued") return { status: run.status };
  const started = await db.update(recommendationRuns).set({ status: "running", startedAt: new Date() })
    .where(and(eq(recommendationRuns.id, runId), eq(recommendationRuns.status, "queued"))).returning({ id: recommendationRuns.id });
  if (started.length === 0) return { status: "cancelled" };

  const abort = new AbortController();
  const stop = () => abort.abort();
  signal.addEventListener("abort", stop, { once: true });
  let lastWrite = 0;
  let writing: Promise<void> = Promise.resolve();
  const fail = async (error: string, errorField: string | null = null) => {
    await db.update(recommendationRuns).set({ status: "failed", error, errorField, finishedAt: new Date() })
      .where(and(eq(recommendationRuns.id, runId), eq(recommendationRuns.status, "running")));
    return { status: "failed" };
  };
  try {
    const stored = run.input as { scenario: unknown; models: unknown; targets: PreparedRecommendation["targets"] };
    // Validated when it was started; read again here for its traces (an uploaded one may have gone since).
    const prepared = await prepareRecommendation({ ...stored.targets, scenario: stored.scenario, models: stored.models }, (ref) => traceCsv(db, ref));
    if (!prepared.ok) return await fail(prepared.message, prepared.field ?? null);
    const out = await onThread(prepared.value, abort.signal, (p) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_EVERY_MS) return;
      lastWrite = now;
      writing = writing.then(async () => {
        if (!(await stillRunning(db, runId, { simulations: p.simulations, progress: Math.min(1, p.fraction), message: p.line || null }))) abort.abort();
      }).catch(() => undefined);
    });
    await writing;
    if (!out.ok) return await fail(out.message, out.field ?? null);
    const ok = await stillRunning(db, runId, { status: "succeeded", progress: 1, simulations: out.value.simulations, result: out.value, finishedAt: new Date() });
    return { status: ok ? "succeeded" : "cancelled" };
  } catch (error) {
    await writing;
    if (error instanceof Cancelled) {
      await db.update(recommendationRuns).set({ status: "cancelled", finishedAt: new Date() }).where(and(eq(recommendationRuns.id, runId), eq(recommendationRuns.status, "running")));
      return { status: "cancelled" };
    }
    return fail(error instanceof Error ? error.message : String(error));
  } finally {
    signal.removeEventListener("abort", stop);
  }
}

registerJob<{ runId: string }>(RECOMMEND_JOB, ({ runId }, { db, signal }) => runRecommendationJob(db, runId, signal), {
  queue: { retryLimit: 0, expireInSeconds: 6 * 3600 },
  concurrency: 1,
});
