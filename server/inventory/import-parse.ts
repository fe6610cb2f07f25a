import Papa from "papaparse";

/**
 * Turns an import file into raw row objects in the shape of `providerImportRow`, leaving every
 * judgement to the zod schema so that JSON and CSV rows fail with the same field paths.
 *
 * CSV columns: name, kind, subtype, parent, state, hardwareModelId (or hardware_model), traits and
 * aggregates (separated by ";" or "|"), `attributes.<key>`, and `<RESOURCE_CLASS>.<field>` for
 * inventories (total, reserved, minUnit, maxUnit, stepSize, allocationRatio; snake_case accepted),
 * e.g. `VCPU.total,VCPU.allocationRatio,MEMORY_MB.total,MEMORY_MB.reserved`.
 */
export type ParsedFile = { ok: true; rows: unknown[]; rowErrors?: Map<number, string> } | { ok: false; message: string };

export function parseJsonFile(content: string): ParsedFile {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (Array.isArray(doc)) return { ok: true, rows: doc };
  if (doc !== null && typeof doc === "object" && Array.isArray((doc as { providers?: unknown }).providers)) {
    return { ok: true, rows: (doc as { providers: unknown[] }).providers };
  }
  return { ok: false, message: "expected an array of providers or { \"providers\": [...] }" };
}

const inventoryFieldNames: Record<string, string> = {
  total: "total", reserved: "reserved", minunit: "minUnit", min_unit: "minUnit", maxunit: "maxUnit",
  max_unit: "maxUnit", stepsize: "stepSize", step_size: "stepSize", allocationratio: "allocationRatio",
  allocation_ratio: "allocationRatio", ratio: "allocationRatio",
};
const plainColumns: Record<string, string> = {
  name: "name", kind: "kind", subtype: "subtype", parent: "parent", state: "state",
  hardwaremodelid: "hardwareModelId", hardware_model: "hardwareModelId", hardwaremodel: "hardwareModelId",
  traits: "traits", aggregates: "aggregates",
};

/** "12" -> 12, "" -> undefined, "x" -> "x" (so the schema reports the field as not a number). */
function numeric(value: string): number | string | undefined {
  const v = value.trim();
  if (v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

function list(value: string): string[] {
  return value.split(/[;|]/).map((s) => s.trim()).filter((s) => s !== "");
}

function csvRecord(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const inventories: Record<string, Record<string, unknown>> = {};
  const attributes: Record<string, unknown> = {};
  for (const [rawKey, rawValue] of Object.entries(record)) {
    const key = rawKey.trim();
    const value = (rawValue ?? "").trim();
    const plain = plainColumns[key.toLowerCase()];
    if (plain !== undefined) {
      if (value === "") continue;
      out[plain] = plain === "traits" || plain === "aggregates" ? list(value) : value;
      continue;
    }
    const dot = key.indexOf(".");
    if (dot > 0) {
      const head = key.slice(0, dot);
      const tail = key.slice(dot + 1);
      if (head === "attributes" || head === "attr") {
        if (value !== "") attributes[tail] = numeric(value) ?? value;
        continue;
      }
      const field = inventoryFieldNames[tail.toLowerCase()] ?? tail;
      const n = numeric(value);
      if (n === undefined) continue;
      (inventories[head] ??= {})[field] = n;
      continue;
    }
    if (value !== "") out[key] = value; // unknown column: the schema ignores it
  }
  if (Object.keys(inventories).length > 0) out.inventories = inventories;
  if (Object.keys(attributes).length > 0) out.attributes = attributes;
  return out;
}

export function parseCsvFile(content: string): ParsedFile {
  const result = Papa.parse<Record<string, string>>(content.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim(),
  });
  const headers = result.meta.fields ?? [];
  if (!headers.some((h) => h.toLowerCase() === "name")) return { ok: false, message: "the CSV needs a header row with a 'name' column" };
  const rowErrors = new Map<number, string>();
  for (const e of result.errors) {
    if (e.row !== undefined && e.row !== null) rowErrors.set(e.row, e.message);
  }
  return { ok: true, rows: result.data.map(csvRecord), rowErrors };
}
