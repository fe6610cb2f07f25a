/**
 * The scheduler worker (DESIGN §5, `headroom worker`): registers itself, reconciles the journal,
 * then loops: take over requests whose lease ran out, claim a window of pending ones (highest
 * priority first), place them on the cached snapshot (one: the online path; a burst: the batch
 * engine), write each placement as one consumer (re-planning what a conflict touched on a fresh
 * snapshot), and provision the placed ones concurrently through the driver. A heartbeat extends the
 * leases of what it holds and shows it alive; a request the engine cannot place goes back to
 * pending with the engine's code and sentence and a backoff, and fails after the retry limit.
 */
import { hostname } from "node:os";
import { sql } from "drizzle-orm";
import { schedulerWorkers } from "../../drizzle/schema";
import type { Db } from "../db/client";
import { rowsOf } from "../db/rows";
import { write } from "../inventory/outcome";
import { transition } from "../requests/machine";
import { reconcile } from "../provisioning/journal";
import type { ProvisioningDriver } from "../provisioning/port";
import { claimPending, expireLeasesOf, takeOverExpired, type ClaimedRow } from "./claim";
import { backoffMs, defaultConfig, type WorkerConfig } from "./config";
import { planWindow } from "./plan";
import { Provisioner } from "./provision";
import { SnapshotCache } from "./snapshot";
import { ALIVE_WITHIN_MS } from "./workers-read";
import { writeWindow, type WindowItem } from "./write";

export type WorkerOptions = {
  name?: string;
  config?: Partial<WorkerConfig>;
  log?: (line: string) => void;
  /** Stop once nothing is pending, placing, placed, provisioning or waiting to be deleted. */
  exitWhenIdle?: boolean;
  /** Provisionings run at once. */
  concurrency?: number;
  /** Writes of one window run at once (PostgreSQL; PGlite has one connection). */
  writeConcurrency?: number;
};

