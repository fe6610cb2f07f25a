"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import {
  activeFilterCount, currentSort, filtersToListInput, filtersToQuery, nextSort, parseFilters, withFilter, withSort,
  type ProviderFilters,
} from "../../_lib/provider-filters";
import { useTRPC } from "../../_lib/trpc";
import { formatCount } from "../../_lib/units";
import { CopyLinkButton } from "../ui/copy-link-button";
import { Empty, ErrorState } from "../ui/states";
import { Pagination } from "./pagination";
import { ProviderFiltersBar } from "./provider-filters-bar";
import { ProviderTable } from "./provider-table";
import { SelectionSummary } from "./selection-summary";

/** The provider list: filters and order in the URL (shareable links), one page of results, pagination. */
export function ProviderListView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = useMemo(() => parseFilters(new URLSearchParams(params.toString())), [params]);
  const list = useQuery({
    ...trpc.providers.list.queryOptions(filtersToListInput(filters)),
    placeholderData: keepPreviousData,
  });

  const navigate = useCallback(
    (next: ProviderFilters) => router.replace(`${pathname}${filtersToQuery(next)}` as Route, { scroll: false }),
    [router, pathname],
  );
  const change = useCallback((patch: Partial<Omit<ProviderFilters, "page">>) => navigate(withFilter(filters, patch)), [filters, navigate]);

  const total = list.data?.total;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Providers</h1>
          <p>
            Compute hosts, storage backends and networks, with their place in the tree and use per resource class.
            {total !== undefined && <> <strong data-testid="provider-total">{formatCount(total)}</strong> match{total === 1 ? "" : "es"}.</>}
          </p>
        </div>
        <div className="page-actions">
          <CopyLinkButton label="Copy link to this view" />
          <Link className="btn" href="/import">Import…</Link>
          <Link className="btn btn-primary" href="/providers/new">New provider</Link>
        </div>
      </div>
      <section className="panel" aria-label="Provider list">
        <ProviderFiltersBar filters={filters} onChange={change} onClear={() => navigate({ page: 1, pageSize: filters.pageSize, ...(filters.sort && { sort: filters.sort }) })}
          activeCount={activeFilterCount(filters)} />
        <SelectionSummary input={filtersToListInput(filters)} total={total} />
        {list.isError ? (
          <ErrorState title="Could not load providers" error={list.error} onRetry={() => void list.refetch()} />
        ) : total !== undefined && total > 0 && list.data?.items.length === 0 ? (
          <Empty title={`Page ${filters.page} is past the end`}>
            <button type="button" className="btn btn-sm" onClick={() => navigate({ ...filters, page: 1 })}>Go to the first page</button>
          </Empty>
        ) : (
          <ProviderTable items={list.data?.items} loading={list.isPending} stale={list.isPlaceholderData}
            filtered={activeFilterCount(filters) > 0} sort={currentSort(filters)}
            onSort={(column) => navigate(withSort(filters, nextSort(currentSort(filters), column)))} />
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
