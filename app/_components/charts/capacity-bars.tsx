import { scaleBand, scaleLinear, max } from "d3";
import { formatPair, formatPercent, utilisation } from "../../_lib/units";
import { heatClass } from "../ui/usage-bar";
import { innerSize, type Margin } from "./margin";

export type CapacityRow = { key: string; label: string; resourceClass: string; capacity: number; used: number };

/**
 * Horizontal bars of used against capacity. `scale: "fraction"` draws every row on its own 0-100%
 * track (rows in different units); `"absolute"` shares one axis so bigger capacity is a longer
 * track (rows in one unit, e.g. one resource class across zones). d3 computes; React draws.
 */
export function CapacityBars({ rows, width, height, margin, scale = "fraction", title }: {
  rows: readonly CapacityRow[];
  width: number;
  height: number;
  margin: Margin;
  scale?: "fraction" | "absolute";
  title: string;
}) {
  const { innerWidth, innerHeight } = innerSize(width, height, margin);
  const y = scaleBand<string>().domain(rows.map((r) => r.key)).range([0, innerHeight]).paddingInner(0.35).paddingOuter(0.15);
  const domainMax = scale === "absolute" ? max(rows, (r) => Math.max(r.capacity, r.used)) ?? 0 : 1;
  const x = scaleLinear().domain([0, domainMax || 1]).range([0, innerWidth]);
  // Fractions get a labelled 0-100% axis; absolute bars get bare gridlines (each row prints its own figures).
  const ticks = scale === "absolute" ? x.ticks(Math.max(2, Math.floor(innerWidth / 80))) : [0, 0.25, 0.5, 0.75, 1];
  const bar = y.bandwidth();

  return (
    <svg className="chart" width={width} height={height} role="img" aria-label={title}>
      <title>{title}</title>
      <g transform={`translate(${margin.left},${margin.top})`}>
        {ticks.map((t) => (
          <g key={t} transform={`translate(${x(t)},0)`}>
            <line className="gridline" y1={0} y2={innerHeight} />
            {scale === "fraction" && <text y={innerHeight + 12} textAnchor="middle">{formatPercent(t)}</text>}
          </g>
        ))}
        {rows.map((row) => {
          const top = y(row.key) ?? 0;
          const fraction = utilisation(row.used, row.capacity);
          const track = scale === "absolute" ? x(row.capacity) : innerWidth;
          const fill = scale === "absolute" ? x(Math.min(row.used, domainMax)) : x(Math.min(fraction, 1));
          const detail = formatPair(row.resourceClass, row.used, row.capacity);
          return (
            <g key={row.key} transform={`translate(0,${top})`} data-testid="capacity-row" data-label={row.label}
              data-used={row.used} data-capacity={row.capacity}>
              <title>{`${row.label}: ${detail} used (${formatPercent(fraction)})`}</title>
              <text className="label" x={-10} y={bar / 2} dy="0.35em" textAnchor="end">{row.label}</text>
              <rect className="track" width={Math.max(track, 0)} height={bar} rx={2} />
              <rect className={`used ${heatClass(fraction)}`} width={Math.max(fill, 0)} height={bar} rx={2} />
              <text className="value" x={innerWidth + 10} y={bar / 2} dy="0.35em">
                <tspan className="label">{formatPercent(fraction)}</tspan>
                <tspan dx={8}>{detail}</tspan>
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
