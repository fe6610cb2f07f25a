/**
 * The `simulated` provisioning driver: a cloud kept in the database (simulated_resources), so that
 * every worker process sees one cloud, with seeded delays and injectable faults. It makes nothing
 * real and says so: `simulated: true`, its name, its health sentence and its log lines.
 *
 * Faults (a share `rate` of calls; which fault, seeded): a 5xx answer before anything happens, a
 * timeout (the call may or may not have happened), a slow answer, a call that succeeds but whose
 * answer is lost, and for servers a build that ends in error. A retry with the same idempotency key
 * finds (findByKey) what a lost or timed-out call made.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { simulatedResources } from "../../drizzle/schema";
import type { Db } from "../db/client";
import {
  DriverError, type CloudResource, type CloudState, type DriverHealth, type PortSpec, type ProvisioningDriver, type ResourceKind,
  type ServerSpec, type VolumeSpec,
} from "./port";
import { seededRandom } from "../../scheduler/random";

export type SimulatedFaults = {
  /** Share of calls that fault (0..1). */
  rate: number;
  /** Of the faults, the weights of each kind (normalised). */
  mix?: Partial<Record<FaultKind, number>>;
};
export type FaultKind = "unavailable" | "timeout" | "slow" | "lost_answer" | "build_error";

export type SimulatedOptions = {
  db: Db;
  seed?: number;
  faults?: SimulatedFaults;
  /** Every call's delay, ms: uniform in [min, max]. */
  callDelayMs?: [number, number];
  /** How long a server builds, ms: uniform in [min, max]. */
  bootMs?: [number, number];
  /** A slow answer's delay and how long a call waits before it times out. */
  slowMs?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
};

