/** The report's range: a preset (last 30 days .. 18 months) or explicit dates, read from and written to the URL. */
export const RANGE_PRESETS = [
  { id: "30d", label: "30 days", days: 30 },
  { id: "90d", label: "90 days", days: 90 },
  { id: "6m", label: "6 months", days: 182 },
  { id: "12m", label: "12 months", days: 365 },
  { id: "18m", label: "18 months", days: 548 },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]["id"];
export const DEFAULT_RANGE: RangePreset = "12m";

export type ReportRange = { preset: RangePreset | null; from: string; to: string | undefined; label: string };

const DAY = 86_400_000;
const isDay = (s: string | null): s is string => s !== null && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
export const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** From URL parameters (`range`, or `from` and optional `to`) and today: the range to ask the server for. */
export function readRange(params: { get(name: string): string | null }, now: number): ReportRange {
  const from = params.get("from");
  const to = params.get("to");
  if (isDay(from)) return { preset: null, from, to: isDay(to) ? to : undefined, label: `${from} to ${isDay(to) ? to : "today"}` };
  const preset = RANGE_PRESETS.find((p) => p.id === params.get("range")) ?? RANGE_PRESETS.find((p) => p.id === DEFAULT_RANGE)!;
  // Whole days: from midnight UTC `days` days before today's.
  const today = Date.parse(`${isoDay(now)}T00:00:00Z`);
  return { preset: preset.id, from: isoDay(today - preset.days * DAY), to: undefined, label: `last ${preset.label}` };
}

/** The URL search string for a range (a preset, or explicit dates). */
export function rangeSearch(current: string, change: { range: RangePreset } | { from: string; to?: string }): string {
  const params = new URLSearchParams(current);
  params.delete("range");
  params.delete("from");
  params.delete("to");
  if ("range" in change) params.set("range", change.range);
  else {
    params.set("from", change.from);
    if (change.to) params.set("to", change.to);
  }
  return params.toString();
}
