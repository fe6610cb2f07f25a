import { area, max, scaleLinear, scaleOrdinal, scaleUtc, schemeTableau10, stack, line } from "d3";
import { innerSize, type Margin } from "./margin";

export type StackedSeries = { key: string; values: readonly number[] };

const dayDate = (d: string) => new Date(`${d}T00:00:00Z`);
const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" });

export const seriesColors = (keys: readonly string[]) => scaleOrdinal<string, string>().domain(keys).range(schemeTableau10);

/**
 * Use over time as stacked areas (one per key: zone, rack, model or project), with the capacity as a
 * line above them when given. Days are UTC dates (YYYY-MM-DD). d3 computes the paths; React draws.
 */
export function StackedArea({ days, series, capacity, width, height, margin, format, title }: {
  days: readonly string[];
  series: readonly StackedSeries[];
  capacity?: readonly number[] | undefined;
  width: number;
  height: number;
  margin: Margin;
  format: (v: number) => string;
  title: string;
}) {
  const { innerWidth, innerHeight } = innerSize(width, height, margin);
  const rows = days.map((_, i) => Object.fromEntries(series.map((s) => [s.key, s.values[i] ?? 0])));
  const stacked = stack<Record<string, number>>().keys(series.map((s) => s.key))(rows);
  const top = Math.max(max(stacked.at(-1) ?? [], (d) => d[1]) ?? 0, max(capacity ?? [0]) ?? 0);
  const x = scaleUtc().domain([dayDate(days[0] ?? "2000-01-01"), dayDate(days.at(-1) ?? "2000-01-02")]).range([0, innerWidth]);
  const y = scaleLinear().domain([0, top * 1.05 || 1]).range([innerHeight, 0]).nice();
  const color = seriesColors(series.map((s) => s.key));
  const shape = area<[number, number]>().x((_, i) => x(dayDate(days[i]!))).y0((d) => y(d[0])).y1((d) => y(d[1]));
  const capLine = line<number>().x((_, i) => x(dayDate(days[i]!))).y((v) => y(v));
  return (
    <svg className="chart" width={width} height={height} role="img" aria-label={title}>
      <title>{title}</title>
      <g transform={`translate(${margin.left},${margin.top})`}>
        {y.ticks(5).map((t) => (
          <g key={t} transform={`translate(0,${y(t)})`}>
            <line className="gridline" x2={innerWidth} />
            <text x={-8} dy="0.32em" textAnchor="end">{format(t)}</text>
          </g>
        ))}
        {x.ticks(Math.max(2, Math.floor(innerWidth / 90))).map((t) => (
          <text key={t.getTime()} x={x(t)} y={innerHeight + 16} textAnchor="middle">{monthFormat.format(t)}</text>
        ))}
        {stacked.map((layer) => (
          <path key={layer.key} d={shape(layer as unknown as [number, number][]) ?? ""} fill={color(layer.key)} fillOpacity={0.85} data-testid="area-layer" data-key={layer.key}>
            <title>{layer.key}</title>
          </path>
        ))}
        {capacity && <path className="capacity-line" d={capLine([...capacity]) ?? ""} fill="none" stroke="var(--text)" strokeWidth={1.5} strokeDasharray="5 3" />}
      </g>
    </svg>
  );
}
