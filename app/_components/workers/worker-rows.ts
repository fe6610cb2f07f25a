/** One worker as the page shows it (the scheduler_workers row, times as the API sends them). */
export type WorkerRow = {
  name: string;
  hostname: string;
  pid: number | null;
  driver: string;
  simulated: boolean;
  startedAt: string | Date;
  heartbeatAt: string | Date;
  stoppedAt: string | Date | null;
  /** The server's verdict when it gives one (it knows the lease); else the page judges by the heartbeat. */
  alive: boolean | null;
  claimed: number;
  placedTotal: number;
  activeTotal: number;
  failedTotal: number;
  conflictsTotal: number;
  perMinute: number;
};

/** Without the server's lease, a heartbeat older than this reads as dead. */
export const DEFAULT_LEASE_MS = 30_000;

/**
 * A worker row from workers.list. With `fetchedAt` (when the answer came) and the database's own
 * `secondsSinceHeartbeat`, the heartbeat time is placed on the browser's clock, so a browser whose
 * clock is off still reads "3 s ago" right.
 */
export function toWorkerRow(raw: unknown, fetchedAt?: number): WorkerRow {
  const w = raw as Partial<Record<string, unknown>>;
  const since = typeof w.secondsSinceHeartbeat === "number" ? w.secondsSinceHeartbeat : null;
  const num = (key: string) => (typeof w[key] === "number" ? (w[key] as number) : 0);
  return {
    name: String(w.name ?? ""),
    hostname: String(w.hostname ?? ""),
    pid: typeof w.pid === "number" ? w.pid : null,
    driver: String(w.driver ?? "unknown"),
    simulated: w.simulated === true || w.driver === "simulated",
    startedAt: (w.startedAt as string) ?? "",
    heartbeatAt: since !== null && fetchedAt ? new Date(fetchedAt - since * 1000) : ((w.heartbeatAt as string) ?? ""),
    stoppedAt: (w.stoppedAt as string | null | undefined) ?? null,
    alive: typeof w.alive === "boolean" ? w.alive : null,
    claimed: num("claimed"),
    placedTotal: num("placedTotal"),
    activeTotal: num("activeTotal"),
    failedTotal: num("failedTotal"),
    conflictsTotal: num("conflictsTotal"),
    perMinute: num("perMinute"),
  };
}

/** Alive (heartbeating), stopped (said goodbye) or dead (went quiet without stopping: its lease runs out). */
export function workerLiveness(w: WorkerRow, now: Date, leaseMs: number | null): "alive" | "stopped" | "dead" {
  if (w.stoppedAt) return "stopped";
  if (w.alive !== null) return w.alive ? "alive" : "dead";
  const age = now.getTime() - new Date(w.heartbeatAt).getTime();
  return Number.isFinite(age) && age <= (leaseMs ?? DEFAULT_LEASE_MS) ? "alive" : "dead";
}
