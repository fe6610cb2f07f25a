"use client";
import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { useState } from "react";
import { between, formatDuration } from "../../_lib/durations";
import { isSettled } from "../../_lib/request-filters";
import { formatTime } from "../../_lib/time";
import { useTRPC } from "../../_lib/trpc";
import { ErrorState, Loading } from "../ui/states";
import { PriorityTag, RequestStateBadge, SimulatedBadge, STATE_MEANING } from "./request-badges";
import { RequestActions } from "./request-actions";
import { LiveToggle } from "./request-list-view";
import { AllocationsPanel, JournalPanel, SpecPanel } from "./request-panels";
import { RequestTimeline } from "./request-timeline";
import { RelativeTime, useNow } from "./relative-time";
import { hostHref } from "./request-table";
import { toRequestDetail } from "./rows";
import { WhyNot } from "./why-not";

/** One request: where it is held, every driver call made for it, and its whole history; live while it moves. */
export function RequestDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const now = useNow(1_000);
  const [live, setLive] = useState(true);
  const provisioning = useQuery({ ...trpc.workers.provisioning.queryOptions(), refetchInterval: 15_000 });
  const query = useQuery({
    ...trpc.requests.get.queryOptions({ id }),
    refetchInterval: (q) => (!live ? false : q.state.data && isSettled(q.state.data.state) ? 10_000 : 1_500),
  });

  if (query.isPending) return <Loading label="Loading request…" rows={8} />;
  if (query.isError) {
    const notFound = query.error.data?.code === "NOT_FOUND" || query.error.data?.code === "BAD_REQUEST";
    return (
      <div className="panel">
        <ErrorState title={notFound ? "No such request" : "Could not load this request"}
          error={notFound ? `There is no placement request “${id}”. It may have been deleted.` : query.error}
          onRetry={notFound ? undefined : () => void query.refetch()} />
        <p className="state"><Link href="/requests">Back to the queue</Link></p>
      </div>
    );
  }
  const r = toRequestDetail(query.data);
  const cancelling = r.cancelRequested && r.state !== "cancelled";
  const deleting = r.deleteRequested && r.state === "active";
  const waiting = r.state === "pending" && (r.code || r.reason);
  // The driver that made (or will make) this request's resources: its journal says; else what the workers run.
  const driver = r.journal[0]?.driver ?? (provisioning.data ? (provisioning.data.simulated ? "simulated" : provisioning.data.driver) : null);
  return (
    <>
      <title>{`${r.name} · Requests · Headroom`}</title>
      <div className="page-head">
        <div>
          <ol className="breadcrumbs"><li><Link href="/requests">Requests</Link></li><li>{r.projectId}</li></ol>
          <h1 style={{ display: "flex", alignItems: "center", gap: 10, flexWrap: "wrap" }}>
            <span data-testid="request-name">{r.name}</span>
            <RequestStateBadge state={r.state} />
            {driver && <SimulatedBadge driver={driver} />}
          </h1>
          <p>{STATE_MEANING[r.state] ?? r.state}{r.host && <> · on <Link className="mono" href={r.hostId ? `/providers/${r.hostId}` as Route : hostHref(r.host)}>{r.host}</Link></>}</p>
        </div>
        <div className="page-actions rq-page-actions">
          <LiveToggle live={live} onToggle={() => setLive((l) => !l)} updatedAt={query.dataUpdatedAt} now={now} fetching={query.isFetching} />
          <RequestActions request={r} />
        </div>
      </div>

      {(cancelling || deleting) && (
        <div className="callout callout-warn" role="status" data-testid="request-asked">
          <strong>{cancelling ? "Cancelling" : "Deleting"}</strong>
          {cancelling ? "A person asked to cancel it; the worker cleans up what it made first." : "The driver deprovisions it; then its allocations are freed."}
        </div>
      )}
      {(r.code || r.reason) && r.state !== "active" && r.state !== "cancelled" && (
        <div className={`callout ${r.state === "failed" ? "callout-error" : "callout-warn"}`} role="status" data-testid="request-why">
          <strong>{r.state === "failed" ? "Failed" : waiting ? "Not placed yet" : "Last problem"}</strong>
          <WhyNot row={r} state={r.state} full />
          <div className="muted" style={{ fontSize: "var(--text-sm)", marginTop: 4 }}>
            {r.attempts} attempt{r.attempts === 1 ? "" : "s"}
            {waiting && " · tried again when capacity changes, with backoff"}
            {waiting && r.notBefore && <> · next try <RelativeTime value={r.notBefore} now={now} /></>}
          </div>
        </div>
      )}

      <div className="grid grid-main-side">
        <div className="stack">
          <AllocationsPanel allocations={r.allocations} state={r.state} />
          <JournalPanel entries={r.journal} now={now} state={r.state} />
          <section className="panel" aria-labelledby="rq-events-title">
            <div className="panel-head">
              <h2 id="rq-events-title">Events</h2>
              <span className="muted" style={{ fontSize: "var(--text-sm)" }}>{r.history.length} transition{r.history.length === 1 ? "" : "s"}, oldest first</span>
            </div>
            <div className="panel-body"><RequestTimeline events={r.history} testId="request-events" /></div>
          </section>
        </div>
        <div className="stack">
          <section className="panel" aria-labelledby="rq-id-title">
            <div className="panel-head"><h2 id="rq-id-title">Request</h2></div>
            <div className="panel-body">
              <dl className="kv" data-testid="request-identity">
                <dt>Id</dt><dd className="mono" style={{ fontSize: 12 }}>{r.id}</dd>
                <dt>Key</dt><dd className="mono" style={{ fontSize: 12 }}>{r.key ?? "—"}</dd>
                <dt>Project</dt><dd><Link href={`/requests?project=${encodeURIComponent(r.projectId)}` as Route}>{r.projectId}</Link></dd>
                <dt>Flavor</dt><dd className="mono">{r.flavorId ?? "custom"}</dd>
                <dt>Priority</dt><dd><PriorityTag priority={r.priority} /></dd>
                <dt>Zone</dt><dd>{r.zone ?? <span className="faint">any</span>}</dd>
                <dt>Pinned host</dt><dd className="mono">{r.pinnedHost ?? <span className="faint">none</span>}</dd>
                <dt>Server group</dt><dd className="mono">{r.serverGroup ?? <span className="faint">none</span>}</dd>
                <dt>Attempts</dt><dd>{r.attempts}</dd>
                <dt>Worker</dt>
                <dd>
                  {r.claimedBy ? <Link href="/workers" className="mono">{r.claimedBy}</Link> : <span className="faint">none holds it</span>}
                  {r.claimedBy && r.leaseUntil && <span className="faint" style={{ fontSize: 11 }}> · lease ends <RelativeTime value={r.leaseUntil} now={now} /></span>}
                </dd>
                {r.serverId && <><dt>Server</dt><dd className="mono" style={{ fontSize: 12 }}>{r.serverId}</dd></>}
                <dt>Submitted</dt><dd>{formatTime(r.createdAt)}{r.submittedBy && <> by <span className="mono">{r.submittedBy}</span></>}</dd>
                {r.activeAt && <><dt>Submit to active</dt><dd>{formatDuration(between(r.createdAt, r.activeAt) ?? Number.NaN)}</dd></>}
                <dt>Changed</dt><dd><RelativeTime value={r.updatedAt} now={now} /></dd>
              </dl>
            </div>
          </section>
          <SpecPanel spec={r.spec} />
        </div>
      </div>
    </>
  );
}
