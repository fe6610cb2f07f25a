/**
 * Writing placed requests. A window at once (writeWindow): one transaction for all its placements,
 * set-based: the server groups touched locked and their rules checked on what is committed plus the
 * window's earlier members, the providers locked in id order with their generations bumped and the
 * capacity rule checked for the whole window (createConsumersIn), the consumers, allocations and
 * audit rows inserted in one statement, and the requests moved placing -> placed -> provisioning with
 * their events in one more. What the batch could not take (a group's rule, no room left, a provider
 * out of service), or the whole window when the batch fails, is written one request at a time
 * (writePlacement: replaceAllocationsIn and the move placing -> placed in one transaction), so one
 * bad request does not hold back the rest and each gets its own outcome.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Allocation } from "../../scheduler/contract";
import type { Db, Tx } from "../db/client";
import { rowsOf } from "../db/rows";
import { createConsumersIn, replaceAllocationsIn, type NewConsumer } from "../inventory/allocations";
import { fail, write } from "../inventory/outcome";
import { machine, transition } from "../requests/machine";
import type { ClaimedRow } from "./claim";
import type { SnapshotCache } from "./snapshot";

/** The user the scheduler's consumers are made by (the orphan check of the soak counts only these). */
export const SCHEDULER_USER = "headroom-scheduler";

export type WriteOutcome =
  | { kind: "placed"; consumerId: string; host: string }
  /** Someone else took the room (or a provider left service): re-plan on a fresh snapshot. */
  | { kind: "conflict"; message: string }
  /** The request is no longer ours to place (cancelled, or taken over). */
  | { kind: "gone" }
  /** The writer refused what the engine chose for a reason that a re-plan does not change. */
  | { kind: "refused"; message: string };

const NOT_HELD = "the request is no longer held by this worker";

type Mapped = { providerId: string; resources: Record<string, number> }[];

/** The engine's allocations on the database's provider ids (zero amounts dropped), or the name of a provider gone. */
function mapAllocations(snapshot: SnapshotCache, allocations: Allocation[]): Mapped | { gone: string } {
  const mapped: Mapped = [];
  for (const a of allocations) {
    const id = snapshot.providerId(a.provider);
    if (id === undefined) return { gone: a.provider };
    const resources = Object.fromEntries(Object.entries(a.resources).filter(([, v]) => v > 0));
    if (Object.keys(resources).length > 0) mapped.push({ providerId: id, resources });
  }
  return mapped;
}

const consumerOf = (row: ClaimedRow) => ({ name: row.name, projectId: row.projectId, userId: SCHEDULER_USER, kind: "instance" as const, flavorId: row.flavorId, serverGroupId: row.serverGroupId });

export async function writePlacement(db: Db, snapshot: SnapshotCache, row: ClaimedRow, allocations: Allocation[], worker: string): Promise<WriteOutcome> {
  const host = allocations[0]!.provider;
  const mapped = mapAllocations(snapshot, allocations);
  if ("gone" in mapped) return { kind: "conflict", message: `provider ${mapped.gone} is gone` };
  const consumerId = randomUUID();
  const out = await write(db, async (tx) => {
    if (row.serverGroupId !== null) await checkServerGroup(tx, row.serverGroupId, mapped[0]!.providerId, host);
    await replaceAllocationsIn(tx, {
      consumerId, consumerGeneration: null,
      consumer: consumerOf(row), allocations: mapped,
    }, worker);
    const moved = await transition(tx, [row.id], "place", {
      actor: worker, reason: `placed on ${host}`, heldBy: worker,
      set: { consumerId, host, placement: allocations, placedAt: new Date(), lastError: null, lastCode: null },
    });
    if (moved.length === 0) fail("PRECONDITION_FAILED", NOT_HELD);
  });
  if (out.ok) return { kind: "placed", consumerId, host };
  if (out.message === NOT_HELD) return { kind: "gone" };
  if (out.code === "CONFLICT" || out.code === "PRECONDITION_FAILED" || out.code === "NOT_FOUND") return { kind: "conflict", message: out.message };
  return { kind: "refused", message: `${out.field ? `${out.field}: ` : ""}${out.message}` };
}

type Domain = { provider_id: string; zone: string | null; rack: string | null };
type Group = { id: string; policy: string; scope: "host" | "rack" | "zone"; name: string };

