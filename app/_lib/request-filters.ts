/**
 * The request queue's filters live in the URL (?state=failed&project=shop&search=web&waiting=1&minPriority=10),
 * so a filtered queue is a link an operator can paste into a ticket. This module is the one
 * translation between the query string, the filter bar and the `requests.list` input.
 */
import { priorityValue, requestStates } from "~/server/requests/schema";
import { PAGE_SIZES } from "./provider-filters";

export type RequestState = (typeof requestStates)[number];
export { requestStates };

export const DEFAULT_REQUEST_PAGE_SIZE = 50;

export type RequestFilters = {
  state?: RequestState;
  project?: string;
  search?: string;
  /** Only requests the engine could not place yet (pending or failed with the engine's code). */
  waiting?: true;
  /** Only requests of at least this priority. */
  minPriority?: number;
  page: number;      // 1-based
  pageSize: number;
};

const TEXT_KEYS = ["project", "search"] as const;

function positiveInt(raw: string | null, fallback: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  const n = Number(raw);
  return n >= 1 ? n : fallback;
}

export function isRequestState(value: string | null | undefined): value is RequestState {
  return typeof value === "string" && (requestStates as readonly string[]).includes(value);
}

/**
 * The minimum-priority box's text as a filter: empty is no filter; anything else must be a whole
 * number the server accepts (the same zod schema as requests.list), or the error names the field.
 */
export function parseMinPriority(text: string): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === "") return {};
  const checked = priorityValue.safeParse(/^[+-]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed);
  if (checked.success) return { value: checked.data };
  return { error: `Min priority ${checked.error.issues[0]?.message ?? "is not valid"}` };
}

/** Reads the filters from a query string; unknown or malformed values mean "no filter". */
export function parseRequestFilters(params: URLSearchParams): RequestFilters {
  const filters: RequestFilters = { page: positiveInt(params.get("page"), 1), pageSize: DEFAULT_REQUEST_PAGE_SIZE };
  const size = positiveInt(params.get("size"), DEFAULT_REQUEST_PAGE_SIZE);
  if ((PAGE_SIZES as readonly number[]).includes(size)) filters.pageSize = size;
  for (const key of TEXT_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const state = params.get("state");
  if (isRequestState(state)) filters.state = state;
  if (params.get("waiting") === "1") filters.waiting = true;
  const minPriority = parseMinPriority(params.get("minPriority") ?? "").value;
  if (minPriority !== undefined) filters.minPriority = minPriority;
  return filters;
}

/** The canonical query string: defaults left out, so links stay short. */
export function requestFiltersToQuery(filters: RequestFilters): string {
  const params = new URLSearchParams();
  if (filters.state) params.set("state", filters.state);
  for (const key of TEXT_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.waiting) params.set("waiting", "1");
  if (filters.minPriority !== undefined) params.set("minPriority", String(filters.minPriority));
  if (filters.page > 1) params.set("page", String(filters.page));
  if (filters.pageSize !== DEFAULT_REQUEST_PAGE_SIZE) params.set("size", String(filters.pageSize));
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** Any filter change goes back to page 1; empty values are no filter. */
export function withRequestFilter(filters: RequestFilters, change: Partial<Omit<RequestFilters, "page">>): RequestFilters {
  const next = { ...filters, ...change, page: 1 } as RequestFilters;
  for (const key of TEXT_KEYS) if (!next[key]) delete next[key];
  if (!next.state) delete next.state;
  if (!next.waiting) delete next.waiting;
  if (next.minPriority === undefined) delete next.minPriority;
  return next;
}

export function activeRequestFilterCount(filters: RequestFilters): number {
  return [filters.state, filters.project, filters.search, filters.waiting, filters.minPriority].filter((v) => v !== undefined && v !== "").length;
}

/** The `requests.list` input for these filters (the server filters and pages; nothing is fetched whole). */
export function requestFiltersToListInput(filters: RequestFilters) {
  const { page, pageSize, ...rest } = filters;
  return {
    ...(rest.state && { state: rest.state }),
    ...(rest.project && { project: rest.project }),
    ...(rest.search && { search: rest.search }),
    ...(rest.waiting && { waiting: true }),
    ...(rest.minPriority !== undefined && { minPriority: rest.minPriority }),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
}

/** States in which nothing more will happen on its own: the queue polls slower when it holds only these. */
export const SETTLED_STATES: readonly RequestState[] = ["active", "failed", "cancelled"];

export function isSettled(state: string): boolean {
  return (SETTLED_STATES as readonly string[]).includes(state);
}

/**
 * What an operator may do with a request in a state (the server's state machine decides; this only
 * hides buttons that would be refused): cancel before it is active (a provisioning one is cleaned up
 * first), retry a failed one or one waiting for capacity, delete an active one.
 */
export function requestActions(state: string, waiting = false): { cancel: boolean; retry: boolean; remove: boolean } {
  return {
    cancel: ["pending", "placing", "placed", "provisioning", "failed"].includes(state),
    retry: state === "failed" || (state === "pending" && waiting),
    remove: state === "active",
  };
}

export type WhyNot = { code: string | null; sentence: string };

/**
 * Why a request is not placed (or failed): the engine's machine code and its sentence. The server
 * may give them apart (`code`, `reason`) or as one "CODE: sentence" text; both read the same here.
 */
export function whyNot(row: { code?: string | null; reason?: string | null; lastError?: string | null }): WhyNot | null {
  const text = (row.reason ?? row.lastError ?? "").trim();
  if (row.code) return { code: row.code, sentence: text.startsWith(`${row.code}: `) ? text.slice(row.code.length + 2) : text };
  if (!text) return null;
  const match = /^([A-Z][A-Z0-9_]{2,}):\s*(.*)$/s.exec(text);
  return match ? { code: match[1]!, sentence: match[2]! } : { code: null, sentence: text };
}
