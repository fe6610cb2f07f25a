/**
 * Claiming work (DESIGN §5, §6): a window of requests taken with FOR UPDATE SKIP LOCKED, so any
 * number of workers on one PostgreSQL each take different ones; every claim holds a lease that the
 * worker's heartbeat extends. Two kinds of claim:
 *
 * - pending requests, highest priority first, oldest first (past their backoff): pending -> placing;
 * - held requests whose lease ran out (their worker died or lost the database): taken over in their
 *   state (placing, placed, provisioning; an active one whose delete was asked).
 *
 * Each claim writes its events in the same statement.
 */
import { sql } from "drizzle-orm";
import type { RequestSpec } from "../../drizzle/schema";
import type { Db } from "../db/client";
import { rowsOf } from "../db/rows";
import type { RequestState } from "../requests/schema";

export type ClaimedRow = {
  id: string; key: string; name: string; projectId: string; flavorId: string | null; spec: RequestSpec;
  serverGroupId: string | null; zone: string | null; pinnedHost: string | null; priority: number;
  state: RequestState; fromState: RequestState; consumerId: string | null; attempts: number; host: string | null;
  serverId: string | null; cancelRequested: boolean; deleteRequested: boolean; createdAt: Date;
  placement: { provider: string; resources: Record<string, number> }[] | null;
  /** Set by the worker that placed it in this process and provisions it now (never provisioned before: the journal holds nothing of it). */
  fresh?: boolean;
};

const columns = sql.raw(`r.id::text as id, r.idempotency_key as key, r.name, r.project_id as "projectId", r.flavor_id as "flavorId", r.spec,
  r.server_group_id::text as "serverGroupId", r.zone, r.pinned_host as "pinnedHost", r.priority, r.state, p.old_state as "fromState",
  r.consumer_id::text as "consumerId", r.attempts, r.host, r.server_id as "serverId",
  r.cancel_requested_at is not null as "cancelRequested", r.delete_requested_at is not null as "deleteRequested", r.created_at as "createdAt", r.placement`);

function normalise(rows: ClaimedRow[]): ClaimedRow[] {
  return rows.map((r) => ({
    ...r,
    spec: typeof r.spec === "string" ? (JSON.parse(r.spec) as RequestSpec) : r.spec,
    placement: typeof r.placement === "string" ? (JSON.parse(r.placement) as ClaimedRow["placement"]) : r.placement,
    createdAt: new Date(r.createdAt),
  }));
}

/** Up to `limit` pending requests, highest priority first: now placing, held by `worker` for `leaseMs`. */
export async function claimPending(db: Db, worker: string, limit: number, leaseMs: number): Promise<ClaimedRow[]> {
  const rows = await rowsOf<ClaimedRow>(db, sql`
    with p as (
      select id, state as old_state from placement_requests
      where state = 'pending' and (not_before is null or not_before <= now())
      order by priority desc, created_at, id
      limit ${limit}
      for update skip locked
    ), r as (
      update placement_requests q set state = 'placing', claimed_by = ${worker}, claimed_at = now(),
        lease_until = now() + make_interval(secs => ${leaseMs / 1000}), attempts = q.attempts + 1,
        generation = q.generation + 1, updated_at = now()
      from p where q.id = p.id
      returning q.*
    ), e as (
      insert into placement_request_events (request_id, from_state, to_state, actor, reason)
      select r.id, 'pending', 'placing', ${worker}, 'claimed (try ' || r.attempts || ')' from r
    )
    select ${columns} from r join p on p.id = r.id
    order by r.priority desc, r.created_at, r.id`);
  return normalise(rows);
}

/** Up to `limit` requests whose lease ran out, taken over by `worker` in their state. */
export async function takeOverExpired(db: Db, worker: string, limit: number, leaseMs: number): Promise<ClaimedRow[]> {
  const rows = await rowsOf<ClaimedRow>(db, sql`
    with p as (
      select id, state as old_state, claimed_by as old_owner from placement_requests
      where (state in ('placing', 'placed', 'provisioning') or (state = 'active' and delete_requested_at is not null))
        and (lease_until is null or lease_until < now())
      order by priority desc, created_at, id
      limit ${limit}
      for update skip locked
    ), r as (
      update placement_requests q set claimed_by = ${worker}, claimed_at = now(),
        lease_until = now() + make_interval(secs => ${leaseMs / 1000}), generation = q.generation + 1, updated_at = now()
      from p where q.id = p.id
      returning q.*
    ), e as (
      insert into placement_request_events (request_id, from_state, to_state, actor, reason)
      select r.id, p.old_state, r.state, ${worker},
        case when r.state = 'active' then 'claimed to delete' else 'taken over from ' || coalesce(p.old_owner, 'a worker that is gone') || ' (its lease ran out)' end
      from r join p on p.id = r.id
    )
    select ${columns} from r join p on p.id = r.id
    order by r.priority desc, r.created_at, r.id`);
  return normalise(rows);
}

/** The heartbeat: every lease `worker` holds runs `leaseMs` from now. Returns how many it holds. */
export async function extendLeases(db: Db, worker: string, leaseMs: number): Promise<number> {
  const rows = await rowsOf<{ n: number }>(db, sql`
    with u as (
      update placement_requests set lease_until = now() + make_interval(secs => ${leaseMs / 1000})
      where claimed_by = ${worker} and (state in ('placing', 'placed', 'provisioning') or (state = 'active' and delete_requested_at is not null))
      returning 1
    ) select count(*)::int as n from u`);
  return Number(rows[0]?.n ?? 0);
}

/** A worker restarted under its old name drops its old leases at once, so that it (or another) takes that work over now. */
export async function expireLeasesOf(db: Db, worker: string): Promise<void> {
  await db.execute(sql`update placement_requests set lease_until = now() - interval '1 second'
    where claimed_by = ${worker} and (state in ('placing', 'placed', 'provisioning') or (state = 'active' and delete_requested_at is not null))`);
}

/** Whether `worker` still holds the request with some lease left: checked before each create call. */
export async function stillHeld(db: Db, worker: string, id: string, marginMs = 1000): Promise<{ held: boolean; cancelRequested: boolean; deleteRequested: boolean }> {
  const [row] = await rowsOf<{ held: boolean; cancel: boolean; del: boolean }>(db, sql`
    select (claimed_by = ${worker} and lease_until > now() + make_interval(secs => ${marginMs / 1000})) as held,
      cancel_requested_at is not null as cancel, delete_requested_at is not null as del
    from placement_requests where id = ${id}`);
  return { held: row?.held === true, cancelRequested: row?.cancel === true, deleteRequested: row?.del === true };
}
