"use client";
import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { Fragment, useState } from "react";
import { isSettled } from "../../_lib/request-filters";
import { useTRPC } from "../../_lib/trpc";
import { Empty, ErrorState, Loading } from "../ui/states";
import { PriorityTag, RequestStateBadge } from "./request-badges";
import { RequestActions } from "./request-actions";
import { RelativeTime } from "./relative-time";
import { RequestTimeline } from "./request-timeline";
import type { RequestRow } from "./types";
import { WhyNot } from "./why-not";

export const requestHref = (id: string) => `/requests/${id}` as Route;

/** The queue: one dense row per request; a row opens to show its history without leaving the page. */
export function RequestTable({ items, loading, stale, filtered, now, simulated }: {
  items: RequestRow[] | undefined;
  /** The provisioning driver is the simulated one: said beside every provisioned request. */
  simulated: boolean;
  loading: boolean;
  stale: boolean;
  filtered: boolean;
  now: Date;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) => setOpen((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id); else next.add(id);
    return next;
  });
  if (loading && !items) return <Loading label="Loading requests…" rows={10} />;
  if (!items || items.length === 0) {
    return (
      <Empty title={filtered ? "No request matches these filters" : "No placement requests yet"}>
        {filtered ? "Loosen a filter, or clear them all." : <>Submit one from the <Link href="/requests/new">new-request form</Link>, the API or <code>headroom request submit</code>.</>}
      </Empty>
    );
  }
  return (
    <div className="table-wrap" aria-busy={stale} style={stale ? { opacity: 0.6 } : undefined}>
      <table className="data rq-table" data-testid="request-table">
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">History</span></th>
            <th scope="col">Request</th>
            <th scope="col">State</th>
            <th scope="col">Why / where</th>
            <th scope="col">Project · flavor</th>
            <th scope="col" className="num" title="Higher places first when capacity is short">Prio</th>
            <th scope="col" className="num" title="Placement attempts so far">Tries</th>
            <th scope="col">Submitted</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {items.map((row) => {
            const isOpen = open.has(row.id);
            return (
              <Fragment key={row.id}>
                <tr data-testid="request-row" data-name={row.name} data-state={row.state} className={isOpen ? "rq-open" : undefined}>
                  <td style={{ width: 28, paddingRight: 0 }}>
                    <button type="button" className="rq-toggle" aria-expanded={isOpen} aria-controls={`rq-h-${row.id}`}
                      aria-label={`${isOpen ? "Hide" : "Show"} history of ${row.name}`} onClick={() => toggle(row.id)}>
                      <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"><path d="M3 1l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.6" /></svg>
                    </button>
                  </td>
                  <td className="name">
                    <Link href={requestHref(row.id)}>{row.name}</Link>
                    {row.key !== row.name && <div className="mono faint" style={{ fontSize: 11 }} title="Idempotency key">{row.key}</div>}
                  </td>
                  <td className="nowrap">
                    <RequestStateBadge state={row.state} />
                    {row.cancelRequested && row.state !== "cancelled" && <span className="rq-flag" title="A person asked to cancel it; the worker cleans up first">cancelling</span>}
                    {row.deleteRequested && row.state === "active" && <span className="rq-flag" title="Deprovisioning, then its allocations are freed">deleting</span>}
                  </td>
                  <td style={{ maxWidth: 320 }}><WhereOrWhy row={row} simulated={simulated} /></td>
                  <td className="nowrap">
                    {row.projectId}
                    <div className="mono faint" style={{ fontSize: 11 }}>{row.flavorId ?? "custom resources"}</div>
                  </td>
                  <td className="num"><PriorityTag priority={row.priority} /></td>
                  <td className="num">{row.attempts}</td>
                  <td className="nowrap" style={{ fontSize: "var(--text-sm)" }}><RelativeTime value={row.createdAt} now={now} /></td>
                  <td className="nowrap"><RequestActions request={row} compact /></td>
                </tr>
                {isOpen && (
                  <tr className="rq-history" id={`rq-h-${row.id}`}>
                    <td colSpan={9}><RowHistory id={row.id} state={row.state} /></td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A host by name: the provider list finds it (the queue's rows carry the name, as the contract's RequestStatus does). */
export const hostHref = (name: string) => `/providers?kind=host&search=${encodeURIComponent(name)}` as Route;

/** A placed request says where; an unplaced or failed one says why not; a running one says so. */
function WhereOrWhy({ row, simulated }: { row: RequestRow; simulated: boolean }) {
  if ((row.code || row.reason) && row.state !== "active" && row.state !== "cancelled") return <WhyNot row={row} state={row.state} />;
  if (row.host) {
    const was = row.state === "cancelled" || row.state === "failed";
    return (
      <span className={`nowrap${was ? " faint" : ""}`} title={simulated && row.serverId ? "Its server is in the simulated cloud" : undefined}>
        {was ? "was on " : "on "}<Link href={hostHref(row.host)} className="mono">{row.host}</Link>
        {simulated && row.serverId && !was && <span className="rq-sim-mark" title="simulated driver"> sim</span>}
      </span>
    );
  }
  if (row.code || row.reason) return <WhyNot row={row} state={row.state} />;
  const constraint = [row.pinnedHost && `pinned to ${row.pinnedHost}`, row.zone && `zone ${row.zone}`].filter(Boolean).join(" · ");
  return <span className="faint">{constraint || (row.state === "pending" ? "waiting for a worker" : "—")}</span>;
}

function RowHistory({ id, state }: { id: string; state: string }) {
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.requests.get.queryOptions({ id }), refetchInterval: isSettled(state) ? false : 2_000 });
  if (detail.isPending) return <Loading label="Loading history…" rows={2} />;
  if (detail.isError) return <ErrorState title="Could not load the history" error={detail.error} onRetry={() => void detail.refetch()} />;
  return (
    <div style={{ paddingTop: 4 }}>
      <RequestTimeline events={detail.data.history} />
      <p style={{ marginTop: 4, fontSize: "var(--text-sm)" }}><Link href={requestHref(id)}>Allocations, provisioning journal and events →</Link></p>
    </div>
  );
}
