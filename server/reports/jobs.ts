/**
 * The utilisation snapshot as a pg-boss job (server/jobs): every six hours on whichever worker's
 * clock fires first (one job per occurrence across workers), and on demand by sending it. The page
 * and the runway average a day's snapshots to one point, so the rate only sets how fresh today is.
 */
import { registerJob } from "../jobs/registry";
import { takeSnapshot } from "./snapshot";

export const SNAPSHOT_JOB = "reports.snapshot";
export const SNAPSHOT_CRON = "0 */6 * * *";

registerJob<{ source?: "schedule" | "manual" }>(SNAPSHOT_JOB, async (data, { db }) => takeSnapshot(db, { at: new Date(), source: data?.source ?? "schedule" }), {
  schedule: { cron: SNAPSHOT_CRON, data: { source: "schedule" } },
  queue: { retryLimit: 2 },
});
