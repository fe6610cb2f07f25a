import { and, eq, inArray, sql } from "drizzle-orm";
import { allocations, auditLog, consumers, inventories, resourceProviders } from "../../drizzle/schema";
import type { Db, Tx } from "../db/client";
import { recordAudit } from "./audit";
import { capacityOf, fits } from "../../scheduler/capacity";
import { fail, write, type Failure } from "./outcome";

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
  const states = await lockProviders(tx, req.allocations.map((a) => a.providerId));
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

  const pairs = wantedPairs(req.allocations);
  if (pairs.length > 0) {
    const capacity = await readCapacity(tx, pairs);
    for (const w of pairs) {
      const k = `${w.providerId}/${w.resourceClass}`;
      const failure = checkPair(states.get(w.providerId), held.has(k), capacity.get(k), 0, w);
      if (failure) fail(failure.code, failure.message, failure.field);
    }
    await tx.insert(allocations).values(pairs.map((w) => ({ consumerId: req.consumerId, providerId: w.providerId, resourceClass: w.resourceClass, used: w.amount })));
  }
  await recordAudit(tx, {
    actor, action: "allocations.replace", entityType: "consumer", entityId: req.consumerId, before,
    after: auditAfter(req.allocations),
  });
  return { consumerId: req.consumerId, generation };
}

export type NewConsumer = Omit<AllocationRequest, "consumerGeneration" | "consumer"> & { consumer: NonNullable<AllocationRequest["consumer"]> };

/**
 * Many new consumers in the caller's transaction, with replaceAllocationsIn's guarantees for each:
 * every provider touched locked in id order with its generation bumped (once for the batch), the
 * capacity rule checked on what is committed plus what the batch's earlier consumers take, in the
 * order given. Those that fit are written (consumers, allocations and their audit rows: one
 * statement); those that do not are refused with the failure replaceAllocationsIn would give, and
 * nothing of them is written. Returns the indices written and the refusals.
 */
export async function createConsumersIn(tx: Tx, items: NewConsumer[], actor: string): Promise<{ written: number[]; refused: Map<number, Failure> }> {
  const refused = new Map<number, Failure>();
  const written: number[] = [];
  if (items.length === 0) return { written, refused };
  const states = await lockProviders(tx, items.flatMap((it) => it.allocations.map((a) => a.providerId)));
  const perItem = items.map((it) => wantedPairs(it.allocations));
  const unique = new Map(perItem.flat().map((w) => [`${w.providerId}/${w.resourceClass}`, w]));
  const capacity = unique.size === 0 ? new Map<string, Capacity>() : await readCapacity(tx, [...unique.values()]);
  const taken = new Map<string, number>();
  for (const [i, pairs] of perItem.entries()) {
    let failure: Failure | null = null;
    for (const [j, a] of items[i]!.allocations.entries()) {
      if (!states.has(a.providerId)) failure ??= { ok: false, code: "NOT_FOUND", message: `no resource provider ${a.providerId}`, field: `allocations[${j}]` };
    }
    for (const w of pairs) {
      const k = `${w.providerId}/${w.resourceClass}`;
      failure ??= checkPair(states.get(w.providerId), false, capacity.get(k), taken.get(k) ?? 0, w);
    }
    if (failure) {
      refused.set(i, failure);
      continue;
    }
    for (const w of pairs) {
      const k = `${w.providerId}/${w.resourceClass}`;
      taken.set(k, (taken.get(k) ?? 0) + w.amount);
    }
    written.push(i);
  }
  if (written.length === 0) return { written, refused };
  const rows = written.map((i) => items[i]!);
  const consumerRows = sql.join(rows.map((it) => sql`(${it.consumerId}::uuid, ${it.consumer.name}::text, ${it.consumer.kind ?? "workload"}::consumer_kind,
    ${it.consumer.projectId}::text, ${it.consumer.userId}::text, ${it.consumer.flavorId ?? null}::text, ${it.consumer.serverGroupId ?? null}::uuid)`), sql`, `);
  const allocationRows = sql.join(written.flatMap((i) => perItem[i]!.map((w) =>
    sql`(${items[i]!.consumerId}::uuid, ${w.providerId}::uuid, ${w.resourceClass}::text, ${w.amount}::int)`)), sql`, `);
  const auditRows = sql.join(rows.map((it) => sql`(${actor}::text, 'allocations.replace', 'consumer', ${it.consumerId}::text, '[]'::jsonb, ${JSON.stringify(auditAfter(it.allocations))}::jsonb)`), sql`, `);
  const anyAllocation = written.some((i) => perItem[i]!.length > 0);
  const result = await tx.execute(sql`with c as (
      insert into ${consumers} (id, name, kind, project_id, user_id, flavor_id, server_group_id, generation)
      select v.*, 1 from (values ${consumerRows}) v on conflict do nothing returning id
    )${anyAllocation ? sql`, a as (
      insert into ${allocations} (consumer_id, provider_id, resource_class, used) values ${allocationRows}
    )` : sql``}, l as (
      insert into ${auditLog} (actor, action, entity_type, entity_id, before, after) values ${auditRows}
    ) select count(*)::int as n from c`);
  const [made] = rowsOfResult<{ n: number }>(result);
  if (Number(made?.n ?? 0) !== rows.length) fail("CONFLICT", "a consumer exists already: read its generation and retry", "consumerGeneration");
  return { written, refused };
}

