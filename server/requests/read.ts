/**
 * Reading requests: the queue (filters, counts per state, the contract's RequestStatus fields and
 * more) and one request with its allocations, its journal of provisioning calls and its events.
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import {
  allocations, placementRequestEvents, placementRequests, provisioningJournal, resourceProviders, serverGroups,
} from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import type { RequestListInput, RequestState, RequestStatus } from "./schema";

const r = placementRequests;
export const requestColumns = {
  id: r.id, key: r.idempotencyKey, name: r.name, projectId: r.projectId, flavorId: r.flavorId, state: r.state,
  priority: r.priority, zone: r.zone, pinnedHost: r.pinnedHost, consumerId: r.consumerId, attempts: r.attempts,
  lastError: r.lastError, code: r.lastCode, host: r.host, serverId: r.serverId, claimedBy: r.claimedBy,
  leaseUntil: r.leaseUntil, notBefore: r.notBefore, cancelRequested: sql<boolean>`${r.cancelRequestedAt} is not null`,
  deleteRequested: sql<boolean>`${r.deleteRequestedAt} is not null`, generation: r.generation,
  createdAt: r.createdAt, updatedAt: r.updatedAt, placedAt: r.placedAt, activeAt: r.activeAt,
};

const like = (s: string) => `%${s.replace(/[\\%_]/g, (x) => `\\${x}`)}%`;

function filterOf(input: RequestListInput): SQL | undefined {
  return and(
    input.state ? eq(r.state, input.state) : undefined,
    input.states && input.states.length > 0 ? inArray(r.state, input.states) : undefined,
    input.project ? eq(r.projectId, input.project) : undefined,
    input.search ? or(ilike(r.idempotencyKey, like(input.search)), ilike(r.name, like(input.search))) : undefined,
    input.waiting ? and(inArray(r.state, ["pending", "failed"]), isNotNull(r.lastCode)) : undefined,
    input.minPriority === undefined ? undefined : gte(r.priority, input.minPriority),
  );
}

/** requests.list: newest first; `total` counts the filtered requests, `byState` every request per state. */
export async function listRequests(db: DbOrTx, input: RequestListInput) {
  const filter = filterOf(input);
  const [byState, [total], items] = await Promise.all([
    db.select({ state: r.state, n: count() }).from(r).groupBy(r.state),
    db.select({ n: count() }).from(r).where(filter),
    db.select({ ...requestColumns, serverGroup: serverGroups.name })
      .from(r).leftJoin(serverGroups, eq(serverGroups.id, r.serverGroupId))
      .where(filter).orderBy(desc(r.createdAt), asc(r.idempotencyKey)).limit(input.limit).offset(input.offset),
  ]);
  const counts: Partial<Record<RequestState, number>> = Object.fromEntries(byState.map((s) => [s.state, s.n]));
  return { total: total?.n ?? 0, byState: counts, items };
}

/** The contract's RequestStatus of a row. */
export function toStatus(row: { id: string; key: string; state: RequestState; lastError: string | null; code: string | null; host: string | null; serverId: string | null; attempts: number }): RequestStatus {
  return {
    id: row.id, key: row.key, state: row.state,
    ...(row.lastError !== null && { reason: row.lastError }),
    ...(row.code !== null && { code: row.code }),
    ...(row.host !== null && { host: row.host }),
    ...(row.serverId !== null && { serverId: row.serverId }),
    attempts: row.attempts,
  };
}

/** `headroom request list`: every request (in one state), oldest first, as RequestStatus. */
export async function requestStatuses(db: DbOrTx, state?: RequestState): Promise<RequestStatus[]> {
  const rows = await db.select(requestColumns).from(r).where(state ? eq(r.state, state) : undefined).orderBy(asc(r.createdAt), asc(r.idempotencyKey));
  return rows.map(toStatus);
}

/** requests.get: one request (by id or key) with its spec, allocations, journal and history; null when missing. */
export async function getRequest(db: DbOrTx, ref: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const [row] = await db
    .select({ ...requestColumns, spec: r.spec, idempotencyKey: r.idempotencyKey, batchKey: r.batchKey, submittedBy: r.submittedBy, serverGroup: serverGroups.name })
    .from(r).leftJoin(serverGroups, eq(serverGroups.id, r.serverGroupId))
    .where(isUuid ? or(eq(r.id, ref), eq(r.idempotencyKey, ref)) : eq(r.idempotencyKey, ref));
  if (!row) return null;
  const [history, allocs, journal] = await Promise.all([
    db.select({
      at: placementRequestEvents.at, fromState: placementRequestEvents.fromState, toState: placementRequestEvents.toState,
      actor: placementRequestEvents.actor, reason: placementRequestEvents.reason,
    }).from(placementRequestEvents).where(eq(placementRequestEvents.requestId, row.id))
      .orderBy(asc(placementRequestEvents.at), asc(placementRequestEvents.id)),
    row.consumerId === null ? [] : db.select({
      providerId: allocations.providerId, provider: resourceProviders.name, kind: resourceProviders.kind,
      resourceClass: allocations.resourceClass, used: allocations.used,
    }).from(allocations).innerJoin(resourceProviders, eq(resourceProviders.id, allocations.providerId))
      .where(eq(allocations.consumerId, row.consumerId)).orderBy(resourceProviders.kind, resourceProviders.name, allocations.resourceClass),
    db.select({
      id: provisioningJournal.id, operation: provisioningJournal.operation, kind: provisioningJournal.kind, key: provisioningJournal.key,
      status: provisioningJournal.status, resourceId: provisioningJournal.resourceId, detail: provisioningJournal.detail,
      worker: provisioningJournal.worker, driver: provisioningJournal.driver, startedAt: provisioningJournal.startedAt, finishedAt: provisioningJournal.finishedAt,
    }).from(provisioningJournal).where(eq(provisioningJournal.requestId, row.id)).orderBy(asc(provisioningJournal.id)),
  ]);
  return { ...row, history, allocations: allocs, journal };
}
