/** The workers page and the health endpoint: who is alive, its last heartbeat, what it holds and does. */
import { desc, sql } from "drizzle-orm";
import { schedulerWorkers } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";

const w = schedulerWorkers;

/** A worker is alive when it heartbeat within this many of its heartbeats... expressed in ms. */
export const ALIVE_WITHIN_MS = 15_000;

export async function listWorkers(db: DbOrTx) {
  const rows = await db
    .select({
      name: w.name, hostname: w.hostname, pid: w.pid, driver: w.driver, simulated: w.simulated, startedAt: w.startedAt,
      heartbeatAt: w.heartbeatAt, stoppedAt: w.stoppedAt, claimed: w.claimed, placedTotal: w.placedTotal,
      activeTotal: w.activeTotal, failedTotal: w.failedTotal, conflictsTotal: w.conflictsTotal, perMinute: w.perMinute,
      alive: sql<boolean>`${w.stoppedAt} is null and ${w.heartbeatAt} > now() - make_interval(secs => ${ALIVE_WITHIN_MS / 1000})`,
      secondsSinceHeartbeat: sql<number>`extract(epoch from now() - ${w.heartbeatAt})::float8`.mapWith(Number),
    })
    .from(w)
    .orderBy(desc(w.heartbeatAt))
    .limit(200);
  return rows;
}

export type ProvisioningInfo = { driver: string; simulated: boolean; workersAlive: number };

/** The driver the alive workers use (the configured default when none is alive): what pages and /api/health show. */
export async function provisioningInfo(db: DbOrTx, fallback = process.env.HEADROOM_DRIVER ?? "simulated"): Promise<ProvisioningInfo> {
  const alive = (await listWorkers(db)).filter((x) => x.alive);
  const driver = alive[0]?.driver ?? fallback;
  return { driver, simulated: alive.length > 0 ? alive.some((x) => x.simulated) : driver === "simulated", workersAlive: alive.length };
}