/** A host's domain under a group's scope: the host, its rack or its zone (a host without one is its own). */
function domainOf(scope: Group["scope"], d: Domain): string {
  return scope === "host" ? d.provider_id
    : scope === "zone" ? (d.zone === null ? `h:${d.provider_id}` : `z:${d.zone}`)
    : (d.rack === null ? `h:${d.provider_id}` : `r:${d.zone ?? ""}/${d.rack}`);
}

/** Why a host breaks a group's rule given the domains its members hold, or null when it does not. */
function groupBreak(group: Group, here: Domain | undefined, members: Set<string>, hostName: string): string | null {
  if (group.policy === "soft-anti-affinity" || !here || members.size === 0) return null;
  const shared = members.has(domainOf(group.scope, here));
  if (group.policy === "anti-affinity" && shared) {
    return `server group ${group.name} (anti-affinity per ${group.scope}) already has a member there: ${hostName} is no longer allowed`;
  }
  if (group.policy === "affinity" && !shared) {
    return `server group ${group.name} (affinity per ${group.scope}) has its members elsewhere: ${hostName} is no longer allowed`;
  }
  return null;
}

const uuids = (ids: string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);

/** The member domains of these groups, committed (any consumer in the group with an allocation on a located host). */
async function memberDomains(tx: Tx, groups: Group[]): Promise<Map<string, Set<string>>> {
  const out = new Map(groups.map((g) => [g.id, new Set<string>()]));
  if (groups.length === 0) return out;
  const rows = await rowsOf<Domain & { group_id: string }>(tx, sql`
    select distinct c.server_group_id::text as group_id, l.provider_id::text as provider_id, l.zone, l.rack
    from consumers c join allocations a on a.consumer_id = c.id
    join resource_providers p on p.id = a.provider_id and p.kind = 'host'
    join provider_locations l on l.provider_id = p.id
    where c.server_group_id in (${uuids(groups.map((g) => g.id))})`);
  const scope = new Map(groups.map((g) => [g.id, g.scope]));
  for (const r of rows) out.get(r.group_id)?.add(domainOf(scope.get(r.group_id)!, r));
  return out;
}

/**
 * The server group's rule against what is committed, with the group's row locked: two workers that
 * planned members of one group on pictures a moment old write one after the other, and the second
 * sees the first's member (a CONFLICT: it re-plans, and the plan reads the members again). Affinity:
 * the members' domain (host, rack or zone, per the group's scope) or any while there are none;
 * anti-affinity: no member in the domain; soft anti-affinity is a preference, not checked here.
 */
export async function checkServerGroup(tx: Tx, groupId: string, hostId: string, hostName: string): Promise<void> {
  const [group] = await rowsOf<Group>(tx,
    sql`select id::text as id, policy::text as policy, scope::text as scope, name from server_groups where id = ${groupId}::uuid for update`);
  if (!group || group.policy === "soft-anti-affinity") return;
  const [here] = await rowsOf<Domain>(tx, sql`select provider_id::text as provider_id, zone, rack from provider_locations where provider_id = ${hostId}::uuid`);
  const members = (await memberDomains(tx, [group])).get(group.id)!;
  const broken = groupBreak(group, here, members, hostName);
  if (broken !== null) fail("CONFLICT", broken);
}

/**
 * checkServerGroup for a window, in its order: every group touched locked (in id order), the rules
 * checked on what is committed plus the members placed before in the window. Returns the indices
 * that break their group's rule (written one at a time after, where they conflict and re-plan).
 */
async function checkServerGroups(tx: Tx, items: { groupId: string | null; hostId: string; hostName: string }[]): Promise<Set<number>> {
  const broken = new Set<number>();
  const ids = [...new Set(items.map((it) => it.groupId).filter((g): g is string => g !== null))].sort();
  if (ids.length === 0) return broken;
  const groups = await rowsOf<Group>(tx, sql`select id::text as id, policy::text as policy, scope::text as scope, name from server_groups
    where id in (${uuids(ids)}) order by id for update`);
  const hard = groups.filter((g) => g.policy !== "soft-anti-affinity");
  if (hard.length === 0) return broken;
  const byId = new Map(hard.map((g) => [g.id, g]));
  const hosts = [...new Set(items.filter((it) => it.groupId !== null && byId.has(it.groupId)).map((it) => it.hostId))];
  const [here, members] = await Promise.all([
    rowsOf<Domain>(tx, sql`select provider_id::text as provider_id, zone, rack from provider_locations where provider_id in (${uuids(hosts)})`),
    memberDomains(tx, hard),
  ]);
  const location = new Map(here.map((d) => [d.provider_id, d]));
  for (const [i, it] of items.entries()) {
    const group = it.groupId === null ? undefined : byId.get(it.groupId);
    if (!group) continue;
    const at = location.get(it.hostId);
    if (groupBreak(group, at, members.get(group.id)!, it.hostName) !== null) broken.add(i);
    else if (at) members.get(group.id)!.add(domainOf(group.scope, at));
  }
  return broken;
}

