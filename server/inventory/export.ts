/**
 * The live inventory as the planner's tools read it: a placement problem (`headroom place`) or a
 * scenario skeleton (`headroom simulate`) in the formats of shared/contracts/README.md, for
 * `headroom db export`. One read of the database (readInventory, in one read-only transaction), then
 * pure conversions (exportProblem, exportScenario) that decide what the contract can say:
 *
 * - Provider ids are the providers' names: unique in the database, what people and the contract's
 *   `pinnedHost` use, and stable across exports (the database's uuids mean nothing outside it).
 * - Only providers with capacity (host, storage, network); region, zone and rack nodes become each
 *   provider's `zone` and `rack`, the nearest ancestors of that kind in the tree.
 * - Inventories as stored (all six fields); `used` is the sum of the current allocations per class,
 *   classes with none left out. Allocations of a class the provider has no inventory of are left
 *   out (the contract refuses them) and reported.
 * - `aggregates`: the reachability aggregates only, which is what the contract's field means
 *   (which storage and networks a host reaches); availability-zone aggregates are the `zone`, and
 *   other host aggregates have no field.
 * - Maintenance and disabled providers keep their allocations but take no new work; the contract
 *   has no field for that, so they are left out unless asked for (then the engine will place on
 *   them). Retired providers are left out unless asked for.
 * - Server groups: id `${projectId}/${name}` (a name is unique within its project only), with
 *   policy and scope. The members already running are not expressible in the contract: a request
 *   of the exported problem that names a group is held to the rule only against the other requests.
 */
