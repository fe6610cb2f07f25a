"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import {
  activeRequestFilterCount, isSettled, parseRequestFilters, requestFiltersToListInput, requestFiltersToQuery, requestStates,
  withRequestFilter, type RequestFilters,
} from "../../_lib/request-filters";
import { useTRPC } from "../../_lib/trpc";
import { formatCount } from "../../_lib/units";
import { Pagination } from "../providers/pagination";
import { CopyLinkButton } from "../ui/copy-link-button";
import { Empty, ErrorState } from "../ui/states";
import { SimulatedBadge, STATE_MEANING } from "./request-badges";
import { RequestFiltersBar } from "./request-filters-bar";
import { RequestTable } from "./request-table";
import { toRequestRow } from "./rows";
import { useCanOperate } from "./use-can-operate";
import { RelativeTime, useNow } from "./relative-time";

/** How often the queue re-reads while something in it is still moving, and when all is settled. */
const FAST_MS = 2_000;
const SLOW_MS = 10_000;

/** The request queue: filters in the URL, states that change in place, the why-not in words. */
export function RequestListView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const now = useNow(1_000);
  const [live, setLive] = useState(true);
  const filters = useMemo(() => parseRequestFilters(new URLSearchParams(params.toString())), [params]);
  const list = useQuery({
    ...trpc.requests.list.queryOptions(requestFiltersToListInput(filters)),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      if (!live) return false;
      const data = query.state.data;
      const moving = data ? Object.entries(data.byState).some(([state, n]) => n > 0 && !isSettled(state)) : true;
      return moving ? FAST_MS : SLOW_MS;
    },
  });

  const navigate = useCallback(
    (next: RequestFilters) => router.replace(`${pathname}${requestFiltersToQuery(next)}` as Route, { scroll: false }),
    [router, pathname],
  );
  const change = useCallback((patch: Partial<Omit<RequestFilters, "page">>) => navigate(withRequestFilter(filters, patch)), [filters, navigate]);
  const canOperate = useCanOperate();
  const provisioning = useQuery({ ...trpc.workers.provisioning.queryOptions(), refetchInterval: 15_000 });
  const simulated = provisioning.data?.simulated ?? false;
  const rows = useMemo(() => list.data?.items.map(toRequestRow), [list.data]);
  const projects = useMemo(() => [...new Set(rows?.map((r) => r.projectId) ?? [])].sort(), [rows]);
  const byState = list.data?.byState ?? {};
  const allCount = Object.values(byState).reduce((s, n) => s + n, 0);
  const total = list.data?.total;
  const active = activeRequestFilterCount(filters);

  return (
    <>
      <div className="page-head">
        <div>
          <h1 style={{ display: "flex", alignItems: "center", gap: 10 }}>
            Placement requests
            {provisioning.data && <SimulatedBadge driver={provisioning.data.simulated ? "simulated" : provisioning.data.driver} />}
            {provisioning.data && provisioning.data.workersAlive === 0 && (
              <Link href="/workers" className="badge rq-state-failed" data-testid="no-workers">no worker alive</Link>
            )}
          </h1>
          <p>
            The scheduler&apos;s queue: what waits, what is being placed and provisioned, and why a request is not placed.
            {total !== undefined && <> <strong data-testid="request-total">{formatCount(total)}</strong> match{total === 1 ? "" : "es"}.</>}
          </p>
        </div>
        <div className="page-actions rq-page-actions">
          <LiveToggle live={live} onToggle={() => setLive((l) => !l)} updatedAt={list.dataUpdatedAt} now={now} fetching={list.isFetching} />
          <CopyLinkButton label="Copy link to this view" />
          {canOperate !== false && <Link className="btn btn-primary" href="/requests/new">New request</Link>}
        </div>
      </div>
      <section className="panel" aria-label="Request queue">
        <div className="rq-counts" role="group" aria-label="Requests per state (each filters the queue)">
          <button type="button" className="rq-count" aria-pressed={!filters.state} onClick={() => change({ state: undefined })}>
            All <strong>{formatCount(allCount)}</strong>
          </button>
          {requestStates.map((state) => (
            <button key={state} type="button" className="rq-count" aria-pressed={filters.state === state} data-testid={`count-${state}`}
              title={STATE_MEANING[state]} onClick={() => change({ state: filters.state === state ? undefined : state })}>
              <span className={`dot dot-${state}`} aria-hidden="true" />{state} <strong>{formatCount(byState[state] ?? 0)}</strong>
            </button>
          ))}
        </div>
        <RequestFiltersBar filters={filters} onChange={change} activeCount={active} projects={projects}
          onClear={() => navigate({ page: 1, pageSize: filters.pageSize })} />
        {list.isError ? (
          <ErrorState title="Could not load the queue" error={list.error} onRetry={() => void list.refetch()} />
        ) : total !== undefined && total > 0 && rows?.length === 0 ? (
          <Empty title={`Page ${filters.page} is past the end`}>
            <button type="button" className="btn btn-sm" onClick={() => navigate({ ...filters, page: 1 })}>Go to the first page</button>
          </Empty>
        ) : (
          <RequestTable items={rows} loading={list.isPending} stale={list.isPlaceholderData} filtered={active > 0} now={now} simulated={simulated} />
        )}
        {total !== undefined && total > 0 && (
          <Pagination page={filters.page} pageSize={filters.pageSize} total={total}
            onPage={(page) => navigate({ ...filters, page })}
            onPageSize={(pageSize) => navigate({ ...filters, pageSize, page: 1 })} />
        )}
      </section>
    </>
  );
}

/** "● Live · 1 s ago" as one toggle: the page re-reads itself; a click pauses it to read a row in peace. */
export function LiveToggle({ live, onToggle, updatedAt, now, fetching }: {
  live: boolean; onToggle: () => void; updatedAt: number; now: Date; fetching: boolean;
}) {
  return (
    <button type="button" className={`btn btn-ghost rq-live${live ? "" : " paused"}`} data-testid="live-status" aria-pressed={!live}
      title={live ? "Pause updates" : "Resume updates"} onClick={onToggle}>
      <span className="dot" aria-hidden="true" />
      {live ? "Live" : "Paused"}
      <span className="visually-hidden">{live ? ": pause updates" : ": resume updates"}</span>
      {updatedAt > 0 && <span aria-hidden="true">· <RelativeTime value={new Date(updatedAt)} now={now} /></span>}
      {fetching && <span className="visually-hidden">refreshing</span>}
    </button>
  );
}
