import { and, count, eq, inArray, ne, sql } from "drizzle-orm";
import {
  aggregates, allocations, inventories, providerAggregates, providerTraits, resourceProviders,
} from "../../drizzle/schema";
import type { Db, Tx } from "../db/client";
import { wakeWaitingRequests } from "../requests/wake";
import { recordAudit } from "./audit";
import {
  bumpProviderGeneration, checkHardwareModel, checkParent, ensureResourceClasses, ensureTraits, isCapacityKind,
} from "./guards";
import { fail, write } from "./outcome";
import type { ProviderCreateInput, ProviderUpdateInput } from "./schemas";

const p = resourceProviders;

const snapshotColumns = {
  id: p.id, name: p.name, kind: p.kind, subtype: p.subtype, state: p.state, parentId: p.parentId,
  hardwareModelId: p.hardwareModelId, attributes: p.attributes, generation: p.generation,
};

async function snapshot(tx: Tx, id: string) {
  const [row] = await tx.select(snapshotColumns).from(p).where(eq(p.id, id));
  return row ?? null;
}

async function checkNameFree(tx: Tx, name: string, field: string, exceptId?: string) {
  const where = exceptId === undefined ? eq(p.name, name) : and(eq(p.name, name), ne(p.id, exceptId));
  const [clash] = await tx.select({ id: p.id }).from(p).where(where);
  if (clash) fail("CONFLICT", `a provider named '${name}' already exists`, field);
}

async function checkAggregates(tx: Tx, ids: string[], field: string) {
  if (ids.length === 0) return;
  const found = new Set(
    (await tx.select({ id: aggregates.id }).from(aggregates).where(inArray(aggregates.id, ids))).map((r) => r.id),
  );
  ids.forEach((id, i) => {
    if (!found.has(id)) fail("BAD_REQUEST", `no aggregate ${id}`, `${field}[${i}]`);
  });
}

/**
 * Creates a provider with its inventories, traits and aggregates inside the caller's transaction.
 * `fieldPrefix` lets the import name its row's fields. Fails with BAD_REQUEST / CONFLICT naming the field.
 */
export async function createProviderIn(tx: Tx, input: ProviderCreateInput, actor: string, fieldPrefix = "") {
  const f = (name: string) => `${fieldPrefix}${name}`;
  await checkNameFree(tx, input.name, f("name"));
  const parentId = await checkParent(tx, input.kind, input.parentId, f("parentId"));
  await checkHardwareModel(tx, input.hardwareModelId, f("hardwareModelId"));
  const classes = Object.keys(input.inventories);
  if (classes.length > 0 && !isCapacityKind(input.kind)) {
    fail("BAD_REQUEST", `a ${input.kind} is a grouping and holds no inventory`, f("inventories"));
  }
  await ensureResourceClasses(tx, classes, (i) => f(`inventories.${classes[i]}`));
  await ensureTraits(tx, input.traits, (i) => f(`traits[${i}]`));
  await checkAggregates(tx, input.aggregateIds, f("aggregateIds"));

  const [row] = await tx
    .insert(p)
    .values({
      name: input.name, kind: input.kind, subtype: input.subtype ?? null, parentId, state: input.state,
      hardwareModelId: input.hardwareModelId ?? null, attributes: input.attributes,
    })
    .returning({ id: p.id, generation: p.generation });
  if (!row) throw new Error("insert returned no row");
  if (classes.length > 0) {
    await tx.insert(inventories).values(
      Object.entries(input.inventories).map(([resourceClass, inv]) => ({
        providerId: row.id, resourceClass, ...inv, maxUnit: inv.maxUnit ?? Math.max(inv.total, 1),
      })),
    );
  }
  const traitNames = [...new Set(input.traits)];
  if (traitNames.length > 0) await tx.insert(providerTraits).values(traitNames.map((trait) => ({ providerId: row.id, trait })));
  const aggIds = [...new Set(input.aggregateIds)];
  if (aggIds.length > 0) await tx.insert(providerAggregates).values(aggIds.map((aggregateId) => ({ providerId: row.id, aggregateId })));
  // A schedulable provider with capacity: the requests waiting for capacity are tried at once.
  if (input.state === "active" && classes.length > 0) await wakeWaitingRequests(tx);
  await recordAudit(tx, {
    actor, action: "provider.create", entityType: "provider", entityId: row.id, before: null,
    after: { ...(await snapshot(tx, row.id)), inventories: input.inventories, traits: traitNames, aggregateIds: aggIds },
  });
  return row;
}

export function createProvider(db: Db, input: ProviderCreateInput, actor: string) {
  return write(db, (tx) => createProviderIn(tx, input, actor));
}

