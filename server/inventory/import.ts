import { inArray } from "drizzle-orm";
import {
  aggregates, hardwareModels, resourceClasses, resourceProviders, traits,
} from "../../drizzle/schema";
import type { Db, DbOrTx } from "../db/client";
import { formatPath } from "../cli/errors";
import { parseCsvFile, parseJsonFile } from "./import-parse";
import { Abort, write } from "./outcome";
import { createProviderIn } from "./providers-write";
import { allowedParents, providerImportRow, type ImportInput, type ProviderImportRow } from "./schemas";

export type RowReport = { row: number; name?: string; ok: boolean; errors: { field: string; message: string }[] };
export type ImportReport = { ok: boolean; created: number; rows: RowReport[] };

type Valid = { index: number; data: ProviderImportRow };

/**
 * imports.providers: validates every row (schema, names, parents, catalogue references), reports
 * each one, and writes all rows in one transaction only when every row is good. `row` is the
 * 1-based position of the record in the file (for CSV, the first line after the header is row 1).
 */
export async function importProviders(db: Db, input: ImportInput, actor: string): Promise<ImportReport> {
  const parsed = input.format === "json" ? parseJsonFile(input.content) : parseCsvFile(input.content);
  if (!parsed.ok) return { ok: false, created: 0, rows: [{ row: 0, ok: false, errors: [{ field: "(file)", message: parsed.message }] }] };
  if (parsed.rows.length === 0) {
    return { ok: false, created: 0, rows: [{ row: 0, ok: false, errors: [{ field: "(file)", message: "the file holds no providers" }] }] };
  }
  const csvErrors = parsed.rowErrors;

  const reports: RowReport[] = [];
  const valid: Valid[] = [];
  parsed.rows.forEach((raw, index) => {
    const name = typeof (raw as { name?: unknown })?.name === "string" ? (raw as { name: string }).name : undefined;
    const report: RowReport = { row: index + 1, ...(name !== undefined && { name }), ok: true, errors: [] };
    reports.push(report);
    const csvError = csvErrors?.get(index);
    if (csvError) report.errors.push({ field: "(row)", message: csvError });
    const result = providerImportRow.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) report.errors.push({ field: formatPath(issue.path), message: issue.message });
    } else if (!csvError) {
      valid.push({ index, data: result.data });
    }
  });

  const namesInFile = new Set(parsed.rows.map((r) => (r as { name?: unknown })?.name).filter((n): n is string => typeof n === "string"));
  await checkReferences(db, valid, reports, namesInFile);
  for (const r of reports) r.ok = r.errors.length === 0;
  if (reports.some((r) => !r.ok)) return { ok: false, created: 0, rows: reports };
  if (input.dryRun) return { ok: true, created: 0, rows: reports };

  const order = topologicalOrder(valid);
  let current = -1;
  const outcome = await write(db, async (tx) => {
    const ids = new Map<string, string>();
    const aggNames = [...new Set(valid.flatMap((v) => v.data.aggregates))];
    const aggIds = new Map<string, string>();
    if (aggNames.length > 0) {
      const existing = await tx.select({ id: aggregates.id, name: aggregates.name }).from(aggregates).where(inArray(aggregates.name, aggNames));
      for (const a of existing) aggIds.set(a.name, a.id);
      const missing = aggNames.filter((n) => !aggIds.has(n));
      if (missing.length > 0) {
        const created = await tx.insert(aggregates).values(missing.map((name) => ({ name }))).returning({ id: aggregates.id, name: aggregates.name });
        for (const a of created) aggIds.set(a.name, a.id);
      }
    }
    const parents = await existingProviders(tx, valid.map((v) => v.data.parent).filter((x): x is string => !!x));
    for (const v of order) {
      current = v.index;
      const { parent, aggregates: aggs, ...rest } = v.data;
      const parentId = parent ? (ids.get(parent) ?? parents.get(parent)?.id ?? null) : null;
      const row = await createProviderIn(tx, { ...rest, parentId, aggregateIds: aggs.map((n) => aggIds.get(n) ?? "") }, actor);
      ids.set(v.data.name, row.id);
    }
    return ids.size;
  }).catch((error: unknown) => {
    if (error instanceof Abort) return error.failure;
    throw error;
  });
  if (outcome.ok) return { ok: true, created: outcome.value, rows: reports };
  // Validation above should have caught it; if the write still failed, say which row and roll everything back.
  const report = reports[current];
  if (report) {
    report.ok = false;
    report.errors.push({ field: outcome.field ?? "(row)", message: outcome.message });
  }
  return { ok: false, created: 0, rows: reports };
}

