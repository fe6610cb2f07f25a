/**
 * Writing one placed request: its allocations as one new consumer through the inventory's writer
 * (replaceAllocationsIn: providers locked and their generations bumped, the capacity rule checked on
 * what is committed) and its move placing -> placed, in one transaction: both or neither.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Allocation } from "../../scheduler/contract";
import type { Db, Tx } from "../db/client";
import { rowsOf } from "../db/rows";
import { replaceAllocationsIn } from "../inventory/allocations";
import { fail, write } from "../inventory/outcome";
import { transition } from "../requests/machine";
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

export async function writePlacement(db: Db, snapshot: SnapshotCache, row: ClaimedRow, allocations: Allocation[], worker: string): Promise<WriteOutcome> {
  const host = allocations[0]!.provider;
  const mapped: { providerId: string; resources: Record<string, number> }[] = [];
  for (const a of allocations) {
    const id = snapshot.providerId(a.provider);
    if (id === undefined) return { kind: "conflict", message: `provider ${a.provider} is gone` };
    const resources = Object.fromEntries(Object.entries(a.resources).filter(([, v]) => v > 0));
    if (Object.keys(resources).length > 0) mapped.push({ providerId: id, resources });
  }
  const consumerId = randomUUID();
  const out = await write(db, async (tx) => {
    if (row.serverGroupId !== null) await checkServerGroup(tx, row.serverGroupId, mapped[0]!.providerId, host);
    await replaceAllocationsIn(tx, {
      consumerId, consumerGeneration: null,
      consumer: { name: row.name, projectId: row.projectId, userId: SCHEDULER_USER, kind: "instance", flavorId: row.flavorId, serverGroupId: row.serverGroupId },
      allocations: mapped,
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

/**
 * The server group's rule against what is committed, with the group's row locked: two workers that
 * planned members of one group on pictures a moment old write one after the other, and the second
 * sees the first's member (a CONFLICT: it re-plans, and the plan reads the members again). Affinity:
 * the members' domain (host, rack or zone, per the group's scope) or any while there are none;
 * anti-affinity: no member in the domain; soft anti-affinity is a preference, not checked here.
 */
export async function checkServerGroup(tx: Tx, groupId: string, hostId: string, hostName: string): Promise<void> {
  const [group] = await rowsOf<{ policy: string; scope: "host" | "rack" | "zone"; name: string }>(tx,
    sql`select policy::text as policy, scope::text as scope, name from server_groups where id = ${groupId}::uuid for update`);
  if (!group || group.policy === "soft-anti-affinity") return;
  const [here] = await rowsOf<Domain>(tx, sql`select provider_id::text as provider_id, zone, rack from provider_locations where provider_id = ${hostId}::uuid`);
  const members = await rowsOf<Domain>(tx, sql`
    select distinct l.provider_id::text as provider_id, l.zone, l.rack
    from consumers c join allocations a on a.consumer_id = c.id
    join resource_providers p on p.id = a.provider_id and p.kind = 'host'
    join provider_locations l on l.provider_id = p.id
    where c.server_group_id = ${groupId}::uuid`);
  if (!here || members.length === 0) return;
  const domain = (d: Domain) => group.scope === "host" ? d.provider_id
    : group.scope === "zone" ? (d.zone === null ? `h:${d.provider_id}` : `z:${d.zone}`)
    : (d.rack === null ? `h:${d.provider_id}` : `r:${d.zone ?? ""}/${d.rack}`);
  const shared = members.some((m) => domain(m) === domain(here));
  if (group.policy === "anti-affinity" && shared) {
    fail("CONFLICT", `server group ${group.name} (anti-affinity per ${group.scope}) already has a member there: ${hostName} is no longer allowed`);
  }
  if (group.policy === "affinity" && !shared) {
    fail("CONFLICT", `server group ${group.name} (affinity per ${group.scope}) has its members elsewhere: ${hostName} is no longer allowed`);
  }
}
