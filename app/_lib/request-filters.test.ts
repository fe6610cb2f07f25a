import { describe, expect, it } from "vitest";
import {
  activeRequestFilterCount, parseMinPriority, parseRequestFilters, requestActions, requestFiltersToListInput, requestFiltersToQuery,
  requestStates, whyNot, withRequestFilter, DEFAULT_REQUEST_PAGE_SIZE,
} from "./request-filters";

const parse = (query: string) => parseRequestFilters(new URLSearchParams(query));

describe("request filters in the URL", () => {
  it("reads every filter and writes it back the same", () => {
    const query = "?state=failed&project=shop&search=web&waiting=1&minPriority=-5&page=3&size=100";
    const filters = parse(query);
    expect(filters).toEqual({ state: "failed", project: "shop", search: "web", waiting: true, minPriority: -5, page: 3, pageSize: 100 });
    expect(requestFiltersToQuery(filters)).toBe(query);
  });

  it("treats malformed values as no filter", () => {
    expect(parse("state=exploded&waiting=yes&minPriority=1.5&page=-2&size=7")).toEqual({ page: 1, pageSize: DEFAULT_REQUEST_PAGE_SIZE });
  });

  it("leaves defaults out of the query", () => {
    expect(requestFiltersToQuery({ page: 1, pageSize: DEFAULT_REQUEST_PAGE_SIZE })).toBe("");
  });

  it("sends a changed filter back to page 1 and drops emptied ones", () => {
    const next = withRequestFilter({ state: "failed", project: "shop", page: 4, pageSize: 50 }, { project: "", waiting: true });
    expect(next).toEqual({ state: "failed", waiting: true, page: 1, pageSize: 50 });
    expect(withRequestFilter(next, { waiting: undefined })).toEqual({ state: "failed", page: 1, pageSize: 50 });
    expect(activeRequestFilterCount(next)).toBe(2);
  });

  it("pages on the server", () => {
    const input = requestFiltersToListInput({ state: "pending", waiting: true, minPriority: 0, page: 3, pageSize: 25 });
    expect(input).toEqual({ state: "pending", waiting: true, minPriority: 0, limit: 25, offset: 50 });
  });

  it("keeps a minimum priority of 0 (a value, not an empty filter)", () => {
    const filters = withRequestFilter({ page: 2, pageSize: 50 }, { minPriority: 0 });
    expect(requestFiltersToQuery(filters)).toBe("?minPriority=0");
    expect(activeRequestFilterCount(filters)).toBe(1);
    expect(withRequestFilter(filters, { minPriority: undefined })).toEqual({ page: 1, pageSize: 50 });
  });
});

describe("parseMinPriority", () => {
  it.each([
    ["", {}],
    ["  ", {}],
    ["10", { value: 10 }],
    ["-1000", { value: -1000 }],
    ["+7", { value: 7 }],
  ])("reads %j as %j", (text, out) => {
    expect(parseMinPriority(text)).toEqual(out);
  });
  it.each([
    ["abc", "must be a number"],
    ["1.5", "must be a whole number"],
    ["1001", "must be at most 1000"],
    ["-5000", "must be at least -1000"],
  ])("refuses %j, naming the field", (text, message) => {
    expect(parseMinPriority(text)).toEqual({ error: `Min priority ${message}` });
  });
});

describe("requestActions", () => {
  it.each(requestStates.map((s) => [s]))("%s offers only what the state machine allows", (state) => {
    const a = requestActions(state);
    expect(a.remove).toBe(state === "active");
    expect(a.retry).toBe(state === "failed");
    expect(a.cancel).toBe(state !== "active" && state !== "cancelled");
  });
  it("offers a retry now to a request waiting for capacity", () => {
    expect(requestActions("pending", true).retry).toBe(true);
  });
});

describe("whyNot", () => {
  it("keeps a separate code and reason", () => {
    expect(whyNot({ code: "NO_CAPACITY", reason: "no host has 64 vCPU free" })).toEqual({ code: "NO_CAPACITY", sentence: "no host has 64 vCPU free" });
  });
  it("splits a 'CODE: sentence' text", () => {
    expect(whyNot({ lastError: "PINNED_HOST_FULL: az1-r01-h01 has 2 vCPU free, 8 asked" }))
      .toEqual({ code: "PINNED_HOST_FULL", sentence: "az1-r01-h01 has 2 vCPU free, 8 asked" });
  });
  it("keeps a plain sentence and says nothing without one", () => {
    expect(whyNot({ lastError: "driver timed out" })).toEqual({ code: null, sentence: "driver timed out" });
    expect(whyNot({ lastError: null })).toBeNull();
  });
});
