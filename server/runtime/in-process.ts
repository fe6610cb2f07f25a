/**
 * The services the web process runs beside the pages (instrumentation.ts calls this once at start).
 * Each starter gets the process's one database (server/db getDb) and returns a stop function;
 * `HEADROOM_IN_PROCESS=0` turns them all off (a deployment that runs `headroom worker` elsewhere).
 *
 * Starters are added here by the parts that need one (the scheduler worker, the pg-boss job workers).
 */
import type { DbHandle } from "../db/client";

export type InProcessStarter = { name: string; start: (handle: DbHandle) => Promise<() => Promise<void>> };

const starters: InProcessStarter[] = [
  // pg-boss job workers (server/jobs): simulation runs and the other background jobs.
  { name: "job workers", start: async (handle) => (await import("../jobs")).startJobWorkers(handle, { name: "web" }) },
  // The scheduler worker (server/scheduler), so that the demo schedules with one command; HEADROOM_SCHEDULER=0 leaves it out.
  { name: "scheduler worker", start: async (handle) => (await import("../scheduler/in-process")).startInProcessWorker(handle) },
];

const globalKey = Symbol.for("headroom.in-process");
type Holder = { [globalKey]?: Promise<void> };

export function startInProcess(): Promise<void> {
  const holder = globalThis as Holder;
  holder[globalKey] ??= run();
  return holder[globalKey];
}

async function run(): Promise<void> {
  if (process.env.HEADROOM_IN_PROCESS === "0" || starters.length === 0) return;
  const { getDb } = await import("../db");
  const handle = await getDb();
  const stops: (() => Promise<void>)[] = [];
  for (const s of starters) {
    try {
      stops.push(await s.start(handle));
      console.log(`headroom: ${s.name} started in the web process`);
    } catch (error) {
      console.error(`headroom: ${s.name} did not start:`, error);
    }
  }
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  process.once("SIGTERM", () => void stopAll());
  process.once("SIGINT", () => void stopAll());
}
