/**
 * The job kinds of the project, registered by the parts that own them (server/jobs/catalog.ts lists
 * the modules, which call registerJob when loaded). A kind is a pg-boss queue of the same name.
 */
import type { QueueOptions } from "pg-boss";
import type { Db } from "../db/client";

export type JobContext = {
  db: Db;
  jobId: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Aborted when the job is cancelled (seen by the heartbeat within about a second), expires, or the worker stops. */
  signal: AbortSignal;
  /** The worker's name (for messages and tests). */
  worker: string;
};

export type JobHandler<T> = (data: T, context: JobContext) => Promise<unknown>;

export type JobOptions = {
  /** pg-boss queue options: retryLimit, retryDelay, expireInSeconds, retentionSeconds, heartbeatSeconds (>= 10), ... */
  queue?: QueueOptions;
  /** Jobs of this kind one worker process runs at once (default 1). */
  concurrency?: number;
  /** A recurring job: a cron expression (or an RFC 5545 rule), with the data each occurrence gets. */
  schedule?: { cron: string; data?: object; tz?: string };
  /** Called when a worker that works this kind starts, and when it stops (e.g. to warm a thread up). */
  onWorkerStart?: () => void;
  onWorkerStop?: () => Promise<void>;
};

export type JobDefinition = { name: string; handler: JobHandler<never>; options: JobOptions };

const definitions = new Map<string, JobDefinition>();

/** Queue names: pg-boss accepts letters, digits, `-`, `_`, `.` and `/`. */
const NAME = /^[A-Za-z0-9_.\-/]+$/;

/** Registers a job kind: a queue of that name, worked by the handler. */
export function registerJob<T>(name: string, handler: JobHandler<T>, options: JobOptions = {}): void {
  if (!NAME.test(name)) throw new Error(`job name '${name}': letters, digits, '-', '_', '.', '/' only`);
  // A second registration replaces the first: module reloading in development loads a kind's module again.
  definitions.set(name, { name, handler: handler as JobHandler<never>, options });
}

export function jobDefinitions(): JobDefinition[] {
  return [...definitions.values()];
}

export function jobDefinition(name: string): JobDefinition | undefined {
  return definitions.get(name);
}
