/** A one-line description of an audit entry's change, for the audit trail table. */
/** What changed, field by field: keys whose value differs between before and after. */
export function describeChange(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  if (before === null || before === undefined) return after ? summarise(a) : "";
  if (after === null || after === undefined) return `removed ${summarise(b)}`;
  const changed = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  const loud = changed.filter((k) => !QUIET_KEYS.has(k));
  const keys = loud.length > 0 ? loud : changed;
  const label = typeof a.resourceClass === "string" ? `${a.resourceClass}: ` : "";
  return label + keys.map((k) => `${k} ${show(b[k])} → ${show(a[k])}`).join(", ");
}

/** Ids say little to a reader and crowd the line; the name and kind say what it is. */
const QUIET_KEYS = new Set(["id", "parentId", "providerId", "generation"]);

function isEmpty(x: unknown): boolean {
  if (x === null || x === undefined) return true;
  if (Array.isArray(x)) return x.length === 0;
  return typeof x === "object" && Object.keys(x).length === 0;
}

function summarise(v: Record<string, unknown>): string {
  return Object.entries(v)
    .filter(([k, x]) => !QUIET_KEYS.has(k) && !isEmpty(x))
    .slice(0, 6)
    .map(([k, x]) => `${k}=${show(x)}`)
    .join(", ");
}

function show(v: unknown): string {
  if (v === undefined || v === null) return "∅";
  // A map of records (inventories by class) reads best as its keys: {VCPU, MEMORY_MB}.
  if (typeof v === "object" && !Array.isArray(v)) {
    const values = Object.values(v);
    if (values.length > 0 && values.every((x) => typeof x === "object" && x !== null)) return `{${Object.keys(v).join(", ")}}`;
  }
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
