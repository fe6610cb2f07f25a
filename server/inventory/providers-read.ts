import { and, asc, count, desc, eq, ilike, inArray, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  aggregates, allocations, auditLog, providerAggregates, providerLocations, providerTraits, resourceProviders,
} from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import type { ProviderListInput } from "./schemas";
import { usageByProvider } from "./usage";

const p = resourceProviders;
const loc = providerLocations;

function listFilters(input: ProviderListInput): SQL | undefined {
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

/** providers.list: a filtered page, each provider with its place in the tree, traits and usage per class. */
export async function listProviders(db: DbOrTx, input: ProviderListInput) {
  const where = listFilters(input);
  const [totalRow] = await db.select({ n: count() }).from(p).innerJoin(loc, eq(loc.providerId, p.id)).where(where);
  const rows = await db
    .select({
      id: p.id, name: p.name, kind: p.kind, subtype: p.subtype, state: p.state, zone: loc.zone, rack: loc.rack,
      hardwareModel: p.hardwareModelId, generation: p.generation,
    })
    .from(p)
    .innerJoin(loc, eq(loc.providerId, p.id))
    .where(where)
    .orderBy(asc(p.name))
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
