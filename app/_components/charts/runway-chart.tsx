import { area, line, max, min, scaleLinear, scaleUtc } from "d3";
import { innerSize, type Margin } from "./margin";

export type RunwayChartData = {
  points: readonly { at: string; used: number }[];
  projection: readonly { at: string; mid: number; low: number; high: number }[];
  capacity: number;
  exhaustsAt: string | null;
  exhaustsAtConservative: string | null;
};

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" });

/**
 * A runway: the daily use, the fitted line carried forward with its prediction band, the capacity,
 * and the days the line (central) and the band's upper edge (conservative) cross it.
 */
export function RunwayChart({ data, width, height, margin, format, title }: {
  data: RunwayChartData; width: number; height: number; margin: Margin; format: (v: number) => string; title: string;
}) {
  const { innerWidth, innerHeight } = innerSize(width, height, margin);
  const t = (s: string) => new Date(s);
  const times = [...data.points.map((p) => t(p.at)), ...data.projection.map((p) => t(p.at))];
  const x = scaleUtc().domain([min(times) ?? new Date(0), max(times) ?? new Date(1)]).range([0, innerWidth]);
  const top = Math.max(data.capacity, max(data.points, (p) => p.used) ?? 0, max(data.projection, (p) => Math.min(p.high, data.capacity * 1.4)) ?? 0);
  const y = scaleLinear().domain([0, top * 1.08 || 1]).range([innerHeight, 0]).nice();
  const clip = (v: number) => Math.max(y.domain()[0]!, Math.min(y.domain()[1]!, v));
  const band = area<RunwayChartData["projection"][number]>().x((p) => x(t(p.at))).y0((p) => y(clip(p.low))).y1((p) => y(clip(p.high)));
  const fit = line<RunwayChartData["projection"][number]>().x((p) => x(t(p.at))).y((p) => y(clip(p.mid)));
  const used = line<RunwayChartData["points"][number]>().x((p) => x(t(p.at))).y((p) => y(p.used));
  const marks = [
    { at: data.exhaustsAtConservative, label: "conservative", cls: "runway-mark conservative" },
    { at: data.exhaustsAt, label: "central", cls: "runway-mark central" },
  ].filter((m): m is { at: string; label: string; cls: string } => m.at !== null && t(m.at) <= x.domain()[1]!);
  return (
    <svg className="chart" width={width} height={height} role="img" aria-label={title}>
      <title>{title}</title>
      <g transform={`translate(${margin.left},${margin.top})`}>
        {y.ticks(5).map((v) => (
          <g key={v} transform={`translate(0,${y(v)})`}>
            <line className="gridline" x2={innerWidth} />
            <text x={-8} dy="0.32em" textAnchor="end">{format(v)}</text>
          </g>
        ))}
        {x.ticks(Math.max(2, Math.floor(innerWidth / 90))).map((d) => (
          <text key={d.getTime()} x={x(d)} y={innerHeight + 16} textAnchor="middle">{monthFormat.format(d)}</text>
        ))}
        <path className="runway-band" d={band([...data.projection]) ?? ""} data-testid="runway-band" />
        <path className="runway-fit" d={fit([...data.projection]) ?? ""} fill="none" />
        <path className="runway-used" d={used([...data.points]) ?? ""} fill="none" />
        <line className="runway-capacity" x1={0} x2={innerWidth} y1={y(data.capacity)} y2={y(data.capacity)} />
        <text className="label" x={4} y={y(data.capacity) - 6}>capacity {format(data.capacity)}</text>
        {marks.map((m, i) => (
          <g key={m.label} transform={`translate(${x(t(m.at))},0)`} data-testid={`runway-${m.label}`}>
            <line className={m.cls} y1={0} y2={innerHeight} />
            <text className="label" x={-4} y={innerHeight - 8 - i * 14} textAnchor="end">{m.label}: {dayFormat.format(t(m.at))}</text>
          </g>
        ))}
      </g>
    </svg>
  );
}
