import type { TraceRef, Traces } from "../scenario/schema";
import { StepRate } from "./rate";

export type Issue = { path: (string | number)[]; message: string };

const STAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]00:?00)?$/;

/** Seconds since the epoch of a timestamp `YYYY-MM-DD[ HH:MM[:SS]]` read as UTC (a trailing Z or +00:00 is allowed), or NaN. */
export function parseTimestamp(text: string): number {
  const plain = plainTimestamp(text);
  if (!Number.isNaN(plain)) return plain;
  const m = STAMP.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  return Date.UTC(Number(y), month - 1, day, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) / 1000;
}

/** Two decimal digits at `i`, or NaN. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? 10 * a + b : NaN;
}

/** The form traces use, `YYYY-MM-DD HH:MM:SS`, read digit by digit (the regular expression costs ten times more), else NaN. */
function plainTimestamp(text: string): number {
  if (text.length !== 19 || text[4] !== "-" || text[7] !== "-" || text[10] !== " " || text[13] !== ":" || text[16] !== ":") return NaN;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return NaN;
  const year = 100 * twoDigits(text, 0) + twoDigits(text, 2);
  // Date.UTC reads years 0-99 as 1900-1999: leave those to it.
  if (!(year >= 100)) return NaN;
  return 86_400 * daysFromCivil(year, month, day) + 3600 * twoDigits(text, 11) + 60 * twoDigits(text, 14) + twoDigits(text, 17);
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil); a day past the month's end rolls over, as in Date.UTC. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * A time column's seconds, once it parsed in full and in order: a scenario's checks and its run read
 * the same column (trace tables are inputs, never changed), so the second reading is free.
 */
const parsedStamps = new WeakMap<object, Float64Array>();

function toNumber(value: string | number): number {
  if (typeof value === "number") return value;
  const trimmed = value.trim();
  return trimmed === "" ? NaN : Number(trimmed);
}

/**
 * The rate a trace reference describes, as a step function of simulated seconds (0 = the start
 * row), or the issues that make it impossible, each with its field path under `at`.
 */
export function traceRate(ref: TraceRef, traces: Traces, defaultRowSeconds: number, at: (string | number)[]):
  { ok: true; rate: StepRate; rows: number } | { ok: false; issues: Issue[] } {
  const table = traces[ref.trace];
  if (table === undefined) return { ok: false, issues: [{ path: [...at, "trace"], message: `trace '${ref.trace}' was not loaded` }] };
  const names = Object.keys(table);
  const values = table[ref.column];
  const issues: Issue[] = [];
  if (values === undefined) issues.push({ path: [...at, "column"], message: `no column '${ref.column}' in ${ref.trace} (columns: ${names.join(", ")})` });
  let times: readonly (string | number)[] | undefined;
  if (ref.timeColumn !== undefined) {
    times = table[ref.timeColumn];
    if (times === undefined) issues.push({ path: [...at, "timeColumn"], message: `no column '${ref.timeColumn}' in ${ref.trace} (columns: ${names.join(", ")})` });
    if (ref.rowSeconds !== undefined) issues.push({ path: [...at, "rowSeconds"], message: "give either timeColumn or rowSeconds, not both" });
  } else if (ref.startAt !== undefined) {
    issues.push({ path: [...at, "startAt"], message: "startAt needs a timeColumn to find the row" });
  }
  if (issues.length > 0 || values === undefined) return { ok: false, issues };
  if (values.length === 0) return { ok: false, issues: [{ path: [...at, "trace"], message: `${ref.trace} has no rows` }] };
  const scale = ref.scale ?? 1;
  const n = values.length;
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = toNumber(values[i]!);
    if (!Number.isFinite(v) || v < 0) return { ok: false, issues: [{ path: [...at, "column"], message: `${ref.trace} row ${i + 1}: '${String(values[i])}' in column '${ref.column}' is not a non-negative number` }] };
    value[i] = v * scale;
  }
  if (times === undefined) {
    const row = ref.rowSeconds ?? defaultRowSeconds;
    const start = new Float64Array(n);
    for (let i = 0; i < n; i++) start[i] = i * row;
    return { ok: true, rate: new StepRate(start, value), rows: n };
  }
  let stamps = parsedStamps.get(times);
  if (stamps === undefined || stamps.length !== n) {
    stamps = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = parseTimestamp(String(times[i]));
      if (Number.isNaN(t)) return { ok: false, issues: [{ path: [...at, "timeColumn"], message: `${ref.trace} row ${i + 1}: '${String(times[i])}' is not a timestamp (YYYY-MM-DD HH:MM:SS)` }] };
      if (i > 0 && t <= stamps[i - 1]!) return { ok: false, issues: [{ path: [...at, "timeColumn"], message: `${ref.trace} row ${i + 1}: time '${String(times[i])}' does not come after the row before` }] };
      stamps[i] = t;
    }
    parsedStamps.set(times, stamps);
  }
  let first = 0;
  if (ref.startAt !== undefined) {
    const t0 = parseTimestamp(ref.startAt);
    if (Number.isNaN(t0)) return { ok: false, issues: [{ path: [...at, "startAt"], message: `'${ref.startAt}' is not a timestamp (YYYY-MM-DD HH:MM:SS)` }] };
    first = lowerBound(stamps, t0);
    if (first >= n || stamps[first] !== t0) {
      return { ok: false, issues: [{ path: [...at, "startAt"], message: `'${ref.startAt}' is not a time in ${ref.trace} (${String(times[0])} .. ${String(times[n - 1])})` }] };
    }
  }
  const m = n - first;
  const start = new Float64Array(m);
  for (let i = 0; i < m; i++) start[i] = stamps[first + i]! - stamps[first]!;
  return { ok: true, rate: new StepRate(start, value.subarray(first)), rows: m };
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
