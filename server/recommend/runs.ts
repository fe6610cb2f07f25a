/**
 * Recommendation runs: a row per request (drizzle/recommend.ts) that the page polls, worked by the
 * pg-boss job "recommend.run" (job.ts). Starting one validates everything first (a refusal names its
 * field and writes nothing), then stores the validated request and queues the job. Traces are not
 * stored with it: the job reads them again by name (shipped, uploaded, or under data/).
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { recommendationRuns } from "../../drizzle/schema";
import type { Db, DbOrTx } from "../db/client";
import type { Outcome } from "../inventory/outcome";
import { cancelJob, sendJob } from "../jobs";
import type { Recommendation } from "./recommend";
import { prepareRecommendation, type RecommendRequestSchema, type TraceSource } from "./service";
import type { z } from "zod";

export const RECOMMEND_JOB = "recommend.run";
type Status = (typeof recommendationRuns.status.enumValues)[number];
const ACTIVE: Status[] = ["queued", "running"];

export type RecommendationRunView = {
  id: string; status: Status; scenarioName: string; scenarioId: string | null; version: number | null;
  simulations: number; progress: number; message: string | null; error: string | null; errorField: string | null;
  createdBy: string; createdAt: Date; startedAt: Date | null; finishedAt: Date | null;
};

const viewColumns = {
  id: recommendationRuns.id, status: recommendationRuns.status, scenarioName: recommendationRuns.scenarioName,
  scenarioId: recommendationRuns.scenarioId, version: recommendationRuns.version, simulations: recommendationRuns.simulations,
  progress: recommendationRuns.progress, message: recommendationRuns.message, error: recommendationRuns.error,
  errorField: recommendationRuns.errorField, createdBy: recommendationRuns.createdBy, createdAt: recommendationRuns.createdAt,
  startedAt: recommendationRuns.startedAt, finishedAt: recommendationRuns.finishedAt,
};

export type StartRecommendationInput = z.infer<typeof RecommendRequestSchema> & { scenarioName?: string };

export async function startRecommendation(db: Db, input: StartRecommendationInput, user: string, loadTrace: TraceSource): Promise<Outcome<{ runId: string }>> {
  const prepared = await prepareRecommendation(input, loadTrace);
  if (!prepared.ok) return prepared;
  const { scenario, models, targets } = prepared.value;
  const [row] = await db.insert(recommendationRuns).values({
    input: { scenario, models, targets }, scenarioName: input.scenarioName ?? scenario.name ?? "uploaded scenario",
    scenarioId: input.scenarioId ?? null, version: input.version ?? null, createdBy: user,
  }).returning({ id: recommendationRuns.id });
  const runId = row!.id;
  try {
    const jobId = await sendJob(db, RECOMMEND_JOB, { runId }, { retryLimit: 0 });
    await db.update(recommendationRuns).set({ jobId }).where(eq(recommendationRuns.id, runId));
  } catch (error) {
    await db.update(recommendationRuns).set({ status: "failed", error: `could not queue the job: ${error instanceof Error ? error.message : String(error)}`, finishedAt: new Date() })
      .where(eq(recommendationRuns.id, runId));
  }
  return { ok: true, value: { runId } };
}

/** Cancels a queued or running recommendation: the row says cancelled at once; the job's thread is stopped within about a second. */
export async function cancelRecommendation(db: Db, runId: string): Promise<Outcome<{ status: Status }>> {
  const [row] = await db.update(recommendationRuns).set({ status: "cancelled", finishedAt: new Date() })
    .where(and(eq(recommendationRuns.id, runId), inArray(recommendationRuns.status, ACTIVE)))
    .returning({ jobId: recommendationRuns.jobId });
  if (!row) {
    const [r] = await db.select({ status: recommendationRuns.status }).from(recommendationRuns).where(eq(recommendationRuns.id, runId));
    if (!r) return { ok: false, code: "NOT_FOUND", message: "no such recommendation", field: "runId" };
    return { ok: false, code: "CONFLICT", message: `the recommendation is ${r.status} already`, field: "runId" };
  }
  if (row.jobId) await cancelJob(db, RECOMMEND_JOB, row.jobId).catch(() => undefined);
  return { ok: true, value: { status: "cancelled" } };
}

/** A run's status and, once it succeeded, its Recommendation. */
export async function recommendationRun(db: DbOrTx, runId: string): Promise<Outcome<RecommendationRunView & { result: Recommendation | null }>> {
  const [r] = await db.select({ ...viewColumns, result: recommendationRuns.result }).from(recommendationRuns).where(eq(recommendationRuns.id, runId));
  if (!r) return { ok: false, code: "NOT_FOUND", message: "no such recommendation", field: "runId" };
  return { ok: true, value: { ...r, result: (r.result as Recommendation | null) ?? null } };
}

export async function listRecommendations(db: DbOrTx, limit = 20): Promise<RecommendationRunView[]> {
  return db.select(viewColumns).from(recommendationRuns).orderBy(desc(recommendationRuns.createdAt)).limit(limit);
}