const defaultMix: Record<FaultKind, number> = { unavailable: 4, timeout: 2, slow: 2, lost_answer: 2, build_error: 1 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const s = simulatedResources;

type Row = typeof simulatedResources.$inferSelect;

function toResource(row: Row): CloudResource {
  return {
    kind: row.kind, id: row.id, key: row.key, state: row.state as CloudState,
    ...(row.kind === "server" && { host: row.location }),
    ...(row.address !== null && { address: row.address }),
    ...(row.fault !== null && row.state === "error" && { fault: row.fault }),
  };
}

export class SimulatedDriver implements ProvisioningDriver {
  readonly name = "simulated";
  readonly simulated = true;
  private readonly random: () => number;
  private readonly mix: [FaultKind, number][];
  private readonly db: Db;
  private readonly faultRate: number;
  private readonly callDelay: [number, number];
  private readonly boot: [number, number];
  private readonly slowMs: number;
  private readonly timeoutMs: number;
  private readonly log: (line: string) => void;
  /** Calls and faults so far, per kind (for logs and the bench). */
  readonly counts: Record<FaultKind | "calls", number> = { calls: 0, unavailable: 0, timeout: 0, slow: 0, lost_answer: 0, build_error: 0 };

  constructor(options: SimulatedOptions) {
    this.db = options.db;
    this.random = seededRandom(options.seed ?? 1);
    this.faultRate = Math.min(1, Math.max(0, options.faults?.rate ?? 0));
    const mix = { ...defaultMix, ...(options.faults?.mix ?? {}) };
    const total = Object.values(mix).reduce((a, b) => a + b, 0);
    this.mix = (Object.entries(mix) as [FaultKind, number][]).map(([k, w]) => [k, w / total]);
    this.callDelay = options.callDelayMs ?? [2, 20];
    this.boot = options.bootMs ?? [300, 2000];
    this.slowMs = options.slowMs ?? 1500;
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.log = options.log ?? (() => undefined);
  }

  private uniform([min, max]: [number, number]): number {
    return min + (max - min) * this.random();
  }

  /** The fault this call suffers, if any (build errors only for server creation). */
  private fault(canBuildFail: boolean): FaultKind | null {
    this.counts.calls += 1;
    if (this.random() >= this.faultRate) return null;
    let u = this.random();
    for (const [kind, w] of this.mix) {
      if ((u -= w) <= 0) {
        if (kind === "build_error" && !canBuildFail) return "unavailable";
        this.counts[kind] += 1;
        return kind;
      }
    }
    return "unavailable";
  }

  /**
   * One call with its delay and fault: 5xx before acting; a timeout that acted or not (seeded); a slow
   * answer; an answer lost after acting.
   */
  private async call<T>(what: string, act: (fault: FaultKind | null) => Promise<T>, canBuildFail = false): Promise<T> {
    const fault = this.fault(canBuildFail);
    await sleep(this.uniform(this.callDelay));
    if (fault === "unavailable") {
      this.log(`simulated cloud: ${what}: injected 503`);
      throw new DriverError("unavailable", `simulated cloud: 503 Service Unavailable on ${what} (injected fault)`, true, 503);
    }
    if (fault === "timeout") {
      const acted = this.random() < 0.5;
      if (acted) await act(fault);
      await sleep(this.timeoutMs);
      this.log(`simulated cloud: ${what}: injected timeout (${acted ? "it happened" : "it did not happen"})`);
      throw new DriverError("timeout", `simulated cloud: ${what} timed out after ${this.timeoutMs} ms (injected fault)`, true);
    }
    if (fault === "slow") await sleep(this.slowMs);
    const out = await act(fault);
    if (fault === "lost_answer") {
      this.log(`simulated cloud: ${what}: done, answer lost (injected fault)`);
      throw new DriverError("lost_answer", `simulated cloud: the answer to ${what} was lost (injected fault)`, true);
    }
    return out;
  }

  private async insert(row: typeof simulatedResources.$inferInsert): Promise<CloudResource> {
    const [made] = await this.db.insert(s).values(row).returning();
    return toResource(made!);
  }

  createVolume(spec: VolumeSpec): Promise<CloudResource> {
    return this.call(`create volume ${spec.key}`, () => this.insert({
      id: `vol-${randomUUID()}`, kind: "volume", key: spec.key, name: spec.name, projectId: spec.projectId,
      location: spec.backend, state: "active", detail: { sizeGb: spec.sizeGb, volumeType: spec.volumeType ?? null },
    }));
  }

  createPort(spec: PortSpec): Promise<CloudResource> {
    return this.call(`create port ${spec.key}`, () => {
      const n = Math.floor(this.random() * 65_000) + 2;
      return this.insert({
        id: `port-${randomUUID()}`, kind: "port", key: spec.key, name: spec.name, projectId: spec.projectId,
        location: spec.network, state: "active", address: `10.${(n >> 8) & 255}.${n & 255}.${2 + Math.floor(this.random() * 250)}`,
        detail: { subnet: spec.subnet ?? null },
      });
    });
  }

  createServer(spec: ServerSpec): Promise<CloudResource> {
    // A build error shows later, on poll, as it would in a cloud.
    return this.call(`create server ${spec.key} on ${spec.host}`, (fault) => this.insert({
      id: `srv-${randomUUID()}`, kind: "server", key: spec.key, name: spec.name, projectId: spec.projectId, location: spec.host,
      state: "building", readyAt: new Date(Date.now() + this.uniform(this.boot)),
      fault: fault === "build_error" ? "simulated cloud: the build failed on the hypervisor (injected fault)" : null,
      detail: { ports: spec.portIds, resources: spec.resources, flavor: spec.flavor ?? null, metadata: spec.metadata ?? {} },
    }), true);
  }

  attach(serverId: string, volumeId: string): Promise<void> {
    return this.call(`attach ${volumeId} to ${serverId}`, async () => {
      const [server] = await this.db.select({ id: s.id }).from(s).where(and(eq(s.id, serverId), ne(s.state, "gone")));
      if (!server) throw new DriverError("not_found", `simulated cloud: no server ${serverId}`, false, 404);
      await this.db.update(s).set({ detail: sql`${s.detail} || jsonb_build_object('attachedTo', ${serverId}::text)` }).where(eq(s.id, volumeId));
    });
  }

  poll(kind: ResourceKind, id: string): Promise<CloudResource> {
    return this.call(`poll ${kind} ${id}`, async () => {
      // A building server turns active (or error, when its build was doomed) once its time has come.
      const [row] = await this.db.update(s)
        .set({ state: sql`case when ${s.state} = 'building' and ${s.readyAt} <= now() then (case when ${s.fault} is null then 'active' else 'error' end) else ${s.state} end` })
        .where(and(eq(s.id, id), eq(s.kind, kind)))
        .returning();
      return row ? toResource(row) : { kind, id, key: "", state: "gone" as const };
    });
  }

  delete(kind: ResourceKind, id: string): Promise<void> {
    return this.call(`delete ${kind} ${id}`, async () => {
      await this.db.update(s).set({ state: "gone", deletedAt: sql`now()` }).where(and(eq(s.id, id), eq(s.kind, kind)));
    });
  }

  liveMigrate(serverId: string, host: string): Promise<void> {
    return this.call(`live-migrate ${serverId} to ${host}`, async () => {
      const [row] = await this.db.update(s).set({ location: host }).where(and(eq(s.id, serverId), eq(s.kind, "server"), eq(s.state, "active"))).returning({ id: s.id });
      if (!row) throw new DriverError("conflict", `simulated cloud: server ${serverId} is not active`, false, 409);
    });
  }

  findByKey(kind: ResourceKind, key: string): Promise<CloudResource | null> {
    return this.call(`find ${kind} ${key}`, async () => {
      const [row] = await this.db.select().from(s).where(and(eq(s.kind, kind), eq(s.key, key), ne(s.state, "gone"))).orderBy(asc(s.createdAt)).limit(1);
      return row ? toResource(row) : null;
    });
  }

  async health(): Promise<DriverHealth> {
    return { ok: true, driver: this.name, simulated: true, detail: "simulated cloud kept in the database: nothing real is made" };
  }
}
