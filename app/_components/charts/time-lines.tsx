import { extent, line, max as d3max, scaleLinear, area } from "d3";
import { clock, thin, type Point } from "../../_lib/run-series";
import { innerSize, type Margin } from "./margin";

export type Line = { key: string; label: string; points: Point[]; color: string; dashed?: boolean; fill?: boolean };
export type Mark = { at: number; until?: number; label: string };

/** Ticks on whole hours of simulated time (1, 2, 3, 4, 6, 12 h or whole days apart), at most `max` of them. */
export function hourTicks([from, to]: [number, number], max: number): number[] {
  const span = Math.max(1, to - from);
  const steps = [900, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400, 172800, 604800];
  const step = steps.find((s) => span / s <= max) ?? Math.ceil(span / max / 86400) * 86400;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

export const PALETTE = ["#3b6ea5", "#d9822b", "#3a9d5d", "#b5485d", "#7d5ba6", "#8c6d31", "#2a9d8f", "#6c757d"];

/**
 * Lines over simulated time (seconds on x, shown as clock times), with failures marked as a band
 * from the moment to the repair and a label. d3 computes the scales and paths; React draws them.
 */
export function TimeLines({ lines, marks = [], width, height, margin, title, yFormat = (v) => String(v), yMax, xDomain, integer = false }: {
  lines: Line[];
  marks?: Mark[];
  width: number;
  height: number;
  margin: Margin;
  title: string;
  yFormat?: (v: number) => string;
  /** A fixed top of the y axis (e.g. 1 for utilisation); default the data's maximum. */
  yMax?: number;
  /** A shared x domain (compare: runs of different lengths on one axis). */
  xDomain?: [number, number];
  /** Counts: whole-number ticks only. */
  integer?: boolean;
}) {
  const { innerWidth, innerHeight } = innerSize(width, height, margin);
  const budget = Math.max(50, Math.floor(innerWidth));
  const drawn = lines.map((l) => ({ ...l, points: thin(l.points, budget) }));
  const all = drawn.flatMap((l) => l.points);
  const [x0, x1] = xDomain ?? (extent(all, (p) => p[0]) as [number, number] | [undefined, undefined]);
  const x = scaleLinear().domain([x0 ?? 0, x1 ?? 1]).range([0, innerWidth]);
  const top = yMax ?? (d3max(all, (p) => p[1]) || 1);
  const y = scaleLinear().domain([0, top]).range([innerHeight, 0]).nice();
  const path = line<Point>().x((p) => x(p[0])).y((p) => y(p[1]));
  const under = area<Point>().x((p) => x(p[0])).y0(innerHeight).y1((p) => y(p[1]));
  const xTicks = hourTicks(x.domain() as [number, number], Math.max(2, Math.floor(innerWidth / 70)));
  const yTicks = integer ? y.ticks(4).filter((v) => Number.isInteger(v)) : y.ticks(4);
  return (
    <svg className="chart" width={width} height={height} role="img" aria-label={title} data-testid="time-chart" data-title={title}>
      <title>{title}</title>
      <g transform={`translate(${margin.left},${margin.top})`}>
        {yTicks.map((v) => (
          <g key={`y${v}`} transform={`translate(0,${y(v)})`}>
            <line className="gridline" x1={0} x2={innerWidth} />
            <text x={-6} dy="0.32em" textAnchor="end">{yFormat(v)}</text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} x={x(t)} y={innerHeight + 16} textAnchor="middle">{clock(t)}</text>
        ))}
        {marks.map((m, i) => {
          const left = x(Math.max(m.at, x.domain()[0]!));
          const right = m.until === undefined ? left : Math.min(innerWidth, x(m.until));
          return (
            <g key={`m${i}`} data-testid="failure-mark">
              {right > left && <rect x={left} width={right - left} y={0} height={innerHeight} fill="#b5485d" opacity={0.08} />}
              <line x1={left} x2={left} y1={0} y2={innerHeight} stroke="#b5485d" strokeDasharray="4 3" />
              <text x={left + 4} y={10 + 12 * (i % 3)} style={{ fill: "#b5485d" }}>{m.label}</text>
            </g>
          );
        })}
        {drawn.map((l) => (
          <g key={l.key} data-series={l.key}>
            {l.fill && l.points.length > 1 && <path d={under(l.points) ?? ""} fill={l.color} opacity={0.15} />}
            {l.points.length > 1 && <path d={path(l.points) ?? ""} fill="none" stroke={l.color} strokeWidth={1.6} strokeDasharray={l.dashed ? "5 3" : undefined} />}
          </g>
        ))}
        <line x1={0} x2={innerWidth} y1={innerHeight} y2={innerHeight} stroke="var(--border)" />
      </g>
    </svg>
  );
}

export function Legend({ lines }: { lines: Pick<Line, "key" | "label" | "color" | "dashed">[] }) {
  return (
    <div className="chart-legend">
      {lines.map((l) => (
        <span key={l.key}><i style={{ background: l.color, opacity: l.dashed ? 0.6 : 1 }} />{l.label}</span>
      ))}
    </div>
  );
}