export function updateProvider(db: Db, input: ProviderUpdateInput, actor: string) {
  return write(db, async (tx) => {
    const before = await snapshot(tx, input.id);
    const bumped = await bumpProviderGeneration(tx, input.id, input.generation);
    if (bumped.state === "retired") fail("PRECONDITION_FAILED", "a retired provider cannot change", "id");
    if (input.name !== undefined) await checkNameFree(tx, input.name, "name", input.id);
    const parentId = input.parentId === undefined ? undefined : await checkParent(tx, bumped.kind, input.parentId, "parentId");
    if (parentId !== undefined && parentId !== null && (await isDescendant(tx, parentId, input.id))) {
      fail("BAD_REQUEST", "a provider cannot sit under itself or its own descendant", "parentId");
    }
    await checkHardwareModel(tx, input.hardwareModelId, "hardwareModelId");
    await tx
      .update(p)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.subtype !== undefined && { subtype: input.subtype }),
        ...(input.state !== undefined && { state: input.state }),
        ...(parentId !== undefined && { parentId }),
        ...(input.hardwareModelId !== undefined && { hardwareModelId: input.hardwareModelId }),
        ...(input.attributes !== undefined && { attributes: input.attributes }),
      })
      .where(eq(p.id, input.id));
    const after = await snapshot(tx, input.id);
    // Back in service, or moved (another zone or rack may be what a waiting request asks for).
    if (after?.state === "active" && (before?.state !== "active" || before.parentId !== after.parentId)) await wakeWaitingRequests(tx);
    await recordAudit(tx, { actor, action: "provider.update", entityType: "provider", entityId: input.id, before, after });
    return { id: input.id, generation: bumped.generation };
  });
}

async function isDescendant(tx: Tx, candidate: string, ancestor: string): Promise<boolean> {
  let next: string | null = candidate;
  for (let depth = 0; next !== null && depth < 32; depth++) {
    if (next === ancestor) return true;
    const [row]: { parentId: string | null }[] = await tx.select({ parentId: p.parentId }).from(p).where(eq(p.id, next));
    next = row?.parentId ?? null;
  }
  return false;
}

/** Retires a provider: refused while it holds allocations or has children that are not retired. */
export function retireProvider(db: Db, input: { id: string; generation: number }, actor: string) {
  return write(db, async (tx) => {
    const before = await snapshot(tx, input.id);
    const bumped = await bumpProviderGeneration(tx, input.id, input.generation);
    if (bumped.state === "retired") fail("PRECONDITION_FAILED", "already retired", "id");
    const [held] = await tx
      .select({ n: sql<string>`count(distinct ${allocations.consumerId})`.mapWith(Number) })
      .from(allocations)
      .where(eq(allocations.providerId, input.id));
    if ((held?.n ?? 0) > 0) {
      fail("PRECONDITION_FAILED", `it still holds allocations of ${held?.n} consumers; move or delete them first`, "id");
    }
    const [live] = await tx.select({ n: count() }).from(p).where(and(eq(p.parentId, input.id), ne(p.state, "retired")));
    if ((live?.n ?? 0) > 0) fail("PRECONDITION_FAILED", `it has ${live?.n} children that are not retired`, "id");
    await tx.update(p).set({ state: "retired", retiredAt: sql`now()` }).where(eq(p.id, input.id));
    const after = await snapshot(tx, input.id);
    await recordAudit(tx, { actor, action: "provider.retire", entityType: "provider", entityId: input.id, before, after });
    return { id: input.id, generation: bumped.generation };
  });
}

/** Two sorted lists hold the same items. */
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Replaces a provider's traits (never consumed: they can change while allocations exist). */
export function setProviderTraits(db: Db, input: { id: string; generation: number; traits: string[] }, actor: string) {
  return write(db, async (tx) => {
    const bumped = await bumpProviderGeneration(tx, input.id, input.generation);
    const before = (
      await tx.select({ trait: providerTraits.trait }).from(providerTraits).where(eq(providerTraits.providerId, input.id))
    ).map((r) => r.trait).sort();
    await ensureTraits(tx, input.traits, (i) => `traits[${i}]`);
    const after = [...new Set(input.traits)].sort();
    await tx.delete(providerTraits).where(eq(providerTraits.providerId, input.id));
    if (after.length > 0) await tx.insert(providerTraits).values(after.map((trait) => ({ providerId: input.id, trait })));
    // A trait gained meets a required one, a trait lost a forbidden one: either may let a request in.
    if (bumped.state === "active" && !sameSet(before, after)) await wakeWaitingRequests(tx);
    await recordAudit(tx, {
      actor, action: "provider.setTraits", entityType: "provider", entityId: input.id,
      before: { traits: before }, after: { traits: after },
    });
    return { id: input.id, generation: bumped.generation };
  });
}

/** Replaces a provider's aggregate memberships. */
export function setProviderAggregates(
  db: Db, input: { id: string; generation: number; aggregateIds: string[] }, actor: string,
) {
  return write(db, async (tx) => {
    const bumped = await bumpProviderGeneration(tx, input.id, input.generation);
    const before = (
      await tx.select({ id: providerAggregates.aggregateId }).from(providerAggregates).where(eq(providerAggregates.providerId, input.id))
    ).map((r) => r.id).sort();
    await checkAggregates(tx, input.aggregateIds, "aggregateIds");
    const after = [...new Set(input.aggregateIds)].sort();
    await tx.delete(providerAggregates).where(eq(providerAggregates.providerId, input.id));
    if (after.length > 0) {
      await tx.insert(providerAggregates).values(after.map((aggregateId) => ({ providerId: input.id, aggregateId })));
    }
    // Membership decides what storage and network a host reaches: a change may let a request in.
    if (bumped.state === "active" && !sameSet(before, after)) await wakeWaitingRequests(tx);
    await recordAudit(tx, {
      actor, action: "provider.setAggregates", entityType: "provider", entityId: input.id,
      before: { aggregateIds: before }, after: { aggregateIds: after },
    });
    return { id: input.id, generation: bumped.generation };
  });
}
