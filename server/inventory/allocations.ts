import { and, eq, inArray, sql } from "drizzle-orm";
import { allocations, consumers, inventories, resourceProviders } from "../../drizzle/schema";
import type { Db, Tx } from "../db/client";
import { recordAudit } from "./audit";
import { capacityOf, fits } from "../../scheduler/capacity";
import { fail, write } from "./outcome";
import { usedOf } from "./usage";

export type AllocationRequest = {
  consumerId: string;
  /** The consumer generation the caller read; null when the consumer is new. */
  consumerGeneration: number | null;
  /** Used only when the consumer is new. */
  consumer?: { name: string; projectId: string; userId: string; kind?: "instance" | "volume" | "port" | "workload"; flavorId?: string | null; serverGroupId?: string | null };
  /** The consumer's whole allocation set afterwards (Placement's PUT /allocations/{consumer}); empty releases everything. */
  allocations: { providerId: string; resources: Record<string, number> }[];
};

/**
 * Replaces a consumer's allocations atomically, the way the scheduler claims resources:
 * the consumer's generation guards against a concurrent writer of the same consumer; every provider
 * touched is locked (`UPDATE ... generation + 1`, in id order so writers never deadlock) and then
 * checked against the capacity rule `used + amount <= (total - reserved) * allocationRatio` with
 * what is committed, so two writers can never over-commit a provider between them.
 */
export function replaceAllocations(db: Db, req: AllocationRequest, actor: string) {
  return write(db, (tx) => replaceAllocationsIn(tx, req, actor));
}

/** replaceAllocations inside the caller's transaction (the scheduler writes the request's state with it); fail() aborts it. */
export async function replaceAllocationsIn(tx: Tx, req: AllocationRequest, actor: string): Promise<{ consumerId: string; generation: number }> {
  {
    const generation = await claimConsumer(tx, req);
    const providerIds = [...new Set(req.allocations.map((a) => a.providerId))].sort();
    const states = new Map<string, string>();
    for (const id of providerIds) {
      const [row] = await tx
        .update(resourceProviders)
        .set({ generation: sql`${resourceProviders.generation} + 1` })
        .where(eq(resourceProviders.id, id))
        .returning({ state: resourceProviders.state });
      if (!row) fail("NOT_FOUND", `no resource provider ${id}`, "allocations");
      states.set(id, row.state);
    }
    const before = await tx
      .select({ providerId: allocations.providerId, resourceClass: allocations.resourceClass, used: allocations.used })
      .from(allocations)
      .where(eq(allocations.consumerId, req.consumerId));
    await tx.delete(allocations).where(eq(allocations.consumerId, req.consumerId));
    const held = new Set(before.map((b) => `${b.providerId}/${b.resourceClass}`));

    for (const [i, a] of req.allocations.entries()) {
      for (const [resourceClass, amount] of Object.entries(a.resources)) {
        const field = `allocations[${i}].resources.${resourceClass}`;
        // A provider out of service keeps what it holds but takes nothing new.
        if (states.get(a.providerId) !== "active" && !held.has(`${a.providerId}/${resourceClass}`)) {
          fail("PRECONDITION_FAILED", `provider ${a.providerId} is ${states.get(a.providerId)} and takes no new allocations`, field);
        }
        const [inv] = await tx
          .select({
            total: inventories.total, reserved: inventories.reserved, allocationRatio: inventories.allocationRatio,
            minUnit: inventories.minUnit, maxUnit: inventories.maxUnit, stepSize: inventories.stepSize,
          })
          .from(inventories)
          .where(and(eq(inventories.providerId, a.providerId), eq(inventories.resourceClass, resourceClass)));
        if (!inv) fail("BAD_REQUEST", `provider ${a.providerId} has no ${resourceClass} inventory`, field);
        const used = await usedOf(tx, a.providerId, resourceClass);
        const code = fits(inv, used, amount);
        if (code === "no_capacity") {
          fail("CONFLICT", `${amount} ${resourceClass} does not fit: ${used} of ${capacityOf(inv)} already used`, field);
        }
        if (code !== "ok") fail("BAD_REQUEST", `${amount} ${resourceClass} breaks the inventory's ${code.replaceAll("_", " ")}`, field);
        await tx.insert(allocations).values({ consumerId: req.consumerId, providerId: a.providerId, resourceClass, used: amount });
      }
    }
    await recordAudit(tx, {
      actor, action: "allocations.replace", entityType: "consumer", entityId: req.consumerId, before,
      after: req.allocations.flatMap((a) => Object.entries(a.resources).map(([resourceClass, used]) => ({ providerId: a.providerId, resourceClass, used }))),
    });
    return { consumerId: req.consumerId, generation };
  }
}

async function claimConsumer(tx: Tx, req: AllocationRequest): Promise<number> {
  if (req.consumerGeneration === null) {
    if (!req.consumer) fail("BAD_REQUEST", "a new consumer needs its name, project and user", "consumer");
    const [row] = await tx
      .insert(consumers)
      .values({ id: req.consumerId, ...req.consumer, generation: 1 })
      .onConflictDoNothing()
      .returning({ generation: consumers.generation });
    if (!row) fail("CONFLICT", "the consumer exists already: read its generation and retry", "consumerGeneration");
    return row.generation;
  }
  const [row] = await tx
    .update(consumers)
    .set({ generation: sql`${consumers.generation} + 1`, updatedAt: sql`now()` })
    .where(and(eq(consumers.id, req.consumerId), eq(consumers.generation, req.consumerGeneration)))
    .returning({ generation: consumers.generation });
  if (row) return row.generation;
  const [exists] = await tx.select({ g: consumers.generation }).from(consumers).where(inArray(consumers.id, [req.consumerId]));
  if (!exists) fail("NOT_FOUND", `no consumer ${req.consumerId}`, "consumerId");
  fail("CONFLICT", `someone else changed this consumer (you read generation ${req.consumerGeneration}, it is now ${exists.g})`, "consumerGeneration");
}
