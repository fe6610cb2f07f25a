import { and, eq } from "drizzle-orm";
import { inventories } from "../../drizzle/schema";
import type { Db } from "../db/client";
import { recordAudit } from "./audit";
import { capacityOf, type InventoryLike } from "../../scheduler/capacity";
import { wakeWaitingRequests } from "../requests/wake";
import { bumpProviderGeneration, ensureResourceClasses, isCapacityKind } from "./guards";
import { fail, write } from "./outcome";
import type { InventorySetInput } from "./schemas";
import { usedOf } from "./usage";

const inv = inventories;
const invColumns = {
  resourceClass: inv.resourceClass, total: inv.total, reserved: inv.reserved, minUnit: inv.minUnit,
  maxUnit: inv.maxUnit, stepSize: inv.stepSize, allocationRatio: inv.allocationRatio,
};

type InventoryRecord = Required<InventoryLike>;

/**
 * Whether an inventory record, set in place of `before` (none: a new record), may let a request in
 * that did not fit: more capacity, a larger largest unit, a smaller smallest one, another step size
 * (a step can open amounts as well as close them; a needless wake costs one try). Pure.
 */
export function inventoryWidens(before: InventoryRecord | undefined, after: InventoryRecord): boolean {
  if (before === undefined) return capacityOf(after) > 0;
  return capacityOf(after) > capacityOf(before) || after.maxUnit > before.maxUnit || after.minUnit < before.minUnit || after.stepSize !== before.stepSize;
}

/**
 * Sets one inventory record (create or replace), generation-checked. A capacity below what is
 * already allocated is refused, naming `total` (or `reserved`/`allocationRatio` when those shrank it).
 * One that widens what fits wakes the requests waiting for capacity, in the same transaction.
 */
export function setInventory(db: Db, input: InventorySetInput, actor: string) {
  return write(db, async (tx) => {
    const bumped = await bumpProviderGeneration(tx, input.providerId, input.generation, "providerId");
    if (bumped.state === "retired") fail("PRECONDITION_FAILED", "a retired provider holds no inventory", "providerId");
    if (!isCapacityKind(bumped.kind)) fail("BAD_REQUEST", `a ${bumped.kind} is a grouping and holds no inventory`, "providerId");
    await ensureResourceClasses(tx, [input.resourceClass], () => "resourceClass");
    const [before] = await tx
      .select(invColumns)
      .from(inv)
      .where(and(eq(inv.providerId, input.providerId), eq(inv.resourceClass, input.resourceClass)));
    const record = {
      total: input.total, reserved: input.reserved, minUnit: input.minUnit,
      maxUnit: input.maxUnit ?? Math.max(input.total, 1), stepSize: input.stepSize, allocationRatio: input.allocationRatio,
    };
    const used = await usedOf(tx, input.providerId, input.resourceClass);
    const capacity = capacityOf(record);
    if (used > capacity) {
      const field = before && record.total >= before.total
        ? (record.reserved > before.reserved ? "reserved" : "allocationRatio")
        : "total";
      fail(
        "BAD_REQUEST",
        `capacity (${record.total} - ${record.reserved}) × ${record.allocationRatio} = ${capacity} ${input.resourceClass} is below the ${used} already allocated`,
        field,
      );
    }
    await tx
      .insert(inv)
      .values({ providerId: input.providerId, resourceClass: input.resourceClass, ...record })
      .onConflictDoUpdate({ target: [inv.providerId, inv.resourceClass], set: record });
    // More room on a schedulable provider: the requests waiting for capacity are tried at once.
    if (bumped.state === "active" && inventoryWidens(before, record)) await wakeWaitingRequests(tx);
    await recordAudit(tx, {
      actor, action: "inventory.set", entityType: "provider", entityId: input.providerId,
      before: before ?? null, after: { resourceClass: input.resourceClass, ...record },
    });
    return { generation: bumped.generation };
  });
}

/** Removes one inventory record: refused while anything of that class is allocated on the provider. */
export function removeInventory(db: Db, input: { providerId: string; generation: number; resourceClass: string }, actor: string) {
  return write(db, async (tx) => {
    const bumped = await bumpProviderGeneration(tx, input.providerId, input.generation, "providerId");
    const [before] = await tx
      .select(invColumns)
      .from(inv)
      .where(and(eq(inv.providerId, input.providerId), eq(inv.resourceClass, input.resourceClass)));
    if (!before) fail("NOT_FOUND", `the provider has no ${input.resourceClass} inventory`, "resourceClass");
    const used = await usedOf(tx, input.providerId, input.resourceClass);
    if (used > 0) fail("PRECONDITION_FAILED", `${used} ${input.resourceClass} is still allocated on this provider`, "resourceClass");
    await tx.delete(inv).where(and(eq(inv.providerId, input.providerId), eq(inv.resourceClass, input.resourceClass)));
    await recordAudit(tx, {
      actor, action: "inventory.remove", entityType: "provider", entityId: input.providerId, before, after: null,
    });
    return { generation: bumped.generation };
  });
}
