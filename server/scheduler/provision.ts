/**
 * Making a placed request real through the provisioning port: volumes and ports first (on the
 * storage and network providers the engine chose), then the server on its host with its ports,
 * the volumes attached, and polls until the cloud says active. Every call goes through the journal
 * and carries an idempotency key (`${key}`, `${key}/volume/i`, `${key}/port/j`); after a lost answer,
 * a timeout or a takeover the resource is looked up by its key first, so a retry adopts what the
 * first try made instead of making a second one. A failure cleans up what the cloud holds and
 * releases the allocations; a cancel or a delete does the same and ends cancelled.
 */
import { eq, sql } from "drizzle-orm";
import { allocations as allocationsTable, placementRequests, resourceProviders } from "../../drizzle/schema";
import type { Db } from "../db/client";
import { write } from "../inventory/outcome";
import { capacityFreed, releaseConsumer } from "../requests/commands";
import { machine, transition, type Action } from "../requests/machine";
import { rowsOf } from "../db/rows";
import { Journal } from "../provisioning/journal";
import { DriverError, type CloudResource, type ProvisioningDriver, type ResourceKind } from "../provisioning/port";
import { stillHeld, type ClaimedRow } from "./claim";
import type { WorkerConfig } from "./config";
import { ALIVE_WITHIN_MS } from "./workers-read";

type Placement = NonNullable<ClaimedRow["placement"]>;

/** The provisioning cannot go on: clean up and fail the request with this code and sentence. */
export class ProvisionFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
/** The request is no longer this worker's (its lease was taken over): stop touching it. */
export class LostLease extends Error {}
/** A person asked to cancel (or delete) it while it was being provisioned. */
class Interrupted extends Error {}

/** Lease left, at least, when a call to the cloud is made. */
const LEASE_MARGIN_MS = 1000;
/** Longest wait for another worker's open create call on a key to settle. */
const IN_FLIGHT_WAIT_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export type ProvisionResult = "active" | "failed" | "cancelled" | "deleted" | "lost";

export class Provisioner {
  private readonly journal: Journal;

  constructor(private readonly db: Db, private readonly driver: ProvisioningDriver, private readonly worker: string,
    private readonly config: WorkerConfig, private readonly log: (line: string) => void) {
    this.journal = new Journal(db, worker, driver.name);
  }

  /** The event's sentence of the move placed -> provisioning. */
  get provisionReason(): string {
    return `provisioning through the ${this.driver.name} driver${this.driver.simulated ? " (simulated)" : ""}`;
  }

  private keysOf(row: ClaimedRow): { kind: ResourceKind; key: string }[] {
    return [
      { kind: "server", key: row.key },
      ...(row.spec.storage ?? []).map((_, i) => ({ kind: "volume" as const, key: `${row.key}/volume/${i}` })),
      ...(row.spec.network ?? []).map((_, j) => ({ kind: "port" as const, key: `${row.key}/port/${j}` })),
    ];
  }

