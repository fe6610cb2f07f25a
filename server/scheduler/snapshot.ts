/**
 * The worker's picture of the live inventory, kept between windows instead of rebuilt per request:
 * the static part (providers, inventories, traits, aggregates, server groups: readInventory) is read
 * again after `maxAgeMs`; use is read whole once (sums per provider and class, with the highest
 * allocation id) and then by delta (allocations with a higher id, which holds this worker's own
 * writes and everyone else's). Two cheap fingerprints, read with every delta, say when that is not
 * enough: the providers' count and latest `updated_at` (every inventory, state, trait or aggregate
 * write touches it, allocations do not): the static part is read again; the allocations' count
 * below what the last read plus the delta make (something was released): the use is read whole
 * again (at most every RELEASE_READ_MS). So capacity added or freed is seen within a window or two, which is what the wake on capacity
 * (server/requests/wake.ts) counts on. The writer checks the capacity rule on what is committed, so
 * a stale picture costs a re-plan, never an over-commit.
 */
import { sql } from "drizzle-orm";
import type { PlacementProblem, Provider, ServerGroup } from "../../scheduler/contract";
import type { Db } from "../db/client";
import { rowsOf } from "../db/rows";
import { exportInventory, readInventory, type InventorySnapshot } from "../inventory/export";

type Static = {
  snapshot: InventorySnapshot;
  idByName: Map<string, string>;
  nameById: Map<string, string>;
  /** server_groups.id -> the contract's `<project>/<name>`. */
  groupById: Map<string, string>;
  readAt: number;
  /** The providers' fingerprint when it was read. */
  providers: string;
};

/**
 * A release makes the next window read the use whole, but not more often than this: under a churn of
 * releases (failed provisionings, deletes) full reads would otherwise cost every window; meanwhile the
 * picture shows less room than there is, never more.
 */
export const RELEASE_READ_MS = 2000;

export class SnapshotCache {
  private static_: Static | undefined;
  /** `${providerName}\u0000${class}` -> used. */
  private used = new Map<string, number>();
  private lastAllocationId = 0;
  /** Allocations counted at the last read (full, or delta added). */
  private allocationCount = 0;
  /** Something was released since the last full read of the use (read whole again once RELEASE_READ_MS have passed since that one). */
  private released = false;
  private lastFullAt = Number.NEGATIVE_INFINITY;
  private stale = true;
  fullReads = 0;
  deltaReads = 0;

  constructor(private readonly db: Db, private readonly maxAgeMs: number, private readonly now: () => number = Date.now) {}

  /** The next read is a full one, inventories and all (after a conflict: someone wrote what the picture does not show). */
  invalidate(): void {
    this.stale = true;
    this.static_ = undefined;
  }

  private async providersFingerprint(): Promise<string> {
    const [row] = await rowsOf<{ f: string }>(this.db, sql`select count(*)::text || '/' || coalesce(max(updated_at)::text, '') as f from resource_providers`);
    return row?.f ?? "";
  }

  /** `providers`: the fingerprint read just before, when the caller has one (one read per refresh). */
  private async readStatic(providers?: string): Promise<Static> {
    providers ??= await this.providersFingerprint();
    const [snapshot, ids, groups] = await Promise.all([
      readInventory(this.db),
      rowsOf<{ id: string; name: string }>(this.db, sql`select id::text as id, name from resource_providers where kind in ('host', 'storage', 'network')`),
      rowsOf<{ id: string; name: string; project_id: string }>(this.db, sql`select id::text as id, name, project_id from server_groups`),
    ]);
    return {
      snapshot,
      idByName: new Map(ids.map((r) => [r.name, r.id])),
      nameById: new Map(ids.map((r) => [r.id, r.name])),
      groupById: new Map(groups.map((g) => [g.id, `${g.project_id}/${g.name}`])),
      readAt: this.now(),
      providers,
    };
  }

