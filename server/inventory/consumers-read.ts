import { and, asc, count, desc, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import {
  allocations, consumers, resourceProviders, serverGroups,
} from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import type { ConsumerListInput } from "./schemas";

const c = consumers;

/** consumers.list: who holds what, newest first; by provider ("which VMs run on this host"), project or name. */
export async function listConsumers(db: DbOrTx, input: ConsumerListInput) {
  const where: SQL[] = [];
  if (input.providerId) {
    where.push(sql`exists (select 1 from ${allocations} where ${allocations.consumerId} = ${c.id} and ${allocations.providerId} = ${input.providerId})`);
  }
  if (input.projectId) where.push(eq(c.projectId, input.projectId));
  if (input.search) where.push(ilike(c.name, `%${input.search.replace(/[\\%_]/g, (x) => `\\${x}`)}%`));
  const filter = and(...where);
  const [total] = await db.select({ n: count() }).from(c).leftJoin(serverGroups, eq(serverGroups.id, c.serverGroupId)).where(filter);
  const items = await db
    .select({
      id: c.id, name: c.name, kind: c.kind, projectId: c.projectId, userId: c.userId, flavorId: c.flavorId,
      serverGroup: serverGroups.name, generation: c.generation, createdAt: c.createdAt,
    })
    .from(c)
    .leftJoin(serverGroups, eq(serverGroups.id, c.serverGroupId))
    .where(filter)
    .orderBy(desc(c.createdAt), asc(c.id))
    .limit(input.limit)
    .offset(input.offset);
  const ids = items.map((i) => i.id);
  const allocs = ids.length === 0 ? [] : await db
    .select({
      consumerId: allocations.consumerId, providerId: allocations.providerId, provider: resourceProviders.name,
      resourceClass: allocations.resourceClass, used: allocations.used,
    })
    .from(allocations)
    .innerJoin(resourceProviders, eq(resourceProviders.id, allocations.providerId))
    .where(inArray(allocations.consumerId, ids))
    .orderBy(resourceProviders.name, allocations.resourceClass);
  return {
    total: total?.n ?? 0,
    items: items.map((i) => ({
      ...i,
      allocations: allocs.filter((a) => a.consumerId === i.id).map(({ consumerId: _c, ...a }) => a),
    })),
  };
}
