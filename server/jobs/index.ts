/**
 * The project's job queue: pg-boss (DESIGN §6) on the process's database, PGlite or PostgreSQL.
 *
 *   registerJob("reports.snapshot", async (data, { db, signal }) => { ... }, { schedule: { cron: "*\/15 * * * *" } });
 *   const stop = await startJobWorkers(handle);          // `headroom worker`, and the web process on PGlite
 *   const id = await sendJob(db, "reports.snapshot", {}); // from a procedure or the CLI
 *
 * See server/jobs/README.md.
 */
import type { PgBoss, SendOptions } from "pg-boss";
import type { Db, DbHandle } from "../db/client";
import { clientBoss, startBoss } from "./boss";
import { loadJobModules } from "./catalog";
import { jobDefinition, jobDefinitions, type JobDefinition } from "./registry";

export { registerJob, jobDefinitions } from "./registry";
export type { JobContext, JobHandler, JobOptions } from "./registry";
export { databaseKind, stopClientBoss } from "./boss";

/** How often a running job's heartbeat is refreshed: a cancel reaches the handler's signal within this. */
const HEARTBEAT_REFRESH_SECONDS = 1;
/** A queue's heartbeat: a job whose worker died is failed (and retried, if it may be) after this. */
const DEFAULT_HEARTBEAT_SECONDS = 10;

async function ensureQueue(boss: PgBoss, def: JobDefinition): Promise<void> {
  const options = { heartbeatSeconds: DEFAULT_HEARTBEAT_SECONDS, notify: true, ...def.options.queue };
  const existing = await boss.getQueue(def.name);
  if (existing === null) await boss.createQueue(def.name, options);
  else await boss.updateQueue(def.name, options);
}

export type StartOptions = {
  /** The worker's name (pg-boss instance name; given to handlers). Default: `<host>-<pid>`. */
  name?: string;
  /** Only these job kinds (default: all registered). */
  only?: string[];
};

/**
 * Starts a pg-boss worker on the handle's database: creates the queues of every registered job
 * kind, sets their schedules and works them. Returns the stop function (waits for running handlers
 * up to 10 s, aborting their signals if they take longer).
 */
export async function startJobWorkers(handle: Pick<DbHandle, "db">, options: StartOptions = {}): Promise<() => Promise<void>> {
  await loadJobModules();
  const name = options.name ?? `${(await import("node:os")).hostname()}-${process.pid}`;
  const defs = jobDefinitions().filter((d) => options.only === undefined || options.only.includes(d.name));
  const boss = await startBoss(handle.db, "worker", name);
  try {
    for (const def of defs) {
      await ensureQueue(boss, def);
      if (def.options.schedule) {
        const { cron, data, tz } = def.options.schedule;
        await boss.schedule(def.name, cron, data ?? null, tz === undefined ? {} : { tz });
      }
      def.options.onWorkerStart?.();
      await boss.work<unknown>(def.name, {
        localConcurrency: def.options.concurrency ?? 1,
        // NOTIFY wakes a worker when a job is sent; after a job a worker polls again within a second.
        pollingIntervalSeconds: 0.5,
        notifyPollingIntervalSeconds: 1,
        heartbeatRefreshSeconds: HEARTBEAT_REFRESH_SECONDS,
      }, async ([job]) => {
        if (job === undefined) return null;
        const handler = jobDefinition(def.name)?.handler ?? def.handler;
        return handler(job.data as never, { db: handle.db, jobId: job.id, retryCount: job.retryCount, signal: job.signal, worker: name });
      });
    }
  } catch (error) {
    await boss.stop({ graceful: false, close: true }).catch(() => undefined);
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return () => (stopped ??= (async () => {
    await boss.stop({ graceful: true, timeout: 10_000, close: true });
    for (const def of defs) await def.options.onWorkerStop?.().catch(() => undefined);
  })());
}

/** A boss that can send to a kind: its queue exists (made here when no worker made it yet). */
async function bossFor(db: Db, name: string): Promise<PgBoss> {
  await loadJobModules();
  const def = jobDefinition(name);
  if (def === undefined) throw new Error(`no job kind '${name}' is registered`);
  const boss = await clientBoss(db);
  if ((await boss.getQueue(name)) === null) await ensureQueue(boss, def);
  return boss;
}

/** Queues a job; answers its id. */
export async function sendJob(db: Db, name: string, data: object, options: SendOptions = {}): Promise<string> {
  const boss = await bossFor(db, name);
  const id = await boss.send(name, data, options);
  if (id === null) throw new Error(`job '${name}' was not queued (a singleton of it is queued already)`);
  return id;
}

/** Cancels a queued or running job (a running handler sees its signal aborted within about a second). */
export async function cancelJob(db: Db, name: string, id: string): Promise<void> {
  const boss = await bossFor(db, name);
  await boss.cancel(name, id);
}

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

/** A job's state and output (the handler's return value, or the error it failed with), or null if unknown. */
export async function findJob(db: Db, name: string, id: string): Promise<{ id: string; state: JobState; output: unknown } | null> {
  const boss = await bossFor(db, name);
  const [job] = await boss.findJobs<unknown>(name, { id });
  return job === undefined ? null : { id: job.id, state: job.state, output: (job as { output?: unknown }).output ?? null };
}
