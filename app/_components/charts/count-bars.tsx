import { scaleBand, scaleLinear, max } from "d3";
import { formatCount } from "../../_lib/units";
import { innerSize, type Margin } from "./margin";

export type CountRow = { key: string; label: string; count: number; className?: string };

/** Horizontal bars of counts (hosts by state, by hardware model), the count printed at the end. */
export function CountBars({ rows, width, height, margin, title, onSelect }: {
  rows: readonly CountRow[];
  width: number;
  height: number;
  margin: Margin;
  title: string;
  /** When given, each bar is a button (click or Enter). */
  onSelect?: (row: CountRow) => void;
}) {
  const { innerWidth, innerHeight } = innerSize(width, height, margin);
  const y = scaleBand<string>().domain(rows.map((r) => r.key)).range([0, innerHeight]).paddingInner(0.3).paddingOuter(0.1);
  const x = scaleLinear().domain([0, max(rows, (r) => r.count) || 1]).range([0, innerWidth]);
  const bar = y.bandwidth();
  return (
    <svg className="chart" width={width} height={height} role={onSelect ? "group" : "img"} aria-label={title}>
      <title>{title}</title>
      <g transform={`translate(${margin.left},${margin.top})`}>
        {rows.map((row) => (
          <g key={row.key} transform={`translate(0,${y(row.key) ?? 0})`} data-testid="count-row" data-label={row.label} data-count={row.count}
            {...(onSelect && {
              role: "button", tabIndex: 0, style: { cursor: "pointer" },
              onClick: () => onSelect(row),
              onKeyDown: (e: React.KeyboardEvent) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onSelect(row); } },
            })}>
            <text className="label" x={-10} y={bar / 2} dy="0.35em" textAnchor="end">{row.label}</text>
            <rect className={row.className ?? "count"} width={Math.max(x(row.count), row.count > 0 ? 2 : 0)} height={bar} rx={2} />
            <text className="value" x={x(row.count) + 8} y={bar / 2} dy="0.35em">{formatCount(row.count)}</text>
          </g>
        ))}
      </g>
    </svg>
  );
}
