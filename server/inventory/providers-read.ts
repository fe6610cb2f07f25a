import { and, asc, count, desc, eq, ilike, inArray, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  aggregates, allocations, auditLog, inventories, providerAggregates, providerLocations, providerTraits, resourceProviders,
} from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import { capacityOf } from "../../scheduler/capacity";
import { parseSort, type ProviderFilterInput, type ProviderListInput, type ProviderSort } from "./schemas";
import { allocatedToInventory, usageByProvider } from "./usage";

const p = resourceProviders;
const loc = providerLocations;

function listFilters(input: ProviderFilterInput): SQL | undefined {
  const where: SQL[] = [];
  if (input.kind) where.push(eq(p.kind, input.kind));
  // Retired providers are history: listed only when asked for by state.
  where.push(input.state ? eq(p.state, input.state) : ne(p.state, "retired"));
  if (input.zone) where.push(eq(loc.zone, input.zone));
  if (input.rack) where.push(eq(loc.rack, input.rack));
  if (input.search) where.push(ilike(p.name, `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (input.trait) {
    const trait = input.trait;
    where.push(sql`exists (select 1 from ${providerTraits} where ${providerTraits.providerId} = ${p.id} and ${providerTraits.trait} = ${trait})`);
  }
  return and(...where);
}

export async function traitsOf(db: DbOrTx, providerIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (providerIds.length === 0) return out;
  const rows = await db
    .select({ providerId: providerTraits.providerId, trait: providerTraits.trait })
    .from(providerTraits)
    .where(inArray(providerTraits.providerId, providerIds))
    .orderBy(providerTraits.trait);
  for (const r of rows) out.set(r.providerId, [...(out.get(r.providerId) ?? []), r.trait]);
  return out;
}

/**
 * Used over capacity of one class per provider, for ordering only (the figures shown come from
 * capacityOf, scheduler/capacity.ts): the same rule in SQL, not rounded, looked up by index per provider (see
 * allocatedToInventory). Providers without the class, or with no capacity of it, have none and sort
 * last either way.
 */
function utilisationOf(resourceClass: string): SQL {
  const capacity = sql`(${inventories.total} - ${inventories.reserved}) * ${inventories.allocationRatio}`;
  return sql`(select ${allocatedToInventory}::float8 / nullif(${capacity}, 0) from ${inventories}
    where ${inventories.providerId} = ${p.id} and ${inventories.resourceClass} = ${resourceClass})`;
}

/** ORDER BY for a sort: the column(s), nulls last in both directions, then name and id so pages never shuffle. */
function orderOf(sort: ProviderSort): SQL[] {
  const dir = (column: SQL) => (sort.descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`);
  const columns: Record<Exclude<ProviderSort["key"], "util">, SQL[]> = {
    name: [sql`${p.name}`],
    kind: [sql`${p.kind}`],
    state: [sql`${p.state}`],
    zone: [sql`${loc.zone}`, sql`${loc.rack}`],
    rack: [sql`${loc.rack}`],
    updated: [sql`${p.updatedAt}`],
  };
  const keys = sort.key === "util" ? [utilisationOf(sort.resourceClass ?? "")] : columns[sort.key];
  return [...keys.map(dir), asc(p.name), asc(p.id)];
}

/** providers.list: a filtered, sorted page, each provider with its place in the tree, traits and usage per class. */
export async function listProviders(db: DbOrTx, input: ProviderListInput) {
  const where = listFilters(input);
  const sort = parseSort(input.sort) ?? { key: "name", descending: false };
  const [totalRow] = await db.select({ n: count() }).from(p).innerJoin(loc, eq(loc.providerId, p.id)).where(where);
  const rows = await db
    .select({
      id: p.id, name: p.name, kind: p.kind, subtype: p.subtype, state: p.state, zone: loc.zone, rack: loc.rack,
      hardwareModel: p.hardwareModelId, generation: p.generation, updatedAt: p.updatedAt,
    })
    .from(p)
    .innerJoin(loc, eq(loc.providerId, p.id))
    .where(where)
    .orderBy(...orderOf(sort))
    .limit(input.limit)
    .offset(input.offset);
  const ids = rows.map((r) => r.id);
  const [usage, traits] = await Promise.all([usageByProvider(db, ids), traitsOf(db, ids)]);
  return {
    total: totalRow?.n ?? 0,
    items: rows.map((r) => ({
      ...r,
      traits: traits.get(r.id) ?? [],
      usage: Object.fromEntries((usage.get(r.id) ?? []).map((u) => [u.resourceClass, { capacity: u.capacity, used: u.used }])),
    })),
  };
}

/**
 * providers.summary: capacity against use summed per class over every provider matching the
 * filters (retired ones left out), and how many providers of each kind hold inventory. Inventories
 * with the same figures are read as one row with their count, so a zone of thousands of identical
 * hosts is a handful of rows.
 */
export async function summariseProviders(db: DbOrTx, input: ProviderFilterInput) {
  const where = and(listFilters(input), ne(p.state, "retired"));
  const [facts, kinds] = await Promise.all([
    db
      .select({
        resourceClass: inventories.resourceClass, total: inventories.total, reserved: inventories.reserved,
        allocationRatio: inventories.allocationRatio, n: count(),
        used: sql<string>`coalesce(sum(${allocatedToInventory}), 0)`.mapWith(Number),
      })
      .from(inventories)
      .innerJoin(p, eq(p.id, inventories.providerId))
      .innerJoin(loc, eq(loc.providerId, p.id))
      .where(where)
      .groupBy(inventories.resourceClass, inventories.total, inventories.reserved, inventories.allocationRatio),
    db
      .select({ kind: p.kind, n: count() })
      .from(p)
      .innerJoin(loc, eq(loc.providerId, p.id))
      .where(and(where, sql`exists (select 1 from ${inventories} where ${inventories.providerId} = ${p.id})`))
      .groupBy(p.kind),
  ]);
  const byClass = new Map<string, { capacity: number; used: number }>();
  for (const f of facts) {
    const sum = byClass.get(f.resourceClass) ?? { capacity: 0, used: 0 };
    sum.capacity += capacityOf(f) * f.n;
    sum.used += f.used;
    byClass.set(f.resourceClass, sum);
  }
  return {
    byClass: [...byClass].map(([resourceClass, s]) => ({ resourceClass, ...s })).sort((a, b) => a.resourceClass.localeCompare(b.resourceClass)),
    kinds: Object.fromEntries(kinds.map((k) => [k.kind, k.n])) as Record<string, number>,
  };
}

/** The chain of ancestors, root first. */
async function ancestorsOf(db: DbOrTx, parentId: string | null) {
  const chain: { id: string; name: string; kind: (typeof p.kind.enumValues)[number] }[] = [];
  let next = parentId;
  while (next !== null && chain.length < 32) {
    const [row] = await db.select({ id: p.id, name: p.name, kind: p.kind, parentId: p.parentId }).from(p).where(eq(p.id, next));
    if (!row) break;
    chain.unshift({ id: row.id, name: row.name, kind: row.kind });
    next = row.parentId;
  }
  return chain;
}

/** providers.get: everything the detail page shows; null when there is no such provider. */
export async function getProvider(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: p.id, name: p.name, kind: p.kind, subtype: p.subtype, state: p.state, parentId: p.parentId,
      zone: loc.zone, rack: loc.rack, hardwareModel: p.hardwareModelId, attributes: p.attributes,
      generation: p.generation, createdAt: p.createdAt, updatedAt: p.updatedAt, retiredAt: p.retiredAt,
    })
    .from(p)
    .innerJoin(loc, eq(loc.providerId, p.id))
    .where(eq(p.id, id));
  if (!row) return null;
  const child = alias(resourceProviders, "child");
  const [ancestors, usage, traits, aggs, children, consumerRow, audit] = await Promise.all([
    ancestorsOf(db, row.parentId),
    usageByProvider(db, [id]),
    traitsOf(db, [id]),
    db
      .select({ id: aggregates.id, name: aggregates.name, kind: aggregates.kind })
      .from(providerAggregates)
      .innerJoin(aggregates, eq(aggregates.id, providerAggregates.aggregateId))
      .where(eq(providerAggregates.providerId, id))
      .orderBy(aggregates.name),
    db
      .select({ id: child.id, name: child.name, kind: child.kind, state: child.state })
      .from(child)
      .where(eq(child.parentId, id))
      .orderBy(child.name),
    db
      .select({ n: sql<string>`count(distinct ${allocations.consumerId})`.mapWith(Number) })
      .from(allocations)
      .where(eq(allocations.providerId, id)),
    db
      .select({ at: auditLog.at, actor: auditLog.actor, action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "provider"), eq(auditLog.entityId, id)))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(20),
  ]);
  const { parentId: _parentId, ...fields } = row;
  return {
    ...fields,
    parent: ancestors.at(-1) ?? null,
    ancestors,
    inventories: usage.get(id) ?? [],
    traits: traits.get(id) ?? [],
    aggregates: aggs,
    children,
    consumers: consumerRow[0]?.n ?? 0,
    audit,
  };
}