import { and, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import {
  aggregates, allocations, inventories, providerAggregates, providerLocations, providerTraits, resourceProviders, serverGroups,
} from "../../drizzle/schema";
import type { Inventory, PlacementProblem, Provider, ServerGroup } from "../../scheduler/contract";
import type { Scenario } from "../../simulator/scenario/schema";
import type { DbOrTx, Tx } from "../db/client";

export const EXPORT_KINDS = ["host", "storage", "network"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type ProviderState = (typeof resourceProviders.state.enumValues)[number];

/** The one provider state that takes new work. */
const SCHEDULABLE: ProviderState = "active";

export type SnapshotProvider = {
  name: string;
  kind: ExportKind;
  state: ProviderState;
  zone: string | null;
  rack: string | null;
  inventory: Record<string, Required<Inventory>>;
  /** Sum of allocations per class, every class allocated (with or without an inventory). */
  allocated: Record<string, number>;
  traits: string[];
  aggregates: string[];
};

export type SnapshotServerGroup = { name: string; projectId: string; policy: ServerGroup["policy"]; scope: NonNullable<ServerGroup["scope"]> };

/** What readInventory reads: the providers with capacity (of every state), the server groups and the zone names. */
export type InventorySnapshot = {
  providers: SnapshotProvider[];
  serverGroups: SnapshotServerGroup[];
  /** Names of the zone nodes of the tree (retired ones aside), sorted. */
  zones: string[];
};

export type ExportOptions = {
  /** Only providers of this zone, and the storage and networks that are in no zone (region-wide, such as object storage or floating IPs). */
  zone?: string;
  includeRetired?: boolean;
  /** Maintenance and disabled providers too, as ordinary (schedulable) providers. */
  includeUnschedulable?: boolean;
};

export type ExportOutcome<T> = { document: T; notes: string[]; counts: Record<ExportKind, number> };

/** Code-unit order, the same on every backend whatever its collation. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const p = resourceProviders;
const loc = providerLocations;

/** The zone filter in SQL: the zone's providers and the zone-less storage and networks. */
function inZone(zone: string | undefined): SQL | undefined {
  if (zone === undefined) return undefined;
  return or(eq(loc.zone, zone), and(isNull(loc.zone), inArray(p.kind, ["storage", "network"])));
}

async function readIn(tx: Tx, zone: string | undefined): Promise<InventorySnapshot> {
  const where = and(inArray(p.kind, [...EXPORT_KINDS]), inZone(zone));
  const chosen = tx.select({ id: p.id }).from(p).innerJoin(loc, eq(loc.providerId, p.id)).where(where);
  const [rows, invs, sums, traitRows, aggRows, groups, zoneRows] = await Promise.all([
    tx.select({ id: p.id, name: p.name, kind: p.kind, state: p.state, zone: loc.zone, rack: loc.rack })
      .from(p).innerJoin(loc, eq(loc.providerId, p.id)).where(where),
    tx.select({
      providerId: inventories.providerId, resourceClass: inventories.resourceClass, total: inventories.total,
      reserved: inventories.reserved, minUnit: inventories.minUnit, maxUnit: inventories.maxUnit,
      stepSize: inventories.stepSize, allocationRatio: inventories.allocationRatio,
    }).from(inventories).where(inArray(inventories.providerId, chosen)),
    tx.select({
      providerId: allocations.providerId, resourceClass: allocations.resourceClass,
      used: sql<string>`sum(${allocations.used})`.mapWith(Number),
    }).from(allocations).where(inArray(allocations.providerId, chosen)).groupBy(allocations.providerId, allocations.resourceClass),
    tx.select({ providerId: providerTraits.providerId, trait: providerTraits.trait })
      .from(providerTraits).where(inArray(providerTraits.providerId, chosen)),
    tx.select({ providerId: providerAggregates.providerId, name: aggregates.name })
      .from(providerAggregates).innerJoin(aggregates, eq(aggregates.id, providerAggregates.aggregateId))
      .where(and(eq(aggregates.kind, "reachability"), inArray(providerAggregates.providerId, chosen))),
    tx.select({ name: serverGroups.name, projectId: serverGroups.projectId, policy: serverGroups.policy, scope: serverGroups.scope }).from(serverGroups),
    tx.select({ name: p.name }).from(p).where(and(eq(p.kind, "zone"), sql`${p.state} <> 'retired'`)),
  ]);
  const byId = new Map<string, SnapshotProvider>();
  for (const r of rows) {
    byId.set(r.id, {
      name: r.name, kind: r.kind as ExportKind, state: r.state, zone: r.zone, rack: r.rack,
      inventory: {}, allocated: {}, traits: [], aggregates: [],
    });
  }
  const at = (id: string) => byId.get(id);
  for (const { providerId, resourceClass, ...inv } of invs) {
    const target = at(providerId);
    if (target) target.inventory[resourceClass] = inv;
  }
  for (const s of sums) {
    const target = at(s.providerId);
    if (target) target.allocated[s.resourceClass] = s.used;
  }
  for (const t of traitRows) at(t.providerId)?.traits.push(t.trait);
  for (const a of aggRows) at(a.providerId)?.aggregates.push(a.name);
  for (const v of byId.values()) {
    v.traits.sort(byText);
    v.aggregates.sort(byText);
  }
  return {
    providers: [...byId.values()],
    serverGroups: groups,
    zones: zoneRows.map((z) => z.name).sort(byText),
  };
}

/**
 * Reads the providers with capacity (every state; `zone` narrows them as ExportOptions says), the
 * server groups and the zone names, in one read-only repeatable-read transaction: one consistent
 * picture even while the scheduler writes.
 */
export function readInventory(db: DbOrTx, options: Pick<ExportOptions, "zone"> = {}): Promise<InventorySnapshot> {
  return db.transaction((tx) => readIn(tx, options.zone), { isolationLevel: "repeatable read", accessMode: "read only" });
}

const KIND_ORDER: Record<ExportKind, number> = { host: 0, storage: 1, network: 2 };

function toProvider(s: SnapshotProvider, strays: string[]): Provider {
  const used: Record<string, number> = {};
  for (const rc of Object.keys(s.allocated).sort(byText)) {
    const amount = s.allocated[rc]!;
    if (amount <= 0) continue;
    if (rc in s.inventory) used[rc] = amount;
    else strays.push(`${s.name} ${rc} ${amount}`);
  }
  return {
    id: s.name,
    kind: s.kind,
    ...(s.zone === null ? {} : { zone: s.zone }),
    ...(s.rack === null ? {} : { rack: s.rack }),
    inventory: Object.fromEntries(Object.keys(s.inventory).sort(byText).map((rc) => [rc, { ...s.inventory[rc]! }])),
    ...(Object.keys(used).length === 0 ? {} : { used }),
    ...(s.traits.length === 0 ? {} : { traits: [...s.traits] }),
    ...(s.aggregates.length === 0 ? {} : { aggregates: [...s.aggregates] }),
  };
}

/** The contract's server group id of a database group. */
export function serverGroupId(g: Pick<SnapshotServerGroup, "projectId" | "name">): string {
  return `${g.projectId}/${g.name}`;
}

/** Providers and server groups of the contract from a snapshot, with notes on what was left out. Pure. */
export function exportInventory(snapshot: InventorySnapshot, options: ExportOptions = {}): ExportOutcome<Pick<PlacementProblem, "providers" | "serverGroups">> {
  const notes: string[] = [];
  const left: Partial<Record<ProviderState, number>> = {};
  const kept = snapshot.providers.filter((s) => {
    if (options.zone !== undefined && s.zone !== options.zone && !(s.zone === null && s.kind !== "host")) return false;
    const keep = s.state === SCHEDULABLE || (s.state === "retired" ? options.includeRetired === true : options.includeUnschedulable === true);
    if (!keep) left[s.state] = (left[s.state] ?? 0) + 1;
    return keep;
  });
  kept.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || byText(a.name, b.name));
  const strays: string[] = [];
  const providers = kept.map((s) => toProvider(s, strays));

  const unschedulable = (left.maintenance ?? 0) + (left.disabled ?? 0);
  if (unschedulable > 0) {
    notes.push(`left out ${unschedulable} provider(s) that take no new work (${left.maintenance ?? 0} in maintenance, ${left.disabled ?? 0} disabled): ` +
      "the contract has no field for that state, and the engine would place on them (--include-unschedulable exports them as schedulable)");
  }
  if ((left.retired ?? 0) > 0) notes.push(`left out ${left.retired} retired provider(s) (--include-retired exports them)`);
  const unschedulableKept = kept.filter((s) => s.state !== SCHEDULABLE).length;
  if (unschedulableKept > 0) notes.push(`${unschedulableKept} exported provider(s) are not active in the database: the engine will place on them`);
  if (strays.length > 0) {
    notes.push(`left out ${strays.length} allocation sum(s) of a class the provider has no inventory of (provider class amount): ${strays.slice(0, 5).join("; ")}${strays.length > 5 ? "; ..." : ""}`);
  }

  const groups = snapshot.serverGroups
    .map((g): ServerGroup => ({ id: serverGroupId(g), policy: g.policy, scope: g.scope }))
    .sort((a, b) => byText(a.id, b.id));
  const seen = new Set<string>();
  for (const g of groups) {
    if (seen.has(g.id)) throw new Error(`two server groups have the contract id '${g.id}' (a project id or group name with '/')`);
    seen.add(g.id);
  }
  if (groups.length > 0) {
    notes.push(`${groups.length} server group(s) exported as <project>/<name>: their running members are not part of the contract, ` +
      "so a request that names a group is held to its rule against the other requests of the document only");
  }

  const counts: Record<ExportKind, number> = { host: 0, storage: 0, network: 0 };
  for (const s of kept) counts[s.kind] += 1;
  return { document: { providers, serverGroups: groups }, notes, counts };
}

/** `--as problem`: the inventory as a placement problem with no requests yet. Pure. */
export function exportProblem(snapshot: InventorySnapshot, options: ExportOptions = {}): ExportOutcome<PlacementProblem> {
  const out = exportInventory(snapshot, options);
  return { ...out, document: { providers: out.document.providers, serverGroups: out.document.serverGroups, requests: [] } };
}

export const SCENARIO_SECONDS = 86_400;

/** `--as scenario`: a valid, empty day on the inventory (no churn, services or failures), for the planner to fill in. Pure: `now` names it. */
export function exportScenario(snapshot: InventorySnapshot, now: Date, options: ExportOptions = {}): ExportOutcome<Scenario> {
  const out = exportInventory(snapshot, options);
  const document: Scenario = {
    name: `inventory-${now.toISOString().slice(0, 10)}`,
    durationSeconds: SCENARIO_SECONDS,
    providers: out.document.providers,
    serverGroups: out.document.serverGroups,
  };
  return { ...out, document };
}
