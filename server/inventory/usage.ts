import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { allocations, inventories } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import { capacityOf } from "../../scheduler/capacity";

export type InventoryUsage = {
  resourceClass: string;
  total: number;
  reserved: number;
  minUnit: number;
  maxUnit: number;
  stepSize: number;
  allocationRatio: number;
  capacity: number;
  used: number;
  free: number;
};

/** Inventories with their use for a set of providers: one query for the inventories, one for the sums. */
export async function usageByProvider(db: DbOrTx, providerIds: string[]): Promise<Map<string, InventoryUsage[]>> {
  const out = new Map<string, InventoryUsage[]>();
  if (providerIds.length === 0) return out;
  const [invs, sums] = await Promise.all([
    db
      .select({
        providerId: inventories.providerId, resourceClass: inventories.resourceClass, total: inventories.total,
        reserved: inventories.reserved, minUnit: inventories.minUnit, maxUnit: inventories.maxUnit,
        stepSize: inventories.stepSize, allocationRatio: inventories.allocationRatio,
      })
      .from(inventories)
      .where(inArray(inventories.providerId, providerIds))
      .orderBy(inventories.providerId, inventories.resourceClass),
    usedSums(db, providerIds),
  ]);
  for (const inv of invs) {
    const used = sums.get(`${inv.providerId}/${inv.resourceClass}`) ?? 0;
    const capacity = capacityOf(inv);
    const { providerId, ...fields } = inv;
    const list = out.get(providerId) ?? [];
    list.push({ ...fields, capacity, used, free: Math.max(0, capacity - used) });
    out.set(providerId, list);
  }
  return out;
}

/** What is allocated per provider and class, of the allocations `where` keeps. */
function sumsPerProviderClass(db: DbOrTx, where: SQL) {
  return db
    .select({
      providerId: allocations.providerId,
      resourceClass: allocations.resourceClass,
      used: sql<string>`sum(${allocations.used})`.as("used"),
    })
    .from(allocations)
    .where(where)
    .groupBy(allocations.providerId, allocations.resourceClass);
}

/**
 * What is allocated of an inventory's class on its provider: a scalar subquery correlated to the
 * `inventories` row of the outer query, one lookup in allocations_provider_class_idx per inventory.
 * Not a join to grouped sums: without table statistics (PGlite is never analysed) the planner can
 * rescan such a join once per host, which at 5,000 hosts took 40 s instead of a fraction of one.
 */
export const allocatedToInventory = sql<string>`(select coalesce(sum(${allocations.used}), 0) from ${allocations}
  where ${allocations.providerId} = ${inventories.providerId} and ${allocations.resourceClass} = ${inventories.resourceClass})`;

/** Sum of allocations per `${providerId}/${resourceClass}`, for a set of providers. */
export async function usedSums(db: DbOrTx, providerIds: string[]): Promise<Map<string, number>> {
  const rows = await sumsPerProviderClass(db, inArray(allocations.providerId, providerIds));
  return new Map(rows.map((r) => [`${r.providerId}/${r.resourceClass}`, Number(r.used)]));
}

/** What one provider has allocated of one class (0 when nothing). */
export async function usedOf(db: DbOrTx, providerId: string, resourceClass: string): Promise<number> {
  const [row] = await db
    .select({ used: sql<string | null>`sum(${allocations.used})`.mapWith(Number) })
    .from(allocations)
    .where(and(eq(allocations.providerId, providerId), eq(allocations.resourceClass, resourceClass)));
  return row?.used ?? 0;
}