  /** The use read whole: sums per provider and class, with the highest allocation id and the count, on one snapshot. */
  private async readUse(st: Static): Promise<void> {
    const [sums, [max]] = await this.db.transaction(async (tx) => Promise.all([
      rowsOf<{ provider_id: string; resource_class: string; used: number }>(tx, sql`select provider_id::text as provider_id, resource_class, sum(used)::float8 as used from allocations group by 1, 2`),
      rowsOf<{ id: number | string | null; n: number }>(tx, sql`select max(id) as id, count(*)::int as n from allocations`),
    ]), { isolationLevel: "repeatable read", accessMode: "read only" });
    this.used = new Map();
    for (const s of sums) {
      const name = st.nameById.get(s.provider_id);
      if (name !== undefined) this.used.set(`${name}\u0000${s.resource_class}`, Number(s.used));
    }
    this.lastAllocationId = Number(max?.id ?? 0);
    this.allocationCount = Number(max?.n ?? 0);
    this.stale = false;
    this.released = false;
    this.lastFullAt = this.now();
    this.fullReads += 1;
  }

  /** Brings the picture up to date: a full read when stale or old, else the allocations made since the last read. */
  async refresh(): Promise<void> {
    const aged = this.static_ === undefined || this.now() - this.static_.readAt > this.maxAgeMs;
    const providers = aged ? undefined : await this.providersFingerprint();
    if (aged || providers !== this.static_!.providers) {
      this.static_ = await this.readStatic(providers);
      this.stale = true;
    }
    const st = this.static_!;
    if (this.stale || (this.released && this.now() - this.lastFullAt >= RELEASE_READ_MS)) return this.readUse(st);
    // The delta and the count on one snapshot: fewer rows than the last count plus the delta means some were released.
    const [delta, [count]] = await this.db.transaction(async (tx) => Promise.all([
      rowsOf<{ id: number | string; provider_id: string; resource_class: string; used: number }>(tx,
        sql`select id, provider_id::text as provider_id, resource_class, used from allocations where id > ${this.lastAllocationId} order by id`),
      rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from allocations`),
    ]), { isolationLevel: "repeatable read", accessMode: "read only" });
    const n = Number(count?.n ?? 0);
    if (n !== this.allocationCount + delta.length) {
      this.released = true;
      if (this.now() - this.lastFullAt >= RELEASE_READ_MS) return this.readUse(st);
    }
    for (const d of delta) {
      const name = st.nameById.get(d.provider_id);
      if (name !== undefined) {
        const k = `${name}\u0000${d.resource_class}`;
        this.used.set(k, (this.used.get(k) ?? 0) + Number(d.used));
      }
      this.lastAllocationId = Math.max(this.lastAllocationId, Number(d.id));
    }
    this.allocationCount = n;
    this.deltaReads += 1;
  }

  private get st(): Static {
    if (!this.static_) throw new Error("snapshot not read yet: call refresh() first");
    return this.static_;
  }

  /** The schedulable providers and server groups as a placement problem's, with the use as of the last refresh. */
  problem(): Pick<PlacementProblem, "providers" | "serverGroups"> & { providers: Provider[]; serverGroups: ServerGroup[] } {
    const snap = this.st.snapshot;
    const providers = snap.providers.map((p) => {
      const allocated: Record<string, number> = {};
      for (const rc of Object.keys(p.inventory)) {
        const u = this.used.get(`${p.name}\u0000${rc}`);
        if (u !== undefined && u > 0) allocated[rc] = u;
      }
      return { ...p, allocated };
    });
    const out = exportInventory({ ...snap, providers }).document;
    return { providers: out.providers, serverGroups: out.serverGroups ?? [] };
  }

  providerId(name: string): string | undefined {
    return this.st.idByName.get(name);
  }


  groupId(serverGroupId: string | null): string | undefined {
    return serverGroupId === null ? undefined : this.st.groupById.get(serverGroupId);
  }
}