type Wanted = { providerId: string; resourceClass: string; amount: number; field: string };
type Capacity = { total: number; reserved: number; allocationRatio: number; minUnit: number; maxUnit: number; stepSize: number; used: number };

/** One amount per (provider, class): two groups on one provider add up (Placement keeps one allocation per pair). */
function wantedPairs(allocs: AllocationRequest["allocations"]): Wanted[] {
  const wanted = new Map<string, Wanted>();
  for (const [i, a] of allocs.entries()) {
    for (const [resourceClass, amount] of Object.entries(a.resources)) {
      const k = `${a.providerId}/${resourceClass}`;
      const w = wanted.get(k);
      if (w) w.amount += amount;
      else wanted.set(k, { providerId: a.providerId, resourceClass, amount, field: `allocations[${i}].resources.${resourceClass}` });
    }
  }
  return [...wanted.values()];
}

function auditAfter(allocs: AllocationRequest["allocations"]) {
  return allocs.flatMap((a) => Object.entries(a.resources).map(([resourceClass, used]) => ({ providerId: a.providerId, resourceClass, used })));
}

/** Locks every provider named, in id order (writers never deadlock), bumping its generation: one statement. Returns their states. */
async function lockProviders(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  const providerIds = [...new Set(ids)].sort();
  if (providerIds.length === 0) return new Map();
  const locked = await tx.execute(sql`with l as (
      select id from ${resourceProviders} where id in (${sql.join(providerIds.map((id) => sql`${id}::uuid`), sql`, `)}) order by id for update
    ) update ${resourceProviders} p set generation = p.generation + 1 from l where p.id = l.id returning p.id::text as id, p.state::text as state`);
  return new Map(rowsOfResult<{ id: string; state: string }>(locked).map((r) => [r.id, r.state]));
}

/**
 * The inventories of these (provider, class) pairs with what is committed on each, in one statement
 * run after the locks (a new statement, a new snapshot: it sees every writer that held them before).
 */
async function readCapacity(tx: Tx, pairs: Wanted[]): Promise<Map<string, Capacity>> {
  const pairSql = sql.join(pairs.map((w) => sql`(${w.providerId}::uuid, ${w.resourceClass}::text)`), sql`, `);
  const rows = rowsOfResult<Capacity & { providerId: string; resourceClass: string }>(await tx.execute(sql`select i.provider_id::text as "providerId",
      i.resource_class as "resourceClass", i.total, i.reserved, i.allocation_ratio as "allocationRatio", i.min_unit as "minUnit",
      i.max_unit as "maxUnit", i.step_size as "stepSize",
      coalesce((select sum(a.used) from ${allocations} a where a.provider_id = i.provider_id and a.resource_class = i.resource_class), 0)::float8 as used
    from ${inventories} i where (i.provider_id, i.resource_class) in (${pairSql})`));
  return new Map(rows.map((r) => [`${r.providerId}/${r.resourceClass}`, {
    total: Number(r.total), reserved: Number(r.reserved), allocationRatio: Number(r.allocationRatio), minUnit: Number(r.minUnit),
    maxUnit: Number(r.maxUnit), stepSize: Number(r.stepSize), used: Number(r.used),
  }]));
}

/** The capacity rule for one pair: null when `w.amount` more fits on top of what is committed and `extra`. */
function checkPair(state: string | undefined, held: boolean, cap: Capacity | undefined, extra: number, w: Wanted): Failure | null {
  // A provider out of service keeps what it holds but takes nothing new.
  if (state !== "active" && !held) {
    return { ok: false, code: "PRECONDITION_FAILED", message: `provider ${w.providerId} is ${state} and takes no new allocations`, field: w.field };
  }
  if (!cap) return { ok: false, code: "BAD_REQUEST", message: `provider ${w.providerId} has no ${w.resourceClass} inventory`, field: w.field };
  const u = cap.used + extra;
  const code = fits(cap, u, w.amount);
  if (code === "no_capacity") return { ok: false, code: "CONFLICT", message: `${w.amount} ${w.resourceClass} does not fit: ${u} of ${capacityOf(cap)} already used`, field: w.field };
  if (code !== "ok") return { ok: false, code: "BAD_REQUEST", message: `${w.amount} ${w.resourceClass} breaks the inventory's ${code.replaceAll("_", " ")}`, field: w.field };
  return null;
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
