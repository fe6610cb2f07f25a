"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { Route } from "next";
import { useEffect, useState } from "react";
import { seriesCsv } from "../../_lib/run-series";
import { useTRPC } from "../../_lib/trpc";
import { formatCount } from "../../_lib/units";
import { ErrorState, Loading } from "../ui/states";
import { download } from "../../_lib/download";
import { RunCharts } from "./run-charts";
import { RunProgress } from "./run-progress";
import { SummaryTable } from "./summary-table";

const ACTIVE = new Set(["queued", "running"]);

/** One run: live progress while it runs (poll every 300 ms), then its summary, charts and exports. */
export function RunView({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useQueryClient();
  const [now, setNow] = useState(() => Date.now());
  const status = useQuery({ ...trpc.runs.status.queryOptions({ runId: id }), refetchInterval: (q) => (q.state.data && !ACTIVE.has(q.state.data.status) ? false : 300) });
  const done = status.data !== undefined && !ACTIVE.has(status.data.status);
  const result = useQuery({ ...trpc.runs.get.queryOptions({ runId: id }), enabled: done });
  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSuccess: () => void client.invalidateQueries({ queryKey: trpc.runs.status.queryKey({ runId: id }) }) }));
  useEffect(() => {
    if (done) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [done]);

  if (status.isPending) return <Loading label="Loading the run…" />;
  if (status.isError) return <ErrorState title="Could not load the run" error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  const r = result.data;
  const marks = (r?.failureMarks ?? []).map((f) => ({ at: f.at, ...(f.repairSeconds === undefined ? {} : { until: f.at + f.repairSeconds }), label: `${f.target} down` }));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Run of {s.scenarioName} <span className="muted">v{s.version}</span></h1>
          <p>
            <span className={`badge badge-${s.status === "succeeded" ? "active" : s.status === "failed" ? "disabled" : s.status === "cancelled" ? "retired" : "maintenance"}`} data-testid="run-status">{s.status}</span>
            {" "}seed {s.seed}{s.replications > 1 ? `, ${s.replications} replications` : ""} · started by {s.createdBy}
            {s.finishedAt && s.startedAt && <> · {((new Date(s.finishedAt).getTime() - new Date(s.startedAt).getTime()) / 1000).toFixed(1)} s wall time</>}
            {s.events > 0 && <> · {formatCount(s.events)} events</>}
          </p>
        </div>
        <div className="page-actions">
          <Link className="btn" href={`/scenarios/${s.scenarioId}` as Route}>Scenario</Link>
          {ACTIVE.has(s.status) && <button type="button" className="btn btn-danger" onClick={() => cancel.mutate({ runId: id })} disabled={cancel.isPending} data-testid="cancel-run">Cancel run</button>}
          {r?.summary && (
            <>
              <button type="button" className="btn" onClick={() => download(`${s.scenarioName}-v${s.version}-run.json`, JSON.stringify({ summary: r.summary, series: r.series }, null, 2), "application/json")}>Export JSON</button>
              {r.series && <button type="button" className="btn" onClick={() => download(`${s.scenarioName}-v${s.version}-series.csv`, seriesCsv(r.series!))}>Export CSV</button>}
              <Link className="btn btn-primary" href={`/compare?runs=${id}` as Route}>Compare with…</Link>
            </>
          )}
        </div>
      </div>
      {s.reusedFrom && (
        <div className="callout callout-ok" data-testid="reused-note">
          <strong>Stored result reused</strong>
          This version, seed and number of replications ran before with the same inputs (inventory snapshot and traces), so this run took
          that result instead of simulating again (<Link href={`/runs/${s.reusedFrom}` as Route}>the original run</Link>). Start with
          “simulate again” on the scenario page for a fresh run.
        </div>
      )}
      {ACTIVE.has(s.status) && (
        <section className="panel" aria-label="Progress"><div className="panel-body">
          <RunProgress status={s.status} progress={s.progress} simulatedSeconds={s.simulatedSeconds} durationSeconds={s.durationSeconds} replications={s.replications} startedAt={s.startedAt} now={now} />
        </div></section>
      )}
      {s.status === "failed" && (
        <div className="callout callout-error" role="alert" data-testid="run-error"><strong>The run failed</strong>{s.error ?? "no reason was recorded"}</div>
      )}
      {s.status === "cancelled" && <div className="callout callout-warn"><strong>Cancelled</strong>The run was stopped before it finished; nothing of it was stored.</div>}
      {done && s.status === "succeeded" && (result.isPending ? <Loading label="Loading the results…" rows={8} /> : r?.summary ? (
        <>
          <section className="panel" aria-label="Summary"><div className="panel-head"><h2>Summary</h2></div><div className="panel-body"><SummaryTable summary={r.summary} /></div></section>
          {r.series && <RunCharts series={r.series} marks={marks} />}
        </>
      ) : null)}
    </>
  );
}
