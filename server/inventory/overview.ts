import { and, count, eq, isNotNull, ne, sql } from "drizzle-orm";
import { allocations, consumers, inventories, providerLocations, resourceProviders } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import { capacityOf } from "../../scheduler/capacity";
import { allocatedToInventory } from "./usage";

const p = resourceProviders;

type Sum = { capacity: number; used: number };
function add(map: Map<string, Sum>, key: string, capacity: number, used: number) {
  const s = map.get(key) ?? { capacity: 0, used: 0 };
  s.capacity += capacity;
  s.used += used;
  map.set(key, s);
}

/**
 * overview.summary: provider counts by kind and state, and capacity against use per resource class,
 * per zone, per hardware model and per rack (hosts only, with each rack's host count: the heat
 * strip). Retired providers are left out of the capacity figures; providers in maintenance or
 * disabled count (they keep their allocations).
 */
export async function overviewSummary(db: DbOrTx) {
  // One row per distinct inventory (same place, kind, model, class and figures) with how many
  // providers share it: capacity is computed by capacityOf once per row and multiplied, so the
  // summary reads a few thousand rows whatever the size of the fleet.
  const [states, facts, rackHosts, consumerCount, allocationCount] = await Promise.all([
    db.select({ kind: p.kind, state: p.state, n: count() }).from(p).groupBy(p.kind, p.state),
    db
      .select({
        zone: providerLocations.zone, rack: providerLocations.rack, hardwareModel: p.hardwareModelId, kind: p.kind,
        resourceClass: inventories.resourceClass, total: inventories.total, reserved: inventories.reserved,
        allocationRatio: inventories.allocationRatio,
        n: count(),
        used: sql<string>`coalesce(sum(${allocatedToInventory}), 0)`.mapWith(Number),
      })
      .from(inventories)
      .innerJoin(p, eq(p.id, inventories.providerId))
      .innerJoin(providerLocations, eq(providerLocations.providerId, p.id))
      .where(ne(p.state, "retired"))
      .groupBy(
        providerLocations.zone, providerLocations.rack, p.hardwareModelId, p.kind, inventories.resourceClass,
        inventories.total, inventories.reserved, inventories.allocationRatio,
      ),
    db
      .select({ zone: providerLocations.zone, rack: providerLocations.rack, hosts: count() })
      .from(p)
      .innerJoin(providerLocations, eq(providerLocations.providerId, p.id))
      .where(and(eq(p.kind, "host"), ne(p.state, "retired"), isNotNull(providerLocations.rack)))
      .groupBy(providerLocations.zone, providerLocations.rack),
    db.select({ n: count() }).from(consumers),
    db.select({ n: count() }).from(allocations),
  ]);

  const providers: Record<string, Record<string, number> & { total: number }> = {};
  for (const s of states) {
    const k = (providers[s.kind] ??= { total: 0 });
    k[s.state] = s.n;
    if (s.state !== "retired") k.total += s.n;
  }
  const byClass = new Map<string, Sum>();
  const byZone = new Map<string, Sum>();
  const byModel = new Map<string, Sum>();
  const byRack = new Map<string, Sum>();
  for (const f of facts) {
    const capacity = capacityOf(f) * f.n;
    add(byClass, f.resourceClass, capacity, f.used);
    add(byZone, `${f.zone ?? ""}\u0000${f.resourceClass}`, capacity, f.used);
    if (f.kind === "host") add(byModel, `${f.hardwareModel ?? ""}\u0000${f.resourceClass}`, capacity, f.used);
    if (f.kind === "host" && f.rack) add(byRack, `${f.zone ?? ""}\u0000${f.rack}\u0000${f.resourceClass}`, capacity, f.used);
  }
  const split = (key: string) => key.split("\u0000") as [string, string];
  const sorted = <T>(xs: T[], key: (x: T) => string) => xs.sort((a, b) => key(a).localeCompare(key(b)));
  return {
    providers,
    byClass: sorted([...byClass].map(([resourceClass, s]) => ({ resourceClass, ...s })), (x) => x.resourceClass),
    byZone: sorted(
      [...byZone].map(([k, s]) => ({ zone: split(k)[0] || null, resourceClass: split(k)[1], ...s })),
      (x) => `${x.zone ?? ""}/${x.resourceClass}`,
    ),
    byHardwareModel: sorted(
      [...byModel].map(([k, s]) => ({ hardwareModel: split(k)[0] || null, resourceClass: split(k)[1], ...s })),
      (x) => `${x.hardwareModel ?? ""}/${x.resourceClass}`,
    ),
    /** Hosts only, per rack: the overview's heat strip. */
    byRack: sorted(
      [...byRack].map(([k, s]) => {
        const [zone, rack, resourceClass] = k.split("\u0000") as [string, string, string];
        return { zone: zone || null, rack, resourceClass, ...s };
      }),
      (x) => `${x.zone ?? ""}/${x.rack}/${x.resourceClass}`,
    ),
    /** Every rack holding hosts that are not retired, with how many (with inventory or not). */
    rackHosts: sorted(
      rackHosts.map((r) => ({ zone: r.zone, rack: r.rack ?? "", hosts: r.hosts })),
      (x) => `${x.zone ?? ""}/${x.rack}`,
    ),
    consumers: consumerCount[0]?.n ?? 0,
    allocations: allocationCount[0]?.n ?? 0,
  };
}
