/**
 * What a person does to a request: cancel (not yet active), retry (failed, or waiting for capacity),
 * delete (active: the worker deprovisions, then frees the allocations). Each in one transaction
 * through the state machine; a request a worker is provisioning is only flagged, and the worker
 * that holds it finishes the job (it cleans up what the cloud holds first).
 */
import { eq, or, sql } from "drizzle-orm";
import { consumers, placementRequestEvents, placementRequests } from "../../drizzle/schema";
import type { Db, Tx } from "../db/client";
import { replaceAllocationsIn } from "../inventory/allocations";
import { fail, write, type Outcome } from "../inventory/outcome";
import { transition } from "./machine";
import type { RequestState } from "./schema";
import { wakeWaitingRequests } from "./wake";

const r = placementRequests;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CommandResult = { id: string; key: string; state: RequestState; message: string };

/** The request named by its id or key, locked for the transaction. */
export async function lockRequest(tx: Tx, ref: string) {
  const [row] = await tx
    .select({ id: r.id, key: r.idempotencyKey, state: r.state, consumerId: r.consumerId, claimedBy: r.claimedBy, cancelRequestedAt: r.cancelRequestedAt, deleteRequestedAt: r.deleteRequestedAt })
    .from(r)
    .where(UUID.test(ref) ? or(eq(r.id, ref), eq(r.idempotencyKey, ref)) : eq(r.idempotencyKey, ref))
    .for("update");
  if (!row) fail("NOT_FOUND", `no placement request with id or key '${ref}'`, "id");
  return row;
}

/** Frees what a consumer holds (its allocation set replaced by nothing), under its generation. */
export async function releaseConsumer(tx: Tx, consumerId: string | null, actor: string): Promise<void> {
  if (consumerId === null) return;
  const [c] = await tx.select({ generation: consumers.generation }).from(consumers).where(eq(consumers.id, consumerId)).for("update");
  if (!c) return;
  await replaceAllocationsIn(tx, { consumerId, consumerGeneration: c.generation, allocations: [] }, actor);
}

/** Requests waiting for capacity may place now: they are tried at once, not after their backoff. */
export const capacityFreed: (tx: Tx) => Promise<void> = wakeWaitingRequests;

/** An event that changes no state: who asked for what. */
async function note(tx: Tx, requestId: string, state: RequestState, actor: string, reason: string): Promise<void> {
  await tx.insert(placementRequestEvents).values({ requestId, fromState: state, toState: state, actor, reason });
}

export function cancelRequest(db: Db, ref: string, actor: string): Promise<Outcome<CommandResult>> {
  return write(db, async (tx) => {
    const req = await lockRequest(tx, ref);
    const done = (state: RequestState, message: string): CommandResult => ({ id: req.id, key: req.key, state, message });
    if (req.state === "cancelled") return done("cancelled", "already cancelled");
    if (req.state === "active") fail("PRECONDITION_FAILED", "is active: delete it to deprovision it and free its allocations", "id");
    if (req.state === "provisioning") {
      await tx.update(r).set({ cancelRequestedAt: sql`coalesce(${r.cancelRequestedAt}, now())` }).where(eq(r.id, req.id));
      await note(tx, req.id, "provisioning", actor, `cancel asked by ${actor}`);
      return done("provisioning", "cancel asked: the worker provisioning it cleans up, frees its allocations and cancels it");
    }
    const holds = req.state === "placed";
    await transition(tx, [req.id], "cancel", {
      actor, reason: `cancelled by ${actor}${holds ? "; allocations freed" : ""}`,
      set: { claimedBy: null, leaseUntil: null },
    });
    if (holds) {
      await releaseConsumer(tx, req.consumerId, actor);
      await capacityFreed(tx);
    }
    return done("cancelled", "cancelled");
  });
}

export function retryRequest(db: Db, ref: string, actor: string): Promise<Outcome<CommandResult>> {
  return write(db, async (tx) => {
    const req = await lockRequest(tx, ref);
    if (req.state === "pending") {
      await tx.update(r).set({ notBefore: null }).where(eq(r.id, req.id));
      return { id: req.id, key: req.key, state: "pending" as const, message: "pending: it is tried at the next claim" };
    }
    if (req.state !== "failed") fail("PRECONDITION_FAILED", `is ${req.state}: only a failed request (or one waiting for capacity) is retried`, "id");
    await transition(tx, [req.id], "retry", {
      actor, reason: `retried by ${actor}`,
      set: { attempts: 0, notBefore: null, claimedBy: null, leaseUntil: null, serverId: null, host: null, cancelRequestedAt: null },
    });
    return { id: req.id, key: req.key, state: "pending" as const, message: "pending again" };
  });
}

export function deleteRequest(db: Db, ref: string, actor: string): Promise<Outcome<CommandResult>> {
  return write(db, async (tx) => {
    const req = await lockRequest(tx, ref);
    const done = (state: RequestState, message: string): CommandResult => ({ id: req.id, key: req.key, state, message });
    if (req.state === "cancelled" && req.deleteRequestedAt !== null) return done("cancelled", "already deleted");
    if (req.state !== "active") fail("PRECONDITION_FAILED", `is ${req.state}: only an active request is deleted (cancel one that is not active yet)`, "id");
    if (req.deleteRequestedAt !== null) return done("active", "delete asked already: a worker is deprovisioning it");
    await tx.update(r).set({ deleteRequestedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(r.id, req.id));
    await note(tx, req.id, "active", actor, `delete asked by ${actor}`);
    return done("active", "delete asked: a worker deprovisions it, then frees its allocations");
  });
}
