import { and, asc, count, desc, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import {
  allocations, consumers, placementRequestEvents, placementRequests, resourceProviders, serverGroups,
} from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import type { ConsumerListInput, RequestListInput } from "./schemas";

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

const r = placementRequests;
const requestColumns = {
  id: r.id, name: r.name, projectId: r.projectId, flavorId: r.flavorId, state: r.state, priority: r.priority,
  zone: r.zone, pinnedHost: r.pinnedHost, consumerId: r.consumerId, attempts: r.attempts, lastError: r.lastError,
  generation: r.generation, createdAt: r.createdAt, updatedAt: r.updatedAt,
};

/** requests.list: placement requests, newest first, optionally in one state; with counts per state. */
export async function listRequests(db: DbOrTx, input: RequestListInput) {
  const filter = input.state ? eq(r.state, input.state) : undefined;
  const [byState, items] = await Promise.all([
    db.select({ state: r.state, n: count() }).from(r).groupBy(r.state),
    db.select(requestColumns).from(r).where(filter).orderBy(desc(r.createdAt), asc(r.id)).limit(input.limit).offset(input.offset),
  ]);
  const counts = Object.fromEntries(byState.map((s) => [s.state, s.n]));
  return { total: input.state ? (counts[input.state] ?? 0) : byState.reduce((s, x) => s + x.n, 0), byState: counts, items };
}

/** requests.get: one request with its spec and its whole history; null when missing. */
export async function getRequest(db: DbOrTx, id: string) {
  const [row] = await db.select({ ...requestColumns, spec: r.spec, idempotencyKey: r.idempotencyKey, claimedBy: r.claimedBy }).from(r).where(eq(r.id, id));
  if (!row) return null;
  const history = await db
    .select({
      at: placementRequestEvents.at, fromState: placementRequestEvents.fromState, toState: placementRequestEvents.toState,
      actor: placementRequestEvents.actor, reason: placementRequestEvents.reason,
    })
    .from(placementRequestEvents)
    .where(eq(placementRequestEvents.requestId, id))
    .orderBy(asc(placementRequestEvents.at), asc(placementRequestEvents.id));
  return { ...row, history };
}
