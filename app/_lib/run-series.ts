/**
 * Reading a run's stored series (server/scenarios/downsample.ts: columns + rows) for charts and
 * exports. Pure: the chart components take what these return.
 */
export type StoredSeries = { stepSeconds: number; rowsPerPoint: number; columns: string[]; rows: number[][] };
export type Point = [t: number, v: number];

/** The values of one column as [t, v] points; empty when the run has no such column. */
export function column(series: StoredSeries | null | undefined, name: string): Point[] {
  if (!series) return [];
  const i = series.columns.indexOf(name);
  const ti = series.columns.indexOf("t");
  if (i < 0 || ti < 0) return [];
  return series.rows.map((r) => [r[ti]!, r[i]!]);
}

/** The sum of every column with a prefix (e.g. "offered/" over all services). */
export function sumOf(series: StoredSeries | null | undefined, prefix: string, filter?: (name: string) => boolean): Point[] {
  if (!series) return [];
  const ti = series.columns.indexOf("t");
  const idx = series.columns.map((c, i) => [c, i] as const).filter(([c]) => c.startsWith(prefix) && (!filter || filter(c))).map(([, i]) => i);
  if (idx.length === 0) return [];
  return series.rows.map((r) => [r[ti]!, idx.reduce((s, i) => s + r[i]!, 0)]);
}

/** Names after a prefix: services ("offered/"), classes ("util/" with no further slash), zones. */
export function namesOf(series: StoredSeries | null | undefined, prefix: string): string[] {
  if (!series) return [];
  return series.columns.filter((c) => c.startsWith(prefix)).map((c) => c.slice(prefix.length));
}

export function hostClasses(series: StoredSeries | null | undefined): string[] {
  return namesOf(series, "util/").filter((n) => !n.includes("/"));
}

/** Zones with per-zone utilisation of a class: columns util/<zone>/<class> (storage and network aside). */
export function zonesOf(series: StoredSeries | null | undefined, resourceClass: string): string[] {
  return namesOf(series, "util/").filter((n) => n.endsWith(`/${resourceClass}`) && n.split("/").length === 2 && !n.startsWith("storage/") && !n.startsWith("network/"))
    .map((n) => n.split("/")[0]!);
}

/** The series as CSV (header of column names, one row per point). */
export function seriesCsv(series: StoredSeries): string {
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return [series.columns.map(esc).join(","), ...series.rows.map((r) => r.join(","))].join("\n") + "\n";
}

/** A simulated second as "d2 14:05" / "14:05". */
export function clock(seconds: number): string {
  const day = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const hm = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
  return day > 0 ? `d${day + 1} ${hm}` : hm;
}

/** Downsamples points to at most `max` by bucket means (a week at one-minute steps on a 700 px chart). */
export function thin(points: Point[], max: number): Point[] {
  if (points.length <= max) return points;
  const k = Math.ceil(points.length / max);
  const out: Point[] = [];
  for (let i = 0; i < points.length; i += k) {
    const chunk = points.slice(i, i + k);
    out.push([chunk[0]![0], chunk.reduce((s, p) => s + p[1], 0) / chunk.length]);
  }
  return out;
}