  /** A driver call tried again on retryable errors (with backoff), up to the configured tries. */
  private async retrying<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let last: unknown;
    for (let a = 0; a < this.config.driverAttempts; a++) {
      try {
        return await fn();
      } catch (error) {
        if (!(error instanceof DriverError) || !error.retryable) throw error;
        last = error;
        await sleep(Math.min(1000, 25 * 2 ** a));
      }
    }
    throw new ProvisionFailure("DRIVER_UNAVAILABLE", `${what}: the cloud kept failing (${this.config.driverAttempts} tries): ${message(last)}`);
  }

  private async check(row: ClaimedRow, interruptible: boolean): Promise<void> {
    const s = await stillHeld(this.db, this.worker, row.id, LEASE_MARGIN_MS);
    if (!s.held) throw new LostLease(`lost the lease on ${row.key}`);
    if (interruptible && s.cancelRequested) throw new Interrupted("cancel asked");
  }

  /**
   * Waits (at most IN_FLIGHT_WAIT_MS) while the worker this request was taken over from may still be
   * making the key's resource, so that the lookup after sees what its call made instead of creating
   * a second one. The lease is kept by the heartbeat meanwhile.
   */
  private async settled(row: ClaimedRow, key: string): Promise<void> {
    const until = Date.now() + IN_FLIGHT_WAIT_MS;
    while (Date.now() < until && (await this.journal.inFlight(key, row.id, ALIVE_WITHIN_MS))) {
      await this.check(row, false);
      await sleep(250);
    }
  }

  /** Finds what the cloud holds under the key (when a call was ever made for it), else creates it. */
  private async ensure(row: ClaimedRow, kind: ResourceKind, key: string, create: () => Promise<CloudResource>): Promise<CloudResource> {
    // Placed by this worker a moment ago (never provisioned before): nothing can exist under the key yet.
    let look = row.fresh === true ? false : await this.journal.touched(key, row.id);
    if (look) await this.settled(row, key);
    for (let a = 0; a < this.config.driverAttempts; a++) {
      if (look) {
        const found = await this.retrying(`find ${kind} ${key}`, () => this.driver.findByKey(kind, key));
        if (found && found.state !== "error") {
          const id = await this.journal.open(row.id, "adopt", kind, key);
          await this.journal.done(id, found.id, `found by its key (${found.state})`);
          return found;
        }
        if (found) await this.retrying(`delete ${kind} ${found.id}`, () => this.journal.around(row.id, "delete", kind, key, () => this.driver.delete(kind, found.id)));
      }
      try {
        // The lease checked and the entry written in one statement, before the call.
        const op = `create${kind[0]!.toUpperCase()}${kind.slice(1)}`;
        const out = await this.journal.aroundHeld(row.id, op, kind, key, { marginMs: LEASE_MARGIN_MS, unlessCancelled: true }, create);
        if (out.ok) return out.value;
        throw out.held ? new Interrupted("cancel asked") : new LostLease(`lost the lease on ${row.key}`);
      } catch (error) {
        if (!(error instanceof DriverError) || !error.retryable) {
          throw error instanceof DriverError ? new ProvisionFailure(`DRIVER_${error.code.toUpperCase()}`, `${kind} ${key}: ${error.message}`) : error;
        }
        look = true;
        await sleep(Math.min(1000, 25 * 2 ** a));
      }
    }
    throw new ProvisionFailure("DRIVER_UNAVAILABLE", `${kind} ${key}: the cloud kept failing (${this.config.driverAttempts} tries)`);
  }

  /** The engine's choice: stored with the request, or (for requests placed before it was stored) read from the consumer's allocations. */
  private async placementOf(row: ClaimedRow): Promise<Placement> {
    if (row.placement && row.placement.length > 0) return row.placement;
    if (row.consumerId === null) throw new ProvisionFailure("NO_ALLOCATIONS", "the request holds no allocations");
    const held = await this.db.select({ provider: resourceProviders.name, kind: resourceProviders.kind, rc: allocationsTable.resourceClass, used: allocationsTable.used })
      .from(allocationsTable).innerJoin(resourceProviders, eq(resourceProviders.id, allocationsTable.providerId))
      .where(eq(allocationsTable.consumerId, row.consumerId));
    const of = (kind: string) => [...new Set(held.filter((h) => h.kind === kind).map((h) => h.provider))];
    const host = of("host")[0] ?? row.host;
    if (!host) throw new ProvisionFailure("NO_ALLOCATIONS", "the request holds no host");
    const storage = of("storage");
    const network = of("network");
    return [
      { provider: host, resources: row.spec.compute.resources },
      ...(row.spec.storage ?? []).map((g, i) => ({ provider: storage[Math.min(i, storage.length - 1)] ?? "", resources: g.resources })),
      ...(row.spec.network ?? []).map((g, j) => ({ provider: network[Math.min(j, network.length - 1)] ?? "", resources: g.resources })),
    ];
  }

  /** placed (or provisioning, taken over) -> active; or failed / cancelled with everything cleaned up. */
  async provision(row: ClaimedRow): Promise<ProvisionResult> {
    try {
      if (row.state === "placed") {
        const moved = await transition(this.db, [row.id], "provision", {
          actor: this.worker, reason: this.provisionReason,
          heldBy: this.worker, where: sql`${placementRequests.cancelRequestedAt} is null`,
        });
        if (moved.length === 0) return "lost";
      }
      const placement = await this.placementOf(row);
      const host = placement[0]!.provider;
      const nStorage = row.spec.storage?.length ?? 0;
      const volumes: CloudResource[] = [];
      for (let i = 0; i < nStorage; i++) {
        const alloc = placement[1 + i]!;
        const key = `${row.key}/volume/${i}`;
        volumes.push(await this.ensure(row, "volume", key, () => this.driver.createVolume({
          key, name: `${row.name}-vol${i}`, sizeGb: alloc.resources.VOLUME_GB ?? 0, backend: alloc.provider, projectId: row.projectId,
        })));
      }
      const ports: CloudResource[] = [];
      for (let j = 0; j < (row.spec.network?.length ?? 0); j++) {
        const alloc = placement[1 + nStorage + j]!;
        const key = `${row.key}/port/${j}`;
        ports.push(await this.ensure(row, "port", key, () => this.driver.createPort({ key, name: `${row.name}-port${j}`, network: alloc.provider, projectId: row.projectId })));
      }
      const server = await this.ensure(row, "server", row.key, () => this.driver.createServer({
        key: row.key, name: row.name, host, zone: row.zone, flavor: row.flavorId, resources: placement[0]!.resources,
        portIds: ports.map((p) => p.id), projectId: row.projectId, metadata: { headroomRequest: row.id, headroomConsumer: row.consumerId ?? "" },
      }));
      for (const v of volumes) {
        await this.retrying(`attach ${v.id}`, () => this.journal.around(row.id, "attach", "volume", v.key, () => this.driver.attach(server.id, v.id)));
      }
      const deadline = Date.now() + this.config.bootTimeoutMs;
      let state = server;
      let polls = 0;
      while (state.state !== "active") {
        if (state.state === "error" || state.state === "gone") {
          throw new ProvisionFailure("SERVER_ERROR", `server ${server.id} went ${state.state}${state.fault ? `: ${state.fault}` : ""}`);
        }
        if (Date.now() > deadline) throw new ProvisionFailure("BOOT_TIMEOUT", `server ${server.id} was not active after ${this.config.bootTimeoutMs} ms`);
        await sleep(100);
        if (++polls % 5 === 0) await this.check(row, true);
        state = await this.retrying(`poll server ${server.id}`, () => this.driver.poll("server", server.id));
      }
      return (await this.activate(row, server.id, `server ${server.id} active on ${state.host ?? host}`)) ? "active" : "lost";
    } catch (error) {
      if (error instanceof LostLease) return "lost";
      if (error instanceof Interrupted) return (await this.undo(row, "finishCancel", "cancelled: cloud resources deleted, allocations freed")) ? "cancelled" : "lost";
      if (error instanceof ProvisionFailure) {
        this.log(`${row.key}: provisioning failed (${error.code}): ${error.message}`);
        return (await this.undo(row, "fail", error.message, error.code)) ? "failed" : "lost";
      }
      throw error;
    }
  }

  /** provisioning -> active (the machine's activate: still provisioning, still held) and its event, in one statement. */
  private async activate(row: ClaimedRow, serverId: string, reason: string): Promise<boolean> {
    const rule = machine.activate;
    const [moved] = await rowsOf<{ n: number }>(this.db, sql`with m as (
        update placement_requests r set state = ${rule.to!}, server_id = ${serverId}, active_at = now(), claimed_by = null, lease_until = null,
          last_error = null, last_code = null, generation = r.generation + 1, updated_at = now()
        where r.id = ${row.id}::uuid and r.state in (${sql.join(rule.from.map((f) => sql`${f}`), sql`, `)}) and r.claimed_by = ${this.worker}
        returning r.id, r.state
      ), e as (
        insert into placement_request_events (request_id, from_state, to_state, actor, reason)
        select m.id, ${rule.from[0]!}::request_state, m.state, ${this.worker}, ${reason} from m
      ) select count(*)::int as n from m`);
    return Number(moved?.n ?? 0) > 0;
  }

  /** active, delete asked -> cancelled: the cloud's resources deleted, the allocations freed. */
  async deprovision(row: ClaimedRow): Promise<ProvisionResult> {
    try {
      return (await this.undo(row, "finishDelete", "deleted: server deprovisioned, allocations freed")) ? "deleted" : "lost";
    } catch (error) {
      if (error instanceof LostLease) return "lost";
      throw error;
    }
  }

  /** Deletes whatever the cloud holds under the request's keys, then frees its allocations and moves it by `action`, in one transaction. */
  private async undo(row: ClaimedRow, action: Action, reason: string, code?: string): Promise<boolean> {
    for (const { kind, key } of this.keysOf(row)) {
      // The server first (keysOf lists it first): volumes and ports are freed once it is gone.
      for (let n = 0; n < 4; n++) {
        const found = await this.retrying(`find ${kind} ${key}`, () => this.driver.findByKey(kind, key));
        if (!found) break;
        await this.check(row, false);
        await this.retrying(`delete ${kind} ${found.id}`, () => this.journal.around(row.id, "delete", kind, key, () => this.driver.delete(kind, found.id)));
      }
    }
    const out = await write(this.db, async (tx) => {
      const moved = await transition(tx, [row.id], action, {
        actor: this.worker, reason: code ? `${code}: ${reason}` : reason, heldBy: this.worker,
        set: { claimedBy: null, leaseUntil: null, ...(code !== undefined && { lastError: reason, lastCode: code }), ...(action !== "fail" && { serverId: null }) },
      });
      if (moved.length === 0) return false;
      await releaseConsumer(tx, row.consumerId, this.worker);
      await capacityFreed(tx);
      return true;
    });
    if (!out.ok) throw new Error(`releasing ${row.key}: ${out.message}`);
    return out.value;
  }
}
