import { scaleBand, scaleSequential, interpolateRgbBasis } from "d3";
import { formatPercent } from "../../_lib/units";
import { innerSize, type Margin } from "./margin";

export type HeatCell = { key: string; label: string; short?: string; group: string; fraction: number; detail: string };

/** Cool (idle) through blue to amber and red (full): readable without relying on hue alone. */
export const heatColor = scaleSequential(interpolateRgbBasis(["#eef3fa", "#9cc0ec", "#3a7bd5", "#e59a2f", "#c4314b"])).domain([0, 1]).clamp(true);

/**
 * One strip per group (availability zone), one cell per member (rack), coloured by utilisation.
 * Each cell is focusable and titled, so the numbers are reachable without a mouse.
 */
export function HeatStrip({ cells, width, height, margin, title, onSelect }: {
  cells: readonly HeatCell[];
  width: number;
  height: number;
  margin: Margin;
  title: string;
  onSelect?: (cell: HeatCell) => void;
}) {
  const { innerWidth, innerHeight } = innerSize(width, height, margin);
  const groups = [...new Set(cells.map((c) => c.group))];
  const perGroup = Math.max(1, ...groups.map((g) => cells.filter((c) => c.group === g).length));
  const y = scaleBand<string>().domain(groups).range([0, innerHeight]).paddingInner(0.25);
  const x = scaleBand<number>().domain(Array.from({ length: perGroup }, (_, i) => i)).range([0, innerWidth]).paddingInner(0.08);
  return (
    // A group, not an image: its cells are focusable and (with onSelect) buttons of their own.
    <svg className="chart" width={width} height={height} role="group" aria-label={title}>
      <title>{title}</title>
      <g transform={`translate(${margin.left},${margin.top})`}>
        {groups.map((group) => {
          const members = cells.filter((c) => c.group === group);
          const top = y(group) ?? 0;
          return (
            <g key={group} transform={`translate(0,${top})`}>
              <text className="label" x={-10} y={y.bandwidth() / 2} dy="0.35em" textAnchor="end">{group}</text>
              {members.map((cell, i) => {
                const cx = x(i) ?? 0;
                const text = `${cell.label}: ${formatPercent(cell.fraction)} — ${cell.detail}`;
                return (
                  <g key={cell.key} transform={`translate(${cx},0)`}>
                    <rect className="heat-cell" width={x.bandwidth()} height={y.bandwidth()} rx={2}
                      fill={heatColor(cell.fraction)} tabIndex={0} aria-label={text} data-testid="heat-cell"
                      role={onSelect ? "button" : "img"}
                      data-fraction={cell.fraction.toFixed(4)}
                      onClick={onSelect ? () => onSelect(cell) : undefined}
                      onKeyDown={onSelect ? (e) => { if (e.key === "Enter") onSelect(cell); } : undefined}
                      style={onSelect ? { cursor: "pointer" } : undefined}>
                      <title>{text}</title>
                    </rect>
                    {x.bandwidth() >= 34 && (
                      <text x={x.bandwidth() / 2} y={y.bandwidth() / 2} textAnchor="middle"
                        style={{ fill: cell.fraction > 0.55 ? "#fff" : "var(--text)", pointerEvents: "none", fontSize: 10 }}>
                        <tspan x={x.bandwidth() / 2} dy="-0.25em" style={{ opacity: 0.75 }}>{cell.short ?? cell.label}</tspan>
                        <tspan x={x.bandwidth() / 2} dy="1.2em" style={{ fontWeight: 600 }}>{formatPercent(cell.fraction)}</tspan>
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
          );
        })}
      </g>
    </svg>
  );
}

/** The colour ramp as a legend. */
export function HeatLegend() {
  const stops = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="chart-legend" aria-hidden="true">
      <span>
        idle
        <svg width="120" height="10">
          <defs>
            <linearGradient id="heat-ramp">
              {stops.map((s) => <stop key={s} offset={`${s * 100}%`} stopColor={heatColor(s)} />)}
            </linearGradient>
          </defs>
          <rect width="120" height="10" rx="2" fill="url(#heat-ramp)" />
        </svg>
        full
      </span>
    </div>
  );
}
