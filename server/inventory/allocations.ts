import { and, eq, inArray, sql } from "drizzle-orm";
import { allocations, consumers, inventories, resourceProviders } from "../../drizzle/schema";
import type { Db, Tx } from "../db/client";
import { recordAudit } from "./audit";
import { capacityOf, fits } from "../../scheduler/capacity";
import { fail, write } from "./outcome";

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
  const generation = await claimConsumer(tx, req);
  const providerIds = [...new Set(req.allocations.map((a) => a.providerId))].sort();
  // Lock every provider touched, in id order (writers never deadlock), bumping its generation: one statement.
  const locked = providerIds.length === 0 ? [] : await tx.execute(sql`with l as (
      select id from ${resourceProviders} where id in (${sql.join(providerIds.map((id) => sql`${id}::uuid`), sql`, `)}) order by id for update
    ) update ${resourceProviders} p set generation = p.generation + 1 from l where p.id = l.id returning p.id::text as id, p.state::text as state`);
  const states = new Map<string, string>(rowsOfResult<{ id: string; state: string }>(locked).map((r) => [r.id, r.state]));
  for (const [i, a] of req.allocations.entries()) {
    if (!states.has(a.providerId)) fail("NOT_FOUND", `no resource provider ${a.providerId}`, `allocations[${i}]`);
  }
  // A new consumer holds nothing yet: no need to read or delete what it held.
  const before = req.consumerGeneration === null ? [] : await tx
    .select({ providerId: allocations.providerId, resourceClass: allocations.resourceClass, used: allocations.used })
    .from(allocations)
    .where(eq(allocations.consumerId, req.consumerId));
  if (before.length > 0) await tx.delete(allocations).where(eq(allocations.consumerId, req.consumerId));
  const held = new Set(before.map((b) => `${b.providerId}/${b.resourceClass}`));

  // One amount per (provider, class): two groups on one provider add up (Placement keeps one allocation per pair).
  const wanted = new Map<string, { providerId: string; resourceClass: string; amount: number; field: string }>();
  for (const [i, a] of req.allocations.entries()) {
    for (const [resourceClass, amount] of Object.entries(a.resources)) {
      const k = `${a.providerId}/${resourceClass}`;
      const w = wanted.get(k);
      if (w) w.amount += amount;
      else wanted.set(k, { providerId: a.providerId, resourceClass, amount, field: `allocations[${i}].resources.${resourceClass}` });
    }
  }
  if (wanted.size > 0) {
    const pairs = [...wanted.values()];
    const pairSql = sql.join(pairs.map((w) => sql`(${w.providerId}::uuid, ${w.resourceClass}::text)`), sql`, `);
    // Read after the locks (a new statement, a new snapshot): what is committed now, for every pair at once.
    const [invRows, usedRows] = await Promise.all([
      tx.execute(sql`select provider_id::text as "providerId", resource_class as "resourceClass", total, reserved, allocation_ratio as "allocationRatio",
        min_unit as "minUnit", max_unit as "maxUnit", step_size as "stepSize" from ${inventories} where (provider_id, resource_class) in (${pairSql})`),
      tx.execute(sql`select provider_id::text as "providerId", resource_class as "resourceClass", sum(used)::float8 as used from ${allocations}
        where (provider_id, resource_class) in (${pairSql}) group by 1, 2`),
    ]);
    type Inv = { providerId: string; resourceClass: string; total: number; reserved: number; allocationRatio: number; minUnit: number; maxUnit: number; stepSize: number };
    const invs = new Map(rowsOfResult<Inv>(invRows).map((r) => [`${r.providerId}/${r.resourceClass}`, r]));
    const used = new Map(rowsOfResult<{ providerId: string; resourceClass: string; used: number }>(usedRows).map((r) => [`${r.providerId}/${r.resourceClass}`, Number(r.used)]));
    for (const w of pairs) {
      const k = `${w.providerId}/${w.resourceClass}`;
      // A provider out of service keeps what it holds but takes nothing new.
      if (states.get(w.providerId) !== "active" && !held.has(k)) {
        fail("PRECONDITION_FAILED", `provider ${w.providerId} is ${states.get(w.providerId)} and takes no new allocations`, w.field);
      }
      const raw = invs.get(k);
      if (!raw) fail("BAD_REQUEST", `provider ${w.providerId} has no ${w.resourceClass} inventory`, w.field);
      const inv = { total: Number(raw.total), reserved: Number(raw.reserved), allocationRatio: Number(raw.allocationRatio), minUnit: Number(raw.minUnit), maxUnit: Number(raw.maxUnit), stepSize: Number(raw.stepSize) };
      const u = used.get(k) ?? 0;
      const code = fits(inv, u, w.amount);
      if (code === "no_capacity") {
        fail("CONFLICT", `${w.amount} ${w.resourceClass} does not fit: ${u} of ${capacityOf(inv)} already used`, w.field);
      }
      if (code !== "ok") fail("BAD_REQUEST", `${w.amount} ${w.resourceClass} breaks the inventory's ${code.replaceAll("_", " ")}`, w.field);
    }
    await tx.insert(allocations).values(pairs.map((w) => ({ consumerId: req.consumerId, providerId: w.providerId, resourceClass: w.resourceClass, used: w.amount })));
  }
  await recordAudit(tx, {
    actor, action: "allocations.replace", entityType: "consumer", entityId: req.consumerId, before,
    after: req.allocations.flatMap((a) => Object.entries(a.resources).map(([resourceClass, used]) => ({ providerId: a.providerId, resourceClass, used }))),
  });
  return { consumerId: req.consumerId, generation };
}

/** Rows of a raw query on either driver (PGlite answers `{ rows }`, postgres-js an array). */
function rowsOfResult<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
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
