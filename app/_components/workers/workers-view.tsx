"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { between, formatDuration } from "../../_lib/durations";
import { useTRPC } from "../../_lib/trpc";
import { formatCount } from "../../_lib/units";
import { SimulatedBadge } from "../requests/request-badges";
import { LiveToggle } from "../requests/request-list-view";
import { RelativeTime, useNow } from "../requests/relative-time";
import { Empty, ErrorState, Loading } from "../ui/states";
import { toWorkerRow, workerLiveness, type WorkerRow } from "./worker-rows";

/** The scheduler workers: who is alive, when each last said so, what it holds now, how fast it goes. */
export function WorkersView() {
  const trpc = useTRPC();
  const now = useNow(1_000);
  const [live, setLive] = useState(true);
  const query = useQuery({ ...trpc.workers.list.queryOptions(), refetchInterval: live ? 2_000 : false });
  const data = query.data;
  // The heartbeat's age as the database measured it, carried forward by the browser's clock since the
  // answer: no skew between this browser's clock and the database's.
  const rows = (data?.workers ?? []).map((w) => toWorkerRow(w, query.dataUpdatedAt));
  const states = rows.map((w) => workerLiveness(w, now, null));
  const alive = states.filter((s) => s === "alive").length;
  const claimed = rows.reduce((s, w, i) => s + (states[i] === "alive" ? w.claimed : 0), 0);
  const perMinute = rows.reduce((s, w, i) => s + (states[i] === "alive" ? w.perMinute : 0), 0);
  const drivers = [...new Set(rows.filter((_, i) => states[i] === "alive").map((w) => w.driver))];
  if (drivers.length === 0 && data) drivers.push(data.provisioning.driver);
  return (
    <>
      <div className="page-head">
        <div>
          <h1 style={{ display: "flex", alignItems: "center", gap: 10 }}>
            Scheduler workers {drivers.includes("simulated") && <SimulatedBadge />}
          </h1>
          <p>
            Each <code>headroom worker</code> (and the one inside <code>npm start</code>) claims pending requests under a lease
            it renews with a heartbeat; a worker that stops heartbeating loses its requests to the others when its lease runs out.
          </p>
        </div>
        <div className="page-actions rq-page-actions">
          <LiveToggle live={live} onToggle={() => setLive((l) => !l)} updatedAt={query.dataUpdatedAt} now={now} fetching={query.isFetching} />
        </div>
      </div>
      {data && <dl className="stats" data-testid="worker-stats">
        <div className="stat"><dt>Alive</dt><dd>{formatCount(alive)}<small>of {formatCount(rows.length)} seen</small></dd></div>
        <div className="stat"><dt>Claimed now</dt><dd>{formatCount(claimed)}<small>requests held by live workers</small></dd></div>
        <div className="stat"><dt>Throughput</dt><dd>{formatCount(perMinute)}<small>active per minute, last minute</small></dd></div>
        <div className="stat"><dt>Driver</dt><dd style={{ fontSize: 15 }}>{drivers.length ? drivers.join(", ") : "—"}<small>{drivers.includes("simulated") ? "no real cloud is touched" : "of the live workers"}</small></dd></div>
      </dl>}
      <section className="panel" aria-label="Workers">
        {query.isPending ? <Loading label="Loading workers…" rows={4} />
          : query.isError ? <ErrorState title="Could not load the workers" error={query.error} onRetry={() => void query.refetch()} />
          : rows.length === 0 ? (
            <Empty title="No worker has started yet">
              Run <code>npx headroom worker</code>, or <code>npm start</code>, which runs one in the web process.
            </Empty>
          ) : <WorkerTable rows={rows} states={states} now={now} />}
      </section>
    </>
  );
}

const LIVENESS_TEXT = { alive: "alive", stopped: "stopped", dead: "no heartbeat" } as const;

function WorkerTable({ rows, states, now }: { rows: WorkerRow[]; states: ReturnType<typeof workerLiveness>[]; now: Date }) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="worker-table">
        <thead>
          <tr>
            <th scope="col">State</th><th scope="col">Worker</th><th scope="col">Where</th><th scope="col">Driver</th>
            <th scope="col">Last heartbeat</th><th scope="col" className="num">Claimed</th>
            <th scope="col" className="num" title="Brought to active in the last minute">Per min</th>
            <th scope="col" className="num">Placed</th><th scope="col" className="num">Active</th><th scope="col" className="num">Failed</th>
            <th scope="col" className="num" title="Allocation writes refused for a stale generation, then re-planned">Conflicts</th>
            <th scope="col">Up</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((w, i) => {
            const state = states[i]!;
            const up = between(w.startedAt, w.stoppedAt ?? (state === "alive" ? now : w.heartbeatAt));
            return (
              <tr key={w.name} data-testid="worker-row" data-name={w.name} data-alive={state === "alive"}>
                <td className="nowrap">
                  <span className={`worker-state ${state === "alive" ? "worker-alive" : state === "dead" ? "worker-dead" : "faint"}`}>
                    <span className={`dot ${state === "alive" ? "dot-ok" : state === "dead" ? "dot-bad" : ""}`} aria-hidden="true" />
                    {LIVENESS_TEXT[state]}
                  </span>
                </td>
                <td className="name mono">{w.name}</td>
                <td className="nowrap mono faint" style={{ fontSize: 12 }}>{w.hostname}{w.pid ? `:${w.pid}` : ""}</td>
                <td className="nowrap">{w.simulated ? <SimulatedBadge>simulated</SimulatedBadge> : <span className="badge badge-kind">{w.driver}</span>}</td>
                <td className="nowrap"><RelativeTime value={w.heartbeatAt} now={now} className={state === "dead" ? "worker-dead" : undefined} /></td>
                <td className="num">{state === "alive" ? formatCount(w.claimed) : <span className="faint">—</span>}</td>
                <td className="num">{formatCount(w.perMinute)}</td>
                <td className="num">{formatCount(w.placedTotal)}</td>
                <td className="num">{formatCount(w.activeTotal)}</td>
                <td className="num">{formatCount(w.failedTotal)}</td>
                <td className="num">{formatCount(w.conflictsTotal)}</td>
                <td className="nowrap faint">{up === null ? "—" : formatDuration(up, { coarse: true })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
