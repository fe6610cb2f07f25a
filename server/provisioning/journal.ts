/**
 * The journal of provisioning calls (DESIGN §5): an entry is written ("open") before the driver is
 * called and completed after ("done" with the resource id, or "failed" with the error). An entry
 * still open is a call whose answer nobody recorded; `reconcile` settles each against the cloud
 * with findByKey: adopted when the cloud holds the resource, abandoned when it holds nothing, and
 * deleted again when its request is over (cancelled or failed).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { placementRequests, provisioningJournal, schedulerWorkers } from "../../drizzle/schema";
import type { Db } from "../db/client";
import { rowsOf } from "../db/rows";
import type { CloudResource, ProvisioningDriver, ResourceKind } from "./port";

const j = provisioningJournal;

export class Journal {
  constructor(private readonly db: Db, private readonly worker: string, private readonly driver: string) {}

  async open(requestId: string, operation: string, kind: ResourceKind, key: string): Promise<number> {
    const [row] = await this.db.insert(j).values({ requestId, worker: this.worker, driver: this.driver, operation, kind, key }).returning({ id: j.id });
    return row!.id;
  }

  async done(id: number, resourceId: string | null, detail = ""): Promise<void> {
    await this.db.update(j).set({ status: "done", resourceId, detail, finishedAt: sql`now()` }).where(eq(j.id, id));
  }

  async failed(id: number, detail: string): Promise<void> {
    await this.db.update(j).set({ status: "failed", detail: detail.slice(0, 2000), finishedAt: sql`now()` }).where(eq(j.id, id));
  }

  /** Whether any call was ever journaled for this key (if not, nothing can exist under it yet). */
  async touched(key: string, requestId: string): Promise<boolean> {
    const [row] = await this.db.select({ id: j.id }).from(j).where(and(eq(j.requestId, requestId), eq(j.key, key))).limit(1);
    return row !== undefined;
  }

  /**
   * open() under the lease, in one statement: the entry is written only while this worker holds the
   * request with `marginMs` of its lease left (and, with `unlessCancelled`, nobody asked to cancel
   * it). Returns the entry's id, or why it was not written.
   */
  async openHeld(requestId: string, operation: string, kind: ResourceKind, key: string, guard: { marginMs: number; unlessCancelled: boolean }):
    Promise<{ id: number } | { id: null; held: boolean; cancelRequested: boolean }> {
    // The request's row is share-locked, so that a takeover (an UPDATE of that row) comes wholly before
    // this statement (which then sees another owner) or wholly after (and then sees this entry).
    const [row] = await rowsOf<{ held: boolean; cancel: boolean | null; id: number | string | null }>(this.db, sql`
      with h as (
        select cancel_requested_at is not null as cancel from placement_requests
        where id = ${requestId}::uuid and claimed_by = ${this.worker} and lease_until > now() + make_interval(secs => ${guard.marginMs / 1000})
        for share
      ), i as (
        insert into provisioning_journal (request_id, worker, driver, operation, kind, key)
        select ${requestId}, ${this.worker}, ${this.driver}, ${operation}, ${kind}, ${key} from h
        where not (h.cancel and ${guard.unlessCancelled})
        returning id
      ) select exists (select 1 from h) as held, (select cancel from h) as cancel, (select id from i) as id`);
    if (row?.id !== null && row?.id !== undefined) return { id: Number(row.id) };
    return { id: null, held: row?.held === true, cancelRequested: row?.cancel === true };
  }

  /**
   * Whether another live worker may still be making this key's resource: its create entry is open
   * and it has heartbeat since (within `aliveWithinMs`) without restarting after writing it. Its
   * call can still land (a slow answer, a database that came back), so whoever took the request
   * over waits for that entry to settle before it looks the key up and perhaps creates.
   */
  async inFlight(key: string, requestId: string, aliveWithinMs: number): Promise<boolean> {
    const [row] = await rowsOf<{ n: number }>(this.db, sql`select count(*)::int as n from provisioning_journal j
      join scheduler_workers w on w.name = j.worker
      where j.request_id = ${requestId} and j.key = ${key} and j.status = 'open' and j.operation like 'create%' and j.worker <> ${this.worker}
        and w.stopped_at is null and w.started_at <= j.started_at and w.heartbeat_at > now() - make_interval(secs => ${aliveWithinMs / 1000})`);
    return Number(row?.n ?? 0) > 0;
  }

  /** Records one call: open before, done or failed after. */
  async around<T extends CloudResource | null | void>(requestId: string, operation: string, kind: ResourceKind, key: string, fn: () => Promise<T>): Promise<T> {
    return this.record(await this.open(requestId, operation, kind, key), fn);
  }

  /** around() with openHeld(): the call is made only when its entry was written under the lease. */
  async aroundHeld<T extends CloudResource | null | void>(requestId: string, operation: string, kind: ResourceKind, key: string,
    guard: { marginMs: number; unlessCancelled: boolean }, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; held: boolean; cancelRequested: boolean }> {
    const opened = await this.openHeld(requestId, operation, kind, key, guard);
    if (opened.id === null) return { ok: false, held: opened.held, cancelRequested: opened.cancelRequested };
    return { ok: true, value: await this.record(opened.id, fn) };
  }

  /** The call of an open entry, and the entry completed after: done with the resource's id, or failed with the error. */
  private async record<T extends CloudResource | null | void>(id: number, fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      await this.done(id, out && typeof out === "object" ? out.id : null);
      return out;
    } catch (error) {
      await this.failed(id, error instanceof Error ? error.message : String(error)).catch(() => undefined);
      throw error;
    }
  }
}

