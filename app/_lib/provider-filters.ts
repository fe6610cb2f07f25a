/**
 * The provider list's filters live in the URL query (?kind=host&zone=az1&page=2), so a filtered
 * view is a link people can share. This module is the one translation between the query string,
 * the filter form and the `providers.list` input.
 */

import type { z } from "zod";
import { providerKinds, providerStates, traitName, type providerListInput } from "~/server/inventory/schemas";

type Kind = (typeof providerKinds)[number];
type State = (typeof providerStates)[number];
export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

export type ProviderFilters = {
  kind?: Kind;
  zone?: string;
  rack?: string;
  trait?: string;
  state?: State;
  search?: string;
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
  return filters;
}

/** The canonical query string for a filter set: defaults are left out so links stay short. */
export function filtersToQuery(filters: ProviderFilters): string {
  const params = new URLSearchParams();
  for (const key of TEXT_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
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

export type ListInput = Exclude<z.input<typeof providerListInput>, undefined>;

export function filtersToListInput(filters: ProviderFilters): ListInput {
  const { page, pageSize, ...rest } = filters;
  return { ...rest, limit: pageSize, offset: (page - 1) * pageSize };
}

export function activeFilterCount(filters: ProviderFilters): number {
  return TEXT_KEYS.filter((key) => filters[key]).length;
}