async function existingProviders(db: DbOrTx, names: string[]) {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Map<string, { id: string; kind: string; state: string }>();
  const rows = await db
    .select({ id: resourceProviders.id, name: resourceProviders.name, kind: resourceProviders.kind, state: resourceProviders.state })
    .from(resourceProviders)
    .where(inArray(resourceProviders.name, unique));
  return new Map(rows.map((r) => [r.name, r]));
}

async function namesIn(db: Db, table: typeof traits | typeof resourceClasses, names: string[]) {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Set<string>();
  return new Set((await db.select({ name: table.name }).from(table).where(inArray(table.name, unique))).map((r) => r.name));
}

/** Cross-row and database checks: duplicate and taken names, parents, hardware models, traits, classes. */
async function checkReferences(db: Db, valid: Valid[], reports: RowReport[], namesInFile: Set<string>) {
  const err = (v: Valid, field: string, message: string) => reports[v.index]?.errors.push({ field, message });
  const inFile = new Map<string, Valid>();
  for (const v of valid) {
    const first = inFile.get(v.data.name);
    if (first) err(v, "name", `'${v.data.name}' is also on row ${first.index + 1}`);
    else inFile.set(v.data.name, v);
  }
  const allNames = valid.flatMap((v) => [v.data.name, ...(v.data.parent ? [v.data.parent] : [])]);
  const [existing, models, knownTraits, knownClasses] = await Promise.all([
    existingProviders(db, allNames),
    db.select({ id: hardwareModels.id }).from(hardwareModels).where(inArray(hardwareModels.id, [
      ...new Set(valid.map((v) => v.data.hardwareModelId).filter((x): x is string => !!x)), "",
    ])),
    namesIn(db, traits, valid.flatMap((v) => v.data.traits)),
    namesIn(db, resourceClasses, valid.flatMap((v) => Object.keys(v.data.inventories))),
  ]);
  const modelIds = new Set(models.map((m) => m.id));
  for (const v of valid) {
    const d = v.data;
    if (existing.has(d.name)) err(v, "name", `a provider named '${d.name}' already exists`);
    const allowed = allowedParents[d.kind];
    if (!d.parent) {
      if (!allowed.includes(null)) err(v, "parent", `a ${d.kind} needs a parent (${allowed.join(" or ")})`);
    } else {
      const parent = inFile.get(d.parent)?.data ?? existing.get(d.parent);
      // A parent on an invalid row of the file is reported on its own row, not again on every child.
      if (!parent) {
        if (!namesInFile.has(d.parent)) err(v, "parent", `no provider named '${d.parent}' in the inventory or the file`);
      }
      else if ("state" in parent && parent.state === "retired") err(v, "parent", `'${d.parent}' is retired`);
      else if (!allowed.includes(parent.kind as never)) err(v, "parent", `a ${d.kind} cannot sit under a ${parent.kind}`);
    }
    if (d.hardwareModelId && !modelIds.has(d.hardwareModelId)) err(v, "hardwareModelId", `unknown hardware model '${d.hardwareModelId}'`);
    d.traits.forEach((t, i) => {
      if (!knownTraits.has(t) && !t.startsWith("CUSTOM_")) err(v, `traits[${i}]`, `unknown trait '${t}' (custom ones start with CUSTOM_)`);
    });
    const classes = Object.keys(d.inventories);
    if (classes.length > 0 && d.kind !== "host" && d.kind !== "storage" && d.kind !== "network") {
      err(v, "inventories", `a ${d.kind} is a grouping and holds no inventory`);
    }
    for (const rc of classes) {
      if (!knownClasses.has(rc) && !rc.startsWith("CUSTOM_")) err(v, `inventories.${rc}`, `unknown resource class '${rc}' (custom ones start with CUSTOM_)`);
    }
  }
  // Parents inside the file must not form a cycle.
  const ordered = new Set(topologicalOrder(valid).map((v) => v.index));
  for (const v of valid) if (!ordered.has(v.index)) err(v, "parent", "the parents in the file form a cycle");
}

/** Rows whose parent is in the file come after that parent; rows caught in a cycle are left out. */
function topologicalOrder(valid: Valid[]): Valid[] {
  const byName = new Map(valid.map((v) => [v.data.name, v]));
  const out: Valid[] = [];
  const state = new Map<number, "visiting" | "done">();
  const visit = (v: Valid): boolean => {
    const s = state.get(v.index);
    if (s === "done") return true;
    if (s === "visiting") return false;
    state.set(v.index, "visiting");
    const parent = v.data.parent ? byName.get(v.data.parent) : undefined;
    if (parent && parent !== v && !visit(parent)) return false;
    if (parent === v) return false;
    state.set(v.index, "done");
    out.push(v);
    return true;
  };
  for (const v of valid) visit(v);
  return out;
}