export type ReconcileReport = { open: number; adopted: number; abandoned: number; cleaned: number };

/**
 * Settles the open entries of this worker (restarted under its name) and of workers that stopped
 * heartbeating: the resource the call may have made is found by its key; adopted (the request goes
 * on with it) when the request is still being provisioned, deleted when the request is over,
 * abandoned when the cloud holds nothing.
 */
export async function reconcile(db: Db, driver: ProvisioningDriver, worker: string, aliveWithinMs: number, log: (line: string) => void): Promise<ReconcileReport> {
  const open = await db
    .select({ id: j.id, requestId: j.requestId, kind: j.kind, key: j.key, operation: j.operation, state: placementRequests.state })
    .from(j)
    .leftJoin(placementRequests, sql`${placementRequests.id}::text = ${j.requestId}`)
    .leftJoin(schedulerWorkers, eq(schedulerWorkers.name, j.worker))
    .where(and(eq(j.status, "open"), sql`(${j.worker} = ${worker} or ${schedulerWorkers.name} is null or ${schedulerWorkers.stoppedAt} is not null
      or ${schedulerWorkers.heartbeatAt} < now() - make_interval(secs => ${aliveWithinMs / 1000}))`))
    .limit(10_000);
  const report: ReconcileReport = { open: open.length, adopted: 0, abandoned: 0, cleaned: 0 };
  for (const e of open) {
    if (!e.operation.startsWith("create")) {
      // A delete, attach or poll left open is done again by whoever goes on with the request.
      await db.update(j).set({ status: "abandoned", detail: "left open by a worker that stopped; redone by the next", finishedAt: sql`now()` }).where(eq(j.id, e.id));
      report.abandoned += 1;
      continue;
    }
    const kind = e.kind as ResourceKind;
    let found: CloudResource | null;
    try {
      found = await driver.findByKey(kind, e.key);
    } catch (error) {
      log(`reconcile: ${kind} ${e.key}: the cloud did not answer (${error instanceof Error ? error.message : String(error)}); left open`);
      continue;
    }
    if (found === null) {
      await db.update(j).set({ status: "abandoned", detail: "reconciled: the cloud holds nothing under this key", finishedAt: sql`now()` }).where(eq(j.id, e.id));
      report.abandoned += 1;
    } else if (e.state === "failed" || e.state === "cancelled" || e.state === null) {
      await driver.delete(kind, found.id).catch(() => undefined);
      await db.update(j).set({ status: "done", resourceId: found.id, detail: `reconciled: found ${found.id}; its request is ${e.state ?? "gone"}: deleted`, finishedAt: sql`now()` }).where(eq(j.id, e.id));
      report.cleaned += 1;
    } else {
      await db.update(j).set({ status: "done", resourceId: found.id, detail: `reconciled: adopted ${found.id} (${found.state})`, finishedAt: sql`now()` }).where(eq(j.id, e.id));
      report.adopted += 1;
    }
  }
  if (open.length > 0) log(`reconcile: ${report.open} open journal entr${report.open === 1 ? "y" : "ies"}: ${report.adopted} adopted, ${report.cleaned} cleaned up, ${report.abandoned} abandoned`);
  return report;
}

/** Resource ids the journal recorded for a request, per key (the latest done create). */
export async function recorded(db: Db, requestIds: string[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (requestIds.length === 0) return out;
  const rows = await db.select({ requestId: j.requestId, key: j.key, resourceId: j.resourceId })
    .from(j).where(and(inArray(j.requestId, requestIds), eq(j.status, "done"), sql`${j.operation} like 'create%'`)).orderBy(j.id);
  for (const r of rows) {
    if (r.resourceId === null) continue;
    const m = out.get(r.requestId) ?? new Map<string, string>();
    m.set(r.key, r.resourceId);
    out.set(r.requestId, m);
  }
  return out;
}
