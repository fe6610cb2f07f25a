/**
 * The request state machine of DESIGN §2 and §5, as a table: each action names the states it may
 * start from and the state it leads to. Every change of state goes through `transition` (one
 * guarded UPDATE: the row must still be in a `from` state, and held by the worker where one holds
 * it) and writes one event row with who, when and why, in the same SQL statement.
 *
 *   pending -> placing -> placed -> provisioning -> active
 *   placing -> pending (could not place yet: backoff, retried when capacity changes) / failed (retry limit)
 *   placed, provisioning -> failed (provisioning failed: resources cleaned up, allocations released)
 *   pending, placing, placed, failed -> cancelled (by a person); provisioning -> cancelled (cleaned up first)
 *   active -> cancelled (deleted: deprovisioned, allocations freed)
 *   failed -> pending (retried by a person)
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { placementRequestEvents, placementRequests } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import { rowsOf } from "../db/rows";
import type { RequestState } from "./schema";

export type Action =
  | "claim" | "takeOver" | "place" | "defer" | "giveUp" | "provision" | "activate" | "fail"
  | "cancel" | "finishCancel" | "finishDelete" | "retry";

/** The machine. `to: null` keeps the state (a worker taking over an expired lease). */
export const machine: Record<Action, { from: readonly RequestState[]; to: RequestState | null }> = {
  claim: { from: ["pending"], to: "placing" },
  takeOver: { from: ["placing", "placed", "provisioning", "active"], to: null },
  place: { from: ["placing"], to: "placed" },
  defer: { from: ["placing"], to: "pending" },
  giveUp: { from: ["placing"], to: "failed" },
  provision: { from: ["placed"], to: "provisioning" },
  activate: { from: ["provisioning"], to: "active" },
  fail: { from: ["placed", "provisioning"], to: "failed" },
  cancel: { from: ["pending", "placing", "placed", "failed"], to: "cancelled" },
  finishCancel: { from: ["provisioning"], to: "cancelled" },
  finishDelete: { from: ["active"], to: "cancelled" },
  retry: { from: ["failed"], to: "pending" },
};

/** Where an action leads from a state, or null when the machine refuses it. Pure. */
export function next(from: RequestState, action: Action): RequestState | null {
  const rule = machine[action];
  if (!rule.from.includes(from)) return null;
  return rule.to ?? from;
}

/** Every state a state can lead to (for pages and tests). Pure. */
export function successors(from: RequestState): RequestState[] {
  const out = new Set<RequestState>();
  for (const action of Object.keys(machine) as Action[]) {
    const to = next(from, action);
    if (to !== null && to !== from) out.add(to);
  }
  return [...out];
}

export type TransitionOptions = {
  actor: string;
  reason: string;
  /** Only when the request is held by this worker. */
  heldBy?: string;
  /** Columns to set with the state. */
  set?: PgUpdateSetSource<typeof placementRequests>;
  /** Further guard (e.g. no cancel asked). */
  where?: SQL;
};

const r = placementRequests;

/**
 * Moves the requests `ids` by `action`, those still in a `from` state (and held by `heldBy`, when
 * given); one event per request moved. Returns the ids moved with the state they left.
 *
 * One SQL statement: the rows are locked and read (`before`), updated (`u`), and their events
 * inserted from the update's own result, so a state never shows without its event, or an event
 * without its state, whether the caller gives a transaction or not.
 */
export async function transition(tx: DbOrTx, ids: string[], action: Action, options: TransitionOptions): Promise<{ id: string; from: RequestState }[]> {
  if (ids.length === 0) return [];
  const rule = machine[action];
  const where = and(
    inArray(r.id, ids),
    inArray(r.state, [...rule.from]),
    options.heldBy === undefined ? undefined : eq(r.claimedBy, options.heldBy),
    options.where,
  );
  // The state before the update, read in the same statement (a self-join on the locked row).
  const before = tx.$with("before").as(tx.select({ id: r.id, state: r.state }).from(r).where(where).for("update"));
  const update = tx
    .with(before)
    .update(r)
    .set({
      ...(options.set ?? {}),
      ...(rule.to === null ? {} : { state: rule.to }),
      generation: sql`${r.generation} + 1`,
      updatedAt: sql`now()`,
    })
    .from(before)
    .where(eq(r.id, before.id))
    .returning({
      id: sql<string>`${r.id}`.as("moved_id"),
      from: sql<RequestState>`${before.state}`.as("from_state"),
      to: sql<RequestState>`${r.state}`.as("to_state"),
    });
  const e = placementRequestEvents;
  const moved = await rowsOf<{ id: string; from: RequestState }>(tx, sql`
    with u as (${update.getSQL()}),
    e as (
      insert into ${e} (${sql.identifier(e.requestId.name)}, ${sql.identifier(e.fromState.name)}, ${sql.identifier(e.toState.name)}, ${sql.identifier(e.actor.name)}, ${sql.identifier(e.reason.name)})
      select moved_id, from_state, to_state, ${options.actor}, ${options.reason} from u
    )
    select moved_id::text as "id", from_state::text as "from" from u`);
  return moved.map((m) => ({ id: m.id, from: m.from }));
}
