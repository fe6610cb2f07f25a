import { and, eq, inArray, sql } from "drizzle-orm";
import { hardwareModels, resourceClasses, resourceProviders, traits } from "../../drizzle/schema";
import type { DbOrTx, Tx } from "../db/client";
import { fail } from "./outcome";
import { allowedParents, type providerKinds } from "./schemas";

type Kind = (typeof providerKinds)[number];
const p = resourceProviders;

/**
 * The optimistic lock: `UPDATE ... SET generation = generation + 1 WHERE id = $id AND generation = $read`.
 * No row updated means someone else wrote first (CONFLICT) or there is no such provider (NOT_FOUND).
 * The update also locks the row, so the rest of the transaction runs alone on this provider.
 */
export async function bumpProviderGeneration(tx: Tx, id: string, read: number, idField = "id") {
  const [row] = await tx
    .update(p)
    .set({ generation: sql`${p.generation} + 1`, updatedAt: sql`now()` })
    .where(and(eq(p.id, id), eq(p.generation, read)))
    .returning({ id: p.id, generation: p.generation, kind: p.kind, state: p.state, name: p.name });
  if (row) return row;
  const [current] = await tx.select({ generation: p.generation }).from(p).where(eq(p.id, id));
  if (!current) fail("NOT_FOUND", `no resource provider ${id}`, idField);
  fail(
    "CONFLICT",
    `someone else changed this provider (you read generation ${read}, it is now ${current.generation}); reload and try again`,
    "generation",
  );
}

/** Checks that a parent may hold a child of this kind; returns the parent's id. */
export async function checkParent(db: DbOrTx, kind: Kind, parentId: string | null | undefined, field: string) {
  const allowed = allowedParents[kind];
  if (parentId === null || parentId === undefined) {
    if (!allowed.includes(null)) fail("BAD_REQUEST", `a ${kind} needs a parent (${allowed.join(" or ")})`, field);
    return null;
  }
  const [parent] = await db.select({ id: p.id, kind: p.kind, state: p.state }).from(p).where(eq(p.id, parentId));
  if (!parent) fail("BAD_REQUEST", `no provider ${parentId}`, field);
  if (parent.state === "retired") fail("BAD_REQUEST", "the parent is retired", field);
  if (!allowed.includes(parent.kind)) {
    fail("BAD_REQUEST", `a ${kind} cannot sit under a ${parent.kind} (allowed: ${allowed.map((k) => k ?? "none").join(", ")})`, field);
  }
  return parent.id;
}

export async function checkHardwareModel(db: DbOrTx, id: string | null | undefined, field: string) {
  if (id === null || id === undefined) return;
  const [row] = await db.select({ id: hardwareModels.id }).from(hardwareModels).where(eq(hardwareModels.id, id));
  if (!row) fail("BAD_REQUEST", `unknown hardware model '${id}'`, field);
}

/**
 * Standard names must exist already; CUSTOM_ names are created on first use (what an operator
 * would otherwise do by hand first, as in Placement's PUT /traits/CUSTOM_X).
 */
async function ensureNames(
  tx: DbOrTx, table: typeof traits | typeof resourceClasses, names: string[], field: (i: number) => string, what: string,
) {
  if (names.length === 0) return;
  const unique = [...new Set(names)];
  const known = new Set(
    (await tx.select({ name: table.name }).from(table).where(inArray(table.name, unique))).map((r) => r.name),
  );
  const missing: string[] = [];
  names.forEach((name, i) => {
    if (known.has(name)) return;
    if (!name.startsWith("CUSTOM_")) fail("BAD_REQUEST", `unknown ${what} '${name}' (custom ones start with CUSTOM_)`, field(i));
    if (!missing.includes(name)) missing.push(name);
  });
  if (missing.length === 0) return;
  if (table === traits) {
    await tx.insert(traits).values(missing.map((name) => ({ name, standard: false }))).onConflictDoNothing();
  } else {
    await tx.insert(resourceClasses).values(missing.map((name) => ({ name, standard: false, unit: "unit" }))).onConflictDoNothing();
  }
}

export function ensureTraits(tx: DbOrTx, names: string[], field: (i: number) => string) {
  return ensureNames(tx, traits, names, field, "trait");
}

export function ensureResourceClasses(tx: DbOrTx, names: string[], field: (i: number) => string) {
  return ensureNames(tx, resourceClasses, names, field, "resource class");
}

export function isCapacityKind(kind: Kind): boolean {
  return kind === "host" || kind === "storage" || kind === "network";
}
