import type { RouterOutputs } from "../../_lib/trpc";
import { formatCount, formatPercent } from "../../_lib/units";

type Summary = NonNullable<RouterOutputs["runs"]["get"]["summary"]>;
type Estimate = { mean: number; halfWidth: number; low: number; high: number };

/** lowerIsBetter: the figure has a better direction (blocking, drops, overload); false: it only describes the run (utilisation, attempts). */
export type KeyFigure = { key: string; label: string; value: number; format: (v: number) => string; estimate?: Estimate; lowerIsBetter: boolean; share?: boolean };

const pct = (v: number) => formatPercent(v);
const pct2 = (v: number) => `${(100 * v).toFixed(2)}%`;
const int = (v: number) => formatCount(Math.round(v));
const secs = (v: number) => (v >= 3600 ? `${(v / 3600).toFixed(1)} h` : v >= 60 ? `${(v / 60).toFixed(1)} min` : `${Math.round(v)} s`);

/** The figures a planner compares runs by, each with its interval when the run had replications. */
export function keyFigures(s: Summary): KeyFigure[] {
  const r = s.replications;
  const offered = s.services.reduce((a, x) => a + x.offeredRequests, 0);
  const dropped = s.services.reduce((a, x) => a + x.droppedRequests, 0);
  const out: KeyFigure[] = [
    { key: "blocking", label: "Blocking probability (rejected placements)", value: s.placements.blockingProbability, format: pct2, share: true, ...(r ? { estimate: r.placements.blockingProbability } : {}), lowerIsBetter: true },
    { key: "rejected", label: "Rejected placements", value: s.placements.rejected, format: int, ...(r ? { estimate: r.placements.rejected } : {}), lowerIsBetter: true },
    { key: "requested", label: "Placement attempts", value: s.placements.requested, format: int, lowerIsBetter: false },
    { key: "droppedShare", label: "Requests dropped (all services)", value: offered > 0 ? dropped / offered : 0, format: pct2, share: true, lowerIsBetter: true },
    { key: "overload", label: "Overload (all services, summed)", value: s.services.reduce((a, x) => a + x.overloadSeconds, 0), format: secs, lowerIsBetter: true },
    { key: "hostsUsedPeak", label: "Hosts in use at peak", value: s.hostsUsedPeak, format: int, ...(r ? { estimate: r.hostsUsedPeak } : {}), lowerIsBetter: false },
  ];
  for (const rc of Object.keys(s.utilization.peak).sort()) {
    out.push({ key: `peak/${rc}`, label: `${rc} utilisation, peak`, value: s.utilization.peak[rc]!, format: pct, share: true, ...(r?.utilization.peak[rc] ? { estimate: r.utilization.peak[rc] } : {}), lowerIsBetter: false });
    out.push({ key: `mean/${rc}`, label: `${rc} utilisation, mean`, value: s.utilization.mean[rc]!, format: pct, share: true, ...(r?.utilization.mean[rc] ? { estimate: r.utilization.mean[rc] } : {}), lowerIsBetter: false });
  }
  if (s.firstRejectionSeconds !== undefined) out.push({ key: "firstRejection", label: "First rejected placement at", value: s.firstRejectionSeconds, format: secs, lowerIsBetter: false });
  return out;
}

/** A difference as the reader wants it: shares in percentage points, the rest in the figure's unit. */
export function formatDiff(f: KeyFigure, d: number): string {
  const sign = d > 0 ? "+" : "−";
  return f.share ? `${sign}${(100 * Math.abs(d)).toFixed(2)} pp` : `${sign}${f.format(Math.abs(d))}`;
}

export function intervalText(f: KeyFigure): string {
  if (!f.estimate) return "";
  return `${f.format(f.estimate.mean)} ± ${f.format(f.estimate.halfWidth)} [${f.format(f.estimate.low)} … ${f.format(f.estimate.high)}]`;
}

export function SummaryTable({ summary }: { summary: Summary }) {
  const figures = keyFigures(summary);
  const r = summary.replications;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="summary-table">
        <thead>
          <tr>
            <th scope="col">Metric</th><th scope="col" className="num">{r ? "Run 1 (seed " + summary.seed + ")" : "Value"}</th>
            {r && <th scope="col" className="num">Mean ± half-width [{Math.round(r.confidence * 100)}% interval] over {r.runs} runs</th>}
          </tr>
        </thead>
        <tbody>
          {figures.map((f) => (
            <tr key={f.key}>
              <td>{f.label}</td>
              <td className="num">{f.format(f.value)}</td>
              {r && <td className="num">{intervalText(f) || "—"}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <h3 style={{ margin: "var(--space-4) 0 var(--space-2)" }}>Services</h3>
      <table className="data" data-testid="services-table">
        <thead>
          <tr>
            <th scope="col">Service</th><th scope="col" className="num">Offered</th><th scope="col" className="num">Served</th>
            <th scope="col" className="num">Dropped</th><th scope="col" className="num">Overload</th><th scope="col" className="num">Peak instances</th>
            {r && <th scope="col" className="num">Dropped share ({Math.round(r.confidence * 100)}% interval)</th>}
          </tr>
        </thead>
        <tbody>
          {summary.services.map((s) => {
            const e = r?.services.find((x) => x.id === s.id);
            return (
              <tr key={s.id}>
                <td>{s.id}</td><td className="num">{int(s.offeredRequests)}</td><td className="num">{int(s.servedRequests)}</td>
                <td className="num">{int(s.droppedRequests)} ({s.offeredRequests > 0 ? pct2(s.droppedRequests / s.offeredRequests) : "—"})</td>
                <td className="num">{secs(s.overloadSeconds)}</td><td className="num">{int(s.peakInstances)}</td>
                {r && <td className="num">{e ? `${pct2(e.droppedShare.mean)} ± ${pct2(e.droppedShare.halfWidth)}` : "—"}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
