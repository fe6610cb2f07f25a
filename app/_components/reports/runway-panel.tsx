"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs } from "../../_lib/trpc";
import { classLabel, formatAmount, formatPercent, utilisation } from "../../_lib/units";
import { RunwayChart } from "../charts/runway-chart";
import { Sized } from "../charts/sized";
import { ErrorState } from "../ui/states";
import { download, toCsv } from "./csv";

export type RunwayRow = RouterOutputs["reports"]["runway"]["runway"][number];
const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
export const when = (iso: string | null) => (iso === null ? "never" : dayFormat.format(new Date(iso)));
export const rowKey = (r: Pick<RunwayRow, "class" | "zone">) => `${r.class}/${r.zone ?? "region"}`;

/** The row to show first: the earliest conservative exhaustion, else the fullest. */
export function firstToWatch(rows: readonly RunwayRow[]): RunwayRow | undefined {
  const dated = rows.filter((r) => r.exhaustsAtConservative !== null).sort((a, b) => Date.parse(a.exhaustsAtConservative!) - Date.parse(b.exhaustsAtConservative!));
  return dated[0] ?? [...rows].sort((a, b) => b.used / b.capacity - a.used / a.capacity)[0];
}

export function RunwayPanel({ rows, windowDays, selected, onSelect }: { rows: RunwayRow[]; windowDays: number; selected: string | null; onSelect: (key: string) => void }) {
  const current = rows.find((r) => rowKey(r) === selected) ?? firstToWatch(rows);
  const exportCsv = () => download(`headroom-runway.csv`, toCsv(
    ["class", "zone", "used", "capacity", "growthPerDay", "exhaustsAt", "exhaustsAtConservative", "bandLow", "bandHigh", "horizonDays", "r2", "residualSd", "points"],
    rows.map((r) => [r.class, r.zone, r.used, r.capacity, r.growthPerDay, r.exhaustsAt, r.exhaustsAtConservative, r.band[0], r.band[1], r.horizonDays, r.fit.r2, r.fit.residualSd, r.fit.points]),
  ));
  return (
    <section className="panel report-section" aria-labelledby="runway-title" data-testid="runway-panel">
      <div className="panel-head">
        <div>
          <h2 id="runway-title">Runway: when each class runs out at the current growth</h2>
          <p>A line fitted to the last {windowDays} days of daily use with its 95% prediction band. &ldquo;Conservative&rdquo; is when the band&apos;s upper edge meets capacity, &ldquo;central&rdquo; when the line does; &ldquo;never&rdquo; where use is not growing.</p>
        </div>
        <button type="button" className="btn btn-sm no-print" onClick={exportCsv}>Runway CSV</button>
      </div>
      {current && <RunwayDetail row={current} />}
      <div className="table-wrap">
        <table className="data report-table">
          <thead>
            <tr><th>Class</th><th>Zone</th><th className="num">Use</th><th className="num">Growth / month</th><th className="num">Full (conservative)</th><th className="num">Full (central)</th><th className="num">In {rows[0]?.horizonDays ?? 90} days</th><th className="num">R²</th><th className="num">Points</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const key = rowKey(r);
              return (
                <tr key={key} data-testid="runway-row" data-key={key} aria-selected={current !== undefined && key === rowKey(current)} className={current !== undefined && key === rowKey(current) ? "selected" : undefined}>
                  <td><button type="button" className="link-button" onClick={() => onSelect(key)}>{classLabel(r.class)}</button></td>
                  <td>{r.zone ?? "region"}</td>
                  <td className="num">{formatPercent(utilisation(r.used, r.capacity))}</td>
                  <td className="num">{r.growthPerDay > 0 ? "+" : ""}{formatAmount(r.class, r.growthPerDay * 30)}</td>
                  <td className={`num ${r.exhaustsAtConservative !== null && (r.daysRemainingConservative ?? Infinity) < 180 ? "warn" : ""}`}>{when(r.exhaustsAtConservative)}</td>
                  <td className="num">{when(r.exhaustsAt)}</td>
                  <td className="num">{formatPercent(utilisation(Math.max(0, r.band[0]), r.capacity))}–{formatPercent(utilisation(r.band[1], r.capacity))}</td>
                  <td className="num">{r.fit.r2.toFixed(2)}</td>
                  <td className="num">{r.fit.points}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RunwayDetail({ row }: { row: RunwayRow }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.reports.history.queryOptions({ resourceClass: row.class, ...(row.zone ? { zone: row.zone } : {}), from: row.fit.from }));
  const fmt = (v: number) => formatAmount(row.class, v);
  // The contract's points are per snapshot; for the chart, region-level rows (zone null) keep only their own zone.
  const points = (history.data?.points ?? []).filter((p) => p.zone === row.zone);
  return (
    <div className="panel-body runway-detail" data-testid="runway-detail" data-key={rowKey(row)}>
      <h3>{classLabel(row.class)} in {row.zone ?? "the region"}: full {when(row.exhaustsAtConservative)} (conservative), {when(row.exhaustsAt)} (central)</h3>
      <p className="muted">Use {fmt(row.used)} of {fmt(row.capacity)}; growing {fmt(row.growthPerDay * 30)} a month; fit R² {row.fit.r2.toFixed(2)}, residual sd {fmt(row.fit.residualSd)}, {row.fit.points} daily points.</p>
      {history.isError ? <ErrorState title="Could not load the history" error={history.error} /> : (
        <Sized minHeight={240}>{(w) => (
          <RunwayChart data={{ points, projection: row.projection, capacity: row.capacity, exhaustsAt: row.exhaustsAt, exhaustsAtConservative: row.exhaustsAtConservative }}
            width={w} height={240} margin={{ top: 12, right: 16, bottom: 26, left: 70 }} format={fmt} title={`Runway of ${classLabel(row.class)} in ${row.zone ?? "the region"}`} />
        )}</Sized>
      )}
    </div>
  );
}
