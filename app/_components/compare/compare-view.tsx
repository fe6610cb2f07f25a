"use client";
import { useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Route } from "next";
import { useSearchParams } from "next/navigation";
import { column, hostClasses, sumOf, type Point } from "../../_lib/run-series";
import { useTRPC, type RouterOutputs } from "../../_lib/trpc";
import { formatCount, formatPercent } from "../../_lib/units";
import { Legend, PALETTE, TimeLines } from "../charts/time-lines";
import { Sized } from "../charts/sized";
import { formatDiff, keyFigures } from "../runs/summary-table";
import { DiffList } from "../scenarios/version-diff";
import { ErrorState, Loading } from "../ui/states";

type Run = RouterOutputs["runs"]["get"];
const MARGIN = { top: 12, right: 16, bottom: 24, left: 56 };

function Changes({ a, b }: { a: Run; b: Run }) {
  const trpc = useTRPC();
  const diff = useQuery(trpc.scenarios.diff.queryOptions({ from: { scenarioId: a.scenarioId, version: a.version }, to: { scenarioId: b.scenarioId, version: b.version } }));
  return (
    <div>
      <h3>{a.scenarioName} v{a.version} → {b.scenarioName} v{b.version}{a.seed !== b.seed ? ` (seed ${a.seed} → ${b.seed})` : ""}</h3>
      {diff.data ? <DiffList entries={diff.data.entries} /> : <p className="muted">…</p>}
    </div>
  );
}

/** The runs' failures, each moment once (two versions of one scenario share theirs). */
function marks(runs: Run[]) {
  const seen = new Map<string, { at: number; until?: number; label: string }>();
  for (const r of runs) {
    for (const f of r.failureMarks) {
      const k = `${f.at}/${f.target}/${f.repairSeconds ?? ""}`;
      if (!seen.has(k)) seen.set(k, { at: f.at, ...(f.repairSeconds === undefined ? {} : { until: f.at + f.repairSeconds }), label: `${f.target} down` });
    }
  }
  return [...seen.values()];
}

function Overlay({ title, runs, pick, yFormat, yMax, integer }: { title: string; runs: Run[]; pick: (r: Run) => Point[]; yFormat: (v: number) => string; yMax?: number; integer?: boolean }) {
  const lines = runs.map((r, i) => ({ key: r.id, label: `${r.scenarioName} v${r.version}`, points: pick(r), color: PALETTE[i % PALETTE.length]! }));
  const end = Math.max(...runs.map((r) => r.durationSeconds));
  return (
    <section className="panel" aria-label={title}>
      <div className="panel-head"><h2>{title}</h2></div>
      <div className="panel-body">
        <Sized minHeight={200}>{(w) => <TimeLines title={title} lines={lines} width={w} height={200} margin={MARGIN} yFormat={yFormat} yMax={yMax} xDomain={[0, end]}
          marks={marks(runs)} integer={integer} />}</Sized>
        <Legend lines={lines} />
      </div>
    </section>
  );
}

