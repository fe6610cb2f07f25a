/**
 * The worker's picture of the live inventory, kept between windows instead of rebuilt per request:
 * the static part (providers, inventories, traits, aggregates, server groups: readInventory) is read
 * again after `maxAgeMs`; use is read whole once (sums per provider and class, with the highest
 * allocation id) and then by delta (allocations with a higher id, which holds this worker's own
 * writes and everyone else's). Releases are not deltas: the picture then shows less room than there
 * is, never more, until the next full read (after a conflict, or when it ages). The writer checks
 * the capacity rule on what is committed, so a stale picture costs a re-plan, never an over-commit.
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
};

export class SnapshotCache {
  private static_: Static | undefined;
  /** `${providerName}\u0000${class}` -> used. */
  private used = new Map<string, number>();
  private lastAllocationId = 0;
  private stale = true;
  fullReads = 0;
  deltaReads = 0;

  constructor(private readonly db: Db, private readonly maxAgeMs: number, private readonly now: () => number = Date.now) {}

  /** The next read is a full one, inventories and all (after a conflict: someone wrote what the picture does not show). */
  invalidate(): void {
    this.stale = true;
    this.static_ = undefined;
  }

  private async readStatic(): Promise<Static> {
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
    };
  }

  /** Brings the picture up to date: a full read when stale or old, else the allocations made since the last read. */
  async refresh(): Promise<void> {
    if (this.static_ === undefined || this.now() - this.static_.readAt > this.maxAgeMs) {
      this.static_ = await this.readStatic();
      this.stale = true;
    }
    const st = this.static_;
    if (this.stale) {
      const [sums, [max]] = await this.db.transaction(async (tx) => Promise.all([
        rowsOf<{ provider_id: string; resource_class: string; used: number }>(tx, sql`select provider_id::text as provider_id, resource_class, sum(used)::float8 as used from allocations group by 1, 2`),
        rowsOf<{ id: number | string | null }>(tx, sql`select max(id) as id from allocations`),
      ]), { isolationLevel: "repeatable read", accessMode: "read only" });
      this.used = new Map();
      for (const s of sums) {
        const name = st.nameById.get(s.provider_id);
        if (name !== undefined) this.used.set(`${name}\u0000${s.resource_class}`, Number(s.used));
      }
      this.lastAllocationId = Number(max?.id ?? 0);
      this.stale = false;
      this.fullReads += 1;
      return;
    }
    const delta = await rowsOf<{ id: number | string; provider_id: string; resource_class: string; used: number }>(this.db,
      sql`select id, provider_id::text as provider_id, resource_class, used from allocations where id > ${this.lastAllocationId} order by id`);
    for (const d of delta) {
      const name = st.nameById.get(d.provider_id);
      if (name !== undefined) {
        const k = `${name}\u0000${d.resource_class}`;
        this.used.set(k, (this.used.get(k) ?? 0) + Number(d.used));
      }
      this.lastAllocationId = Math.max(this.lastAllocationId, Number(d.id));
    }
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