export type WindowItem = { row: ClaimedRow; allocations: Allocation[] };
/** A request of the window written: it is now provisioning (placed and handed on in one move), or the outcome of its own write. */
export type WindowOutcome = { kind: "provisioning"; consumerId: string; host: string } | WriteOutcome;

const WINDOW_MOVED = "a request of the window was no longer held by this worker";

/**
 * Writes a window's placements (see the top of this file). Each request written by the batch moves
 * placing -> placed -> provisioning (both events written); a request that went through the one-at-a-
 * time path is placed (or conflict, refused, gone). `fallback` limits the one-at-a-time writes run at once.
 */
export async function writeWindow(db: Db, snapshot: SnapshotCache, items: WindowItem[], worker: string, provisionReason: string, fallback = 1): Promise<Map<string, WindowOutcome>> {
  const outcomes = new Map<string, WindowOutcome>();
  const batch: { item: WindowItem; consumer: NewConsumer; host: string }[] = [];
  for (const item of items) {
    const mapped = mapAllocations(snapshot, item.allocations);
    if ("gone" in mapped) outcomes.set(item.row.id, { kind: "conflict", message: `provider ${mapped.gone} is gone` });
    else batch.push({ item, host: item.allocations[0]!.provider, consumer: { consumerId: randomUUID(), consumer: consumerOf(item.row), allocations: mapped } });
  }
  const placed = machine.place.to!;
  const provisioning = machine.provision.to!;
  const out = batch.length === 0 ? { ok: true as const, value: [] as number[] } : await write(db, async (tx) => {
    const broken = await checkServerGroups(tx, batch.map((b) => ({ groupId: b.item.row.serverGroupId, hostId: b.consumer.allocations[0]?.providerId ?? "", hostName: b.host })));
    const candidates = batch.map((_, i) => i).filter((i) => !broken.has(i));
    const { written } = await createConsumersIn(tx, candidates.map((i) => batch[i]!.consumer), worker);
    const chosen = written.map((w) => candidates[w]!);
    if (chosen.length === 0) return chosen;
    const values = sql.join(chosen.map((i) => {
      const b = batch[i]!;
      return sql`(${b.item.row.id}::uuid, ${b.consumer.consumerId}::uuid, ${b.host}::text, ${JSON.stringify(b.item.allocations)}::jsonb)`;
    }), sql`, `);
    // placing -> placed -> provisioning in one guarded UPDATE (still placing, still held by this worker), both events with it.
    const moved = await rowsOf<{ id: string }>(tx, sql`with v (id, consumer_id, host, placement) as (values ${values}),
      m as (
        update placement_requests r set state = ${provisioning}, consumer_id = v.consumer_id, host = v.host, placement = v.placement,
          placed_at = now(), last_error = null, last_code = null, generation = r.generation + 2, updated_at = now()
        from v where r.id = v.id and r.state in (${sql.join(machine.place.from.map((f) => sql`${f}`), sql`, `)}) and r.claimed_by = ${worker}
        returning r.id, v.host
      ), e as (
        insert into placement_request_events (request_id, from_state, to_state, actor, reason)
        select m.id, ${machine.place.from[0]!}::request_state, ${placed}::request_state, ${worker}, 'placed on ' || m.host from m
        union all select m.id, ${placed}::request_state, ${provisioning}::request_state, ${worker}, ${provisionReason} from m
      ) select id::text as id from m`);
    if (moved.length !== chosen.length) fail("PRECONDITION_FAILED", WINDOW_MOVED);
    return chosen;
  });
  const rest: WindowItem[] = [];
  if (out.ok) {
    const done = new Set(out.value);
    for (const [i, b] of batch.entries()) {
      if (done.has(i)) outcomes.set(b.item.row.id, { kind: "provisioning", consumerId: b.consumer.consumerId, host: b.host });
      else rest.push(b.item);
    }
  } else {
    rest.push(...batch.map((b) => b.item));
  }
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(fallback, rest.length) }, async () => {
    while (next < rest.length) {
      const item = rest[next++]!;
      outcomes.set(item.row.id, await writePlacement(db, snapshot, item.row, item.allocations, worker));
    }
  }));
  return outcomes;
}
