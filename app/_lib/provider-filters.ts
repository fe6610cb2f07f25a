/**
 * The provider list's filters and order live in the URL query (?kind=host&zone=az1&sort=-updated&page=2),
 * so a filtered, sorted view is a link people can share. This module is the one translation between
 * the query string, the filter form, the column headers and the `providers.list` input.
 */

import type { z } from "zod";
import {
  parseSort, providerKinds, providerSort, providerStates, sortToString, traitName, type providerListInput, type ProviderSort,
} from "~/server/inventory/schemas";

type Kind = (typeof providerKinds)[number];
type State = (typeof providerStates)[number];
export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
/** The list's order when the URL names none: by name, as the server's default. */
export const DEFAULT_SORT = "name";

export type ProviderFilters = {
  kind?: Kind;
  zone?: string;
  rack?: string;
  trait?: string;
  state?: State;
  search?: string;
  /** A sort value as the API takes it (`-updated`, `util.VCPU`); absent means DEFAULT_SORT. */
  sort?: string;
  page: number;      // 1-based
  pageSize: number;
};

const TEXT_KEYS = ["kind", "zone", "rack", "trait", "state", "search"] as const;

function positiveInt(raw: string | null, fallback: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  const n = Number(raw);
  return n >= 1 ? n : fallback;
}

function isOneOf<T extends string>(values: readonly T[], value: string | null): value is T {
  return value !== null && (values as readonly string[]).includes(value);
}

/** Reads filters from a query string; unknown or malformed values fall back to "no filter". */
export function parseFilters(params: URLSearchParams): ProviderFilters {
  const filters: ProviderFilters = {
    page: positiveInt(params.get("page"), 1),
    pageSize: DEFAULT_PAGE_SIZE,
  };
  const size = positiveInt(params.get("size"), DEFAULT_PAGE_SIZE);
  if ((PAGE_SIZES as readonly number[]).includes(size)) filters.pageSize = size;
  for (const key of ["zone", "rack", "trait", "search"] as const) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  // A trait the server would refuse (lower case, punctuation) is no filter rather than an error page.
  if (filters.trait && !traitName.safeParse(filters.trait).success) delete filters.trait;
  const kind = params.get("kind");
  if (isOneOf(providerKinds, kind)) filters.kind = kind;
  const state = params.get("state");
  if (isOneOf(providerStates, state)) filters.state = state;
  // The same schema the API checks with: a sort it would refuse is the default order, not an error page.
  const sort = providerSort.safeParse(params.get("sort") ?? "");
  if (sort.success && sort.data !== DEFAULT_SORT) filters.sort = sort.data;
  return filters;
}

/** The canonical query string for a filter set: defaults are left out so links stay short. */
export function filtersToQuery(filters: ProviderFilters): string {
  const params = new URLSearchParams();
  for (const key of TEXT_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.sort && filters.sort !== DEFAULT_SORT) params.set("sort", filters.sort);
  if (filters.page > 1) params.set("page", String(filters.page));
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) params.set("size", String(filters.pageSize));
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** Changing any filter sends the reader back to page 1; paging keeps the filters. */
export function withFilter(filters: ProviderFilters, change: Partial<Omit<ProviderFilters, "page">>): ProviderFilters {
  const next = { ...filters, ...change, page: 1 } as ProviderFilters;
  for (const key of TEXT_KEYS) if (!next[key]) delete next[key];
  // A rack belongs to one zone: a new zone invalidates a chosen rack.
  if ("zone" in change && change.zone !== filters.zone && !("rack" in change)) delete next.rack;
  return next;
}

/** A new order goes back to page 1 (page 3 of another order is another set of rows); filters stay. */
export function withSort(filters: ProviderFilters, sort: string): ProviderFilters {
  const { sort: _old, ...rest } = filters;
  return sort === DEFAULT_SORT ? { ...rest, page: 1 } : { ...rest, sort, page: 1 };
}

/** The order currently in force, as parts (for aria-sort and the header arrows). */
export function currentSort(filters: ProviderFilters): ProviderSort {
  return parseSort(filters.sort ?? DEFAULT_SORT) ?? { key: "name", descending: false };
}

/**
 * What a click on a column header asks for: the other direction when the list is already sorted by
 * that column; otherwise the column's natural first direction (newest and fullest first, A to Z else).
 */
export function nextSort(current: ProviderSort, column: ProviderSort): string {
  const same = current.key === column.key && current.resourceClass === column.resourceClass;
  return sortToString({ ...column, descending: same ? !current.descending : column.descending });
}

export type ListInput = Exclude<z.input<typeof providerListInput>, undefined>;

export function filtersToListInput(filters: ProviderFilters): ListInput {
  const { page, pageSize, ...rest } = filters;
  return { ...rest, limit: pageSize, offset: (page - 1) * pageSize };
}

export function activeFilterCount(filters: ProviderFilters): number {
  return TEXT_KEYS.filter((key) => filters[key]).length;
}