/** Re-plans of one window's conflicts before the rest go back to pending. */
const REPLANS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class SchedulerWorker {
  readonly name: string;
  readonly config: WorkerConfig;
  private readonly log: (line: string) => void;
  private readonly snapshot: SnapshotCache;
  private readonly provisioner: Provisioner;
  private readonly held = new Set<string>();
  private readonly tasks = new Set<Promise<void>>();
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastTakeOver = 0;
  private readonly activeTimes: number[] = [];
  readonly totals = { placed: 0, active: 0, failed: 0, conflicts: 0, deferred: 0, cancelled: 0, deleted: 0 };
  private readonly concurrency: number;
  private readonly writeConcurrency: number;
  /** The engine's tie-breaks differ per worker, so that workers on one picture choose apart. */
  private readonly seed: number;

  constructor(private readonly db: Db, private readonly driver: ProvisioningDriver, private readonly options: WorkerOptions = {}) {
    this.name = options.name ?? `${hostname()}-${process.pid}`;
    this.config = { ...defaultConfig, ...options.config, retry: { ...defaultConfig.retry, ...options.config?.retry } };
    this.log = options.log ?? (() => undefined);
    this.snapshot = new SnapshotCache(db, this.config.snapshotMaxAgeMs);
    this.provisioner = new Provisioner(db, driver, this.name, this.config, this.log);
    this.concurrency = options.concurrency ?? 32;
    this.writeConcurrency = options.writeConcurrency ?? 1;
    this.seed = [...this.name].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0, 7) % 1_000_000 + 1;
  }

  /** Registers, reconciles the journal, starts the heartbeat and the loop. */
  async start(): Promise<void> {
    await this.db.insert(schedulerWorkers)
      .values({ name: this.name, hostname: hostname(), pid: process.pid, driver: this.driver.name, simulated: this.driver.simulated })
      .onConflictDoUpdate({
        target: schedulerWorkers.name,
        set: { hostname: hostname(), pid: process.pid, driver: this.driver.name, simulated: this.driver.simulated, startedAt: sql`now()`, heartbeatAt: sql`now()`, stoppedAt: null, claimed: 0 },
      });
    await expireLeasesOf(this.db, this.name);
    this.log(`worker ${this.name}: driver ${this.driver.name}${this.driver.simulated ? " (SIMULATED: nothing real is made)" : ""}`);
    await reconcile(this.db, this.driver, this.name, ALIVE_WITHIN_MS, this.log);
    this.heartbeat = setInterval(() => void this.beat(), this.config.heartbeatMs);
    this.heartbeat.unref?.();
    this.loopDone = this.loop();
  }

  /** Resolves when the loop ends (stop(), or idle with exitWhenIdle). */
  async done(): Promise<void> {
    await this.loopDone;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loopDone;
    await Promise.allSettled([...this.tasks]);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.db.execute(sql`update placement_requests set lease_until = now() where claimed_by = ${this.name} and lease_until > now()`).catch(() => undefined);
    await this.writeRow(true).catch(() => undefined);
  }

  /** Stops dead, as a kill -9 would: no more heartbeats, nothing released, tasks left where they are (tests). */
  abandon(): void {
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  private async writeRow(stopped = false): Promise<void> {
    const cut = Date.now() - 60_000;
    while (this.activeTimes.length > 0 && this.activeTimes[0]! < cut) this.activeTimes.shift();
    await this.db.update(schedulerWorkers).set({
      heartbeatAt: sql`now()`, claimed: this.held.size, placedTotal: this.totals.placed, activeTotal: this.totals.active,
      failedTotal: this.totals.failed, conflictsTotal: this.totals.conflicts, perMinute: this.activeTimes.length,
      ...(stopped && { stoppedAt: sql`now()` }),
    }).where(sql`${schedulerWorkers.name} = ${this.name}`);
  }

  private async beat(): Promise<void> {
    try {
      if (this.held.size > 0) {
        await this.db.execute(sql`update placement_requests set lease_until = now() + make_interval(secs => ${this.config.leaseMs / 1000})
          where claimed_by = ${this.name} and id in (${sql.join([...this.held].map((id) => sql`${id}::uuid`), sql`, `)})`);
      }
      await this.writeRow();
    } catch (error) {
      this.log(`worker ${this.name}: heartbeat failed: ${message(error)}`);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        const worked = await this.step();
        if (!worked) {
          if (this.options.exitWhenIdle && this.tasks.size === 0 && (await this.nothingLeft())) break;
          await sleep(this.config.idleMs);
        }
      } catch (error) {
        this.log(`worker ${this.name}: ${message(error)} (trying again in 1 s)`);
        this.snapshot.invalidate();
        await sleep(1000);
      }
    }
  }

  private async nothingLeft(): Promise<boolean> {
    const [row] = await rowsOf<{ n: number }>(this.db, sql`select count(*)::int as n from placement_requests
      where state in ('pending', 'placing', 'placed', 'provisioning') or (state = 'active' and delete_requested_at is not null)`);
    return Number(row?.n ?? 0) === 0;
  }

  /** One turn of the loop; false when there was nothing to do. */
  async step(): Promise<boolean> {
    let worked = false;
    const room = this.concurrency * 4 - this.tasks.size;
    if (room <= 0) {
      await Promise.race(this.tasks);
      return true;
    }
    if (Date.now() - this.lastTakeOver > this.config.leaseMs / 3) {
      this.lastTakeOver = Date.now();
      const taken = await takeOverExpired(this.db, this.name, Math.min(room, this.config.window), this.config.leaseMs);
      if (taken.length > 0) {
        this.log(`worker ${this.name}: took over ${taken.length} request(s) whose lease ran out`);
        worked = true;
        for (const r of taken) this.held.add(r.id);
        // Provisioning first: a window that fails (the database went away) must not leave these held and never worked on.
        for (const r of taken) if (r.state !== "placing") this.dispatch(r);
        await this.placeWindow(taken.filter((r) => r.state === "placing"));
      }
    }
    if (this.tasks.size < this.concurrency * 2) {
      const claimed = await claimPending(this.db, this.name, this.config.window, this.config.leaseMs);
      if (claimed.length > 0) {
        worked = true;
        for (const r of claimed) this.held.add(r.id);
        await this.placeWindow(claimed);
      }
    } else {
      await Promise.race(this.tasks);
      worked = true;
    }
    return worked;
  }

  /** Places a window of claimed (placing) requests and hands the placed ones to provisioning. */
  private async placeWindow(rows: ClaimedRow[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.snapshot.refresh();
      let todo = rows;
      const unplaced: { row: ClaimedRow; code: string; reason: string }[] = [];
      for (let round = 0; round <= REPLANS && todo.length > 0; round++) {
        const outcomes = await planWindow(this.db, this.snapshot, todo, { timeLimitMs: this.config.batchTimeLimitMs, objective: this.config.objective, seed: this.seed + round });
        const byId = new Map(todo.map((r) => [r.id, r]));
        const conflicts: ClaimedRow[] = [];
        const placeable: WindowItem[] = [];
        for (const o of outcomes) {
          const row = byId.get(o.id)!;
          if (o.ok) placeable.push({ row, allocations: o.allocations });
          else unplaced.push({ row, code: o.code, reason: o.reason });
        }
        const written = await writeWindow(this.db, this.snapshot, placeable, this.name, this.provisioner.provisionReason, this.writeConcurrency);
        for (const { row, allocations } of placeable) {
          const w = written.get(row.id)!;
          if (w.kind === "placed" || w.kind === "provisioning") {
            this.totals.placed += 1;
            this.dispatch({ ...row, state: w.kind, consumerId: w.consumerId, host: w.host, placement: allocations, fresh: row.attempts === 1 && row.fromState === "pending" });
          } else if (w.kind === "conflict") {
            conflicts.push(row);
          } else if (w.kind === "refused") {
            unplaced.push({ row: { ...row, attempts: Number.MAX_SAFE_INTEGER }, code: "WRITER_REFUSED", reason: w.message });
          } else {
            this.held.delete(row.id);
          }
        }
        if (conflicts.length > 0) {
          this.totals.conflicts += conflicts.length;
          // First the allocations others made since (cheap); when that was not enough, everything again.
          if (round > 0) this.snapshot.invalidate();
          await this.snapshot.refresh();
        }
        todo = conflicts;
        if (round === REPLANS) for (const row of todo) unplaced.push({ row, code: "CONFLICT", reason: `the room it was planned into was taken ${REPLANS + 1} times in a row by other writers` });
      }
      await this.deferOrFail(unplaced);
    } catch (error) {
      // The database went away mid-window: what was not written stays placing, and its lease runs out.
      for (const r of rows) this.held.delete(r.id);
      throw error;
    }
  }

  /** Back to pending with the engine's code and sentence and a backoff, or failed after the retry limit. */
  private async deferOrFail(unplaced: { row: ClaimedRow; code: string; reason: string }[]): Promise<void> {
    if (unplaced.length === 0) return;
    const policy = this.config.retry;
    const out = await write(this.db, async (tx) => {
      for (const { row, code, reason } of unplaced) {
        const giveUp = row.attempts >= policy.maxAttempts;
        if (giveUp) {
          const moved = await transition(tx, [row.id], "giveUp", {
            actor: this.name, reason: `${code}: ${reason} (${Math.min(row.attempts, policy.maxAttempts)} tries)`, heldBy: this.name,
            set: { lastError: reason, lastCode: code, claimedBy: null, leaseUntil: null },
          });
          if (moved.length > 0) this.totals.failed += 1;
        } else {
          const wait = backoffMs(policy, row.attempts);
          await transition(tx, [row.id], "defer", {
            actor: this.name, reason: `not placed (${code}): ${reason}; tried again in ${(wait / 1000).toFixed(1)} s or when capacity is freed`, heldBy: this.name,
            set: { lastError: reason, lastCode: code, claimedBy: null, leaseUntil: null, notBefore: new Date(Date.now() + wait) },
          });
          this.totals.deferred += 1;
        }
      }
    });
    for (const { row } of unplaced) this.held.delete(row.id);
    if (!out.ok) throw new Error(`deferring: ${out.message}`);
  }

  /** Provisions (or deprovisions) one held request in the background. */
  private dispatch(row: ClaimedRow): void {
    const task = (async () => {
      try {
        const result = row.state === "active" ? await this.provisioner.deprovision(row) : await this.provisioner.provision(row);
        if (result === "active") {
          this.totals.active += 1;
          this.activeTimes.push(Date.now());
        } else if (result === "failed") this.totals.failed += 1;
        else if (result === "cancelled") this.totals.cancelled += 1;
        else if (result === "deleted") this.totals.deleted += 1;
      } catch (error) {
        this.log(`worker ${this.name}: ${row.key}: ${message(error)} (left to the lease: taken over when it runs out)`);
      } finally {
        this.held.delete(row.id);
      }
    })();
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }
}

/** Starts a worker and returns its stop function (the in-process starter and tests). */
export async function startWorker(db: Db, driver: ProvisioningDriver, options: WorkerOptions = {}): Promise<{ worker: SchedulerWorker; stop: () => Promise<void> }> {
  const worker = new SchedulerWorker(db, driver, options);
  await worker.start();
  return { worker, stop: () => worker.stop() };
}