/** Two or more runs side by side: key figures with the difference to the first and which is better, one time axis, what changed. */
export function CompareView() {
  const trpc = useTRPC();
  const ids = (useSearchParams().get("runs") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const recent = useQuery(trpc.runs.list.queryOptions({ limit: 30 }));
  const results = useQueries({ queries: ids.map((runId) => trpc.runs.get.queryOptions({ runId })) });
  if (ids.length < 2) {
    return (
      <>
        <div className="page-head"><div><h1>Compare runs</h1><p>Pick two or more finished runs.</p></div></div>
        <section className="panel"><div className="panel-body">
          <ul>{(recent.data ?? []).filter((r) => r.status === "succeeded").map((r) => (
            <li key={r.id}><Link href={`/compare?runs=${[...ids, r.id].join(",")}` as Route}>{ids.includes(r.id) ? "✓ " : "+ "}{r.scenarioName} v{r.version} (seed {r.seed})</Link></li>
          ))}</ul>
        </div></section>
      </>
    );
  }
  const failed = results.find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error} />;
  if (results.some((q) => q.isPending)) return <Loading label="Loading the runs…" rows={8} />;
  const runs = results.map((q) => q.data!).filter((r) => r.summary !== null);
  if (runs.length < 2) return <ErrorState error="Two or more of these runs must have finished with a result." />;
  const figures = runs.map((r) => keyFigures(r.summary!));
  const base = figures[0]!;
  const classes = hostClasses(runs[0]!.series);
  return (
    <>
      <div className="page-head">
        <div><h1>Compare {runs.length} runs</h1><p>Differences against the first run ({runs[0]!.scenarioName} v{runs[0]!.version}); the best on each row is marked.</p></div>
      </div>
      <section className="panel" aria-label="Key figures">
        <div className="panel-head"><h2>Key figures</h2></div>
        <div className="table-wrap">
          <table className="data" data-testid="compare-table">
            <thead><tr><th scope="col">Metric</th>{runs.map((r, i) => <th key={r.id} scope="col" className="num"><span style={{ color: PALETTE[i % PALETTE.length] }}>●</span> <Link href={`/runs/${r.id}` as Route}>{r.scenarioName} v{r.version}</Link></th>)}</tr></thead>
            <tbody>
              {base.map((f, row) => {
                const values = figures.map((fs) => fs.find((x) => x.key === f.key)?.value);
                const known = values.filter((v): v is number => v !== undefined);
                const best = f.lowerIsBetter ? Math.min(...known) : null;
                const allSame = known.every((v) => v === known[0]);
                return (
                  <tr key={f.key} data-testid="compare-row" data-metric={f.key}>
                    <td>{f.label}</td>
                    {values.map((v, i) => {
                      const e = figures[i]!.find((x) => x.key === f.key)?.estimate;
                      const d = v !== undefined && i > 0 && base[row] ? v - base[row]!.value : null;
                      const isBest = best !== null && !allSame && v === best;
                      return (
                        <td key={i} className="num" data-best={isBest || undefined} style={isBest ? { fontWeight: 600, color: "var(--ok, #2f7d4f)" } : undefined}>
                          {v === undefined ? "—" : f.format(v)}
                          {e && <div className="muted" style={{ fontSize: 11 }}>± {f.format(e.halfWidth)}</div>}
                          {d !== null && d !== 0 && <div className="muted" style={{ fontSize: 11 }} data-testid="compare-diff">{formatDiff(f, d)}{f.lowerIsBetter ? (d < 0 ? " better" : " worse") : ""}</div>}
                          {isBest && <span className="visually-hidden"> (best)</span>}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <div className="grid grid-2">
        <Overlay title="Served load (all services)" runs={runs} pick={(r) => sumOf(r.series, "served/")} yFormat={(v) => `${formatCount(Math.round(v))}/s`} />
        <Overlay title="Dropped load (all services)" runs={runs} pick={(r) => {
          const off = sumOf(r.series, "offered/");
          const srv = sumOf(r.series, "served/");
          return off.map(([t, v], i) => [t, Math.max(0, v - (srv[i]?.[1] ?? 0))] as Point);
        }} yFormat={(v) => `${formatCount(Math.round(v))}/s`} />
        {classes.slice(0, 2).map((c) => <Overlay key={c} title={`${c} utilisation`} runs={runs} pick={(r) => column(r.series, `util/${c}`)} yFormat={(v) => formatPercent(v)} yMax={1} />)}
        <Overlay title="Rejected placements per step" runs={runs} pick={(r) => column(r.series, "rejected")} yFormat={(v) => formatCount(Math.round(v))} integer />
        <Overlay title="Hosts in use" runs={runs} pick={(r) => column(r.series, "hostsInUse")} yFormat={(v) => formatCount(Math.round(v))} integer />
      </div>
      <section className="panel" aria-label="What changed">
        <div className="panel-head"><h2>What changed between their scenarios</h2></div>
        <div className="panel-body" data-testid="compare-changes">{runs.slice(1).map((r) => <Changes key={r.id} a={runs[0]!} b={r} />)}</div>
      </section>
    </>
  );
}
