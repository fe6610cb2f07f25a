/**
 * Load traces: the shipped ones (data/traces, read once per process) and the CSVs planners upload
 * (scenario_traces). A trace is parsed to columns by the simulator's own CSV reader.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { desc, eq, inArray } from "drizzle-orm";
import { scenarioTraces } from "../../drizzle/schema";
import type { Traces } from "../../simulator/scenario/schema";
import { parseCsv } from "../../simulator/trace/csv";
import type { DbOrTx } from "../db/client";
import type { Failure, Outcome } from "../inventory/outcome";
import { tracePath } from "./compile";
import { SHIPPED_TRACES, type ScenarioSpec, type ShippedTraceId, type TraceLoad } from "./spec";

type Table = Traces[string];
export type LoadedTrace = { table: Table; csv: string; digest: string };

const shipped = new Map<ShippedTraceId, Promise<LoadedTrace>>();

function load(csv: string): LoadedTrace {
  return { table: parseCsv(csv), csv, digest: createHash("sha256").update(csv).digest("hex").slice(0, 16) };
}

export function shippedTrace(id: ShippedTraceId, root = process.cwd()): Promise<LoadedTrace> {
  let pending = shipped.get(id);
  if (pending === undefined) {
    pending = readFile(path.resolve(root, SHIPPED_TRACES[id].file), "utf8").then(load);
    shipped.set(id, pending);
    pending.catch(() => shipped.delete(id));
  }
  return pending;
}

/** Every trace source a spec names. */
export function traceSources(spec: ScenarioSpec): TraceLoad["source"][] {
  const out: TraceLoad["source"][] = [];
  for (const s of spec.services) if (s.load.kind === "trace") out.push(s.load.source);
  for (const c of spec.churn) if (c.arrivals.kind === "trace") out.push(c.arrivals.source);
  return out;
}

/** The traces a spec names, by their compiled path; unknown uploads are simply absent (compile names the field). */
export async function loadTraces(db: DbOrTx, spec: ScenarioSpec): Promise<Map<string, LoadedTrace>> {
  const out = new Map<string, LoadedTrace>();
  const uploads: string[] = [];
  for (const source of traceSources(spec)) {
    if (source.kind === "shipped") out.set(tracePath(source), await shippedTrace(source.id));
    else uploads.push(source.id);
  }
  if (uploads.length > 0) {
    const rows = await db.select({ id: scenarioTraces.id, csv: scenarioTraces.csv }).from(scenarioTraces).where(inArray(scenarioTraces.id, uploads));
    for (const r of rows) out.set(tracePath({ kind: "upload", id: r.id }), load(r.csv));
  }
  return out;
}

export function tablesOf(loaded: Map<string, LoadedTrace>): Traces {
  return Object.fromEntries([...loaded].map(([k, v]) => [k, v.table]));
}

/** The traces a compiled scenario names (for a run), by path: shipped files and uploads. */
export async function tracesForPaths(db: DbOrTx, paths: string[]): Promise<Traces> {
  const out: Traces = {};
  for (const p of paths) {
    const ship = (Object.keys(SHIPPED_TRACES) as ShippedTraceId[]).find((id) => SHIPPED_TRACES[id].file === p);
    if (ship) {
      out[p] = (await shippedTrace(ship)).table;
      continue;
    }
    const m = /^traces\/upload-([0-9a-f-]{36})\.csv$/.exec(p);
    if (!m) continue;
    const [row] = await db.select({ csv: scenarioTraces.csv }).from(scenarioTraces).where(eq(scenarioTraces.id, m[1]!));
    if (row) out[p] = parseCsv(row.csv);
  }
  return out;
}

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export type TraceInfo = { id: string; name: string; columns: string[]; rows: number; first: Record<string, string>; last: Record<string, string>; kind: "shipped" | "upload"; notice?: string };

function info(id: string, name: string, table: Table, kind: TraceInfo["kind"], notice?: string): TraceInfo {
  const columns = Object.keys(table);
  const rows = columns.length === 0 ? 0 : table[columns[0]!]!.length;
  const row = (i: number) => Object.fromEntries(columns.map((c) => [c, String(table[c]![i] ?? "")]));
  return { id, name, columns, rows, first: row(0), last: row(rows - 1), kind, ...(notice ? { notice } : {}) };
}

const refuse = (message: string, field: string): Failure => ({ ok: false, code: "BAD_REQUEST", message, field });

/** Stores an uploaded CSV after parsing it: a file that is not a CSV with a header is refused (field `csv`). */
export async function uploadTrace(db: DbOrTx, input: { name: string; csv: string }, user: string): Promise<Outcome<TraceInfo>> {
  if (input.csv.length > MAX_UPLOAD_BYTES) return refuse(`at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`, "csv");
  let table: Table;
  try {
    table = parseCsv(input.csv);
  } catch (error) {
    return refuse(`not a CSV file: ${error instanceof Error ? error.message : String(error)}`, "csv");
  }
  const columns = Object.keys(table);
  const rows = columns.length === 0 ? 0 : table[columns[0]!]!.length;
  if (columns.length === 0 || rows === 0) return refuse("needs a header row and at least one data row", "csv");
  const [row] = await db.insert(scenarioTraces).values({ name: input.name, csv: input.csv, columns, rows, createdBy: user }).returning({ id: scenarioTraces.id });
  return { ok: true, value: info(row!.id, input.name, table, "upload") };
}

/** The shipped traces and the uploads, newest first, with their columns and first and last rows. */
export async function listTraces(db: DbOrTx): Promise<TraceInfo[]> {
  const out: TraceInfo[] = [];
  for (const id of Object.keys(SHIPPED_TRACES) as ShippedTraceId[]) {
    const t = SHIPPED_TRACES[id];
    out.push(info(id, t.label, (await shippedTrace(id)).table, "shipped", t.notice));
  }
  const uploads = await db.select({ id: scenarioTraces.id, name: scenarioTraces.name, csv: scenarioTraces.csv }).from(scenarioTraces).orderBy(desc(scenarioTraces.createdAt)).limit(50);
  for (const u of uploads) out.push(info(u.id, u.name, parseCsv(u.csv), "upload"));
  return out;
}

/** A trace's CSV text by its compiled path (the download beside a scenario). */
export async function traceCsv(db: DbOrTx, p: string): Promise<string | null> {
  const ship = (Object.keys(SHIPPED_TRACES) as ShippedTraceId[]).find((id) => SHIPPED_TRACES[id].file === p);
  if (ship) return (await shippedTrace(ship)).csv;
  const m = /^traces\/upload-([0-9a-f-]{36})\.csv$/.exec(p);
  if (!m) return null;
  const [row] = await db.select({ csv: scenarioTraces.csv }).from(scenarioTraces).where(eq(scenarioTraces.id, m[1]!));
  return row?.csv ?? null;
}
