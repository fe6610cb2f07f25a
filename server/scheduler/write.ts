/**
 * Writing one placed request: its allocations as one new consumer through the inventory's writer
 * (replaceAllocationsIn: providers locked and their generations bumped, the capacity rule checked on
 * what is committed) and its move placing -> placed, in one transaction: both or neither.
 */
import { randomUUID } from "node:crypto";
import type { Allocation } from "../../scheduler/contract";
import type { Db } from "../db/client";
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
