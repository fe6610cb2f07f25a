/**
 * A series downsampled for charts and storage: at most `max` rows, each the mean of the buckets it
 * covers (rates, utilisation, counts at a moment), except the per-bucket totals (placed, rejected,
 * overload seconds), which are summed so that a chart's totals stay right. Pure.
 */
import type { SeriesRow } from "../../simulator/summary";

export const SERIES_MAX_POINTS = 1440;

const summed = (column: string) => column === "placed" || column === "rejected" || column.startsWith("overload/");

export type StoredSeries = { stepSeconds: number; rowsPerPoint: number; columns: string[]; rows: number[][] };

export function downsample(series: SeriesRow[], stepSeconds: number, max = SERIES_MAX_POINTS): StoredSeries {
  const columns = series.length === 0 ? ["t"] : Object.keys(series[0]!);
  const k = Math.max(1, Math.ceil(series.length / max));
  const rows: number[][] = [];
  for (let i = 0; i < series.length; i += k) {
    const chunk = series.slice(i, i + k);
    rows.push(columns.map((c) => {
      if (c === "t") return chunk[0]!.t;
      let sum = 0;
      for (const r of chunk) sum += r[c] ?? 0;
      return summed(c) ? sum : sum / chunk.length;
    }));
  }
  return { stepSeconds: stepSeconds * k, rowsPerPoint: k, columns, rows };
}
