import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PAGE_SIZE, filtersToListInput, filtersToQuery, parseFilters, withFilter, type ProviderFilters,
} from "./provider-filters";

const parse = (query: string) => parseFilters(new URLSearchParams(query));

describe("parseFilters", () => {
  it.each([
    ["", { page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["kind=host&zone=az1", { kind: "host", zone: "az1", page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["kind=spaceship", { page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["state=retired&page=3&size=100", { state: "retired", page: 3, pageSize: 100 }],
    ["page=0&size=7", { page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["page=-2", { page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["search=%20%20&trait=HW_CPU_X86_AVX2", { trait: "HW_CPU_X86_AVX2", page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["trait=not%20a%20trait", { page: 1, pageSize: DEFAULT_PAGE_SIZE }],
  ])("?%s", (query, expected) => {
    expect(parse(query)).toEqual(expected);
  });
});

describe("filtersToQuery", () => {
  it("leaves defaults out", () => {
    expect(filtersToQuery({ page: 1, pageSize: DEFAULT_PAGE_SIZE })).toBe("");
  });

  it("round-trips any filter set through the URL", () => {
    const text = fc.option(fc.string({ minLength: 1 }).filter((s) => s.trim() === s && s !== ""), { nil: undefined });
    const filters = fc.record({
      kind: fc.option(fc.constantFrom("host", "storage", "network"), { nil: undefined }),
      state: fc.option(fc.constantFrom("active", "maintenance"), { nil: undefined }),
      zone: text, rack: text, search: text,
      trait: fc.option(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/), { nil: undefined }),
      page: fc.integer({ min: 1, max: 500 }),
      pageSize: fc.constantFrom(25, 50, 100, 200),
    });
    fc.assert(fc.property(filters, (f) => {
      const clean = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ProviderFilters;
      expect(parse(filtersToQuery(clean).slice(1))).toEqual(clean);
    }));
  });
});

describe("withFilter", () => {
  const base: ProviderFilters = { zone: "az1", rack: "az1-r03", page: 4, pageSize: 50 };

  it.each([
    ["a filter change resets the page", { kind: "host" }, { zone: "az1", rack: "az1-r03", kind: "host", page: 1, pageSize: 50 }],
    ["a new zone drops the rack", { zone: "az2" }, { zone: "az2", page: 1, pageSize: 50 }],
    ["an emptied filter disappears", { rack: "" }, { zone: "az1", page: 1, pageSize: 50 }],
  ] as const)("%s", (_name, change, expected) => {
    expect(withFilter(base, change)).toEqual(expected);
  });
});

describe("filtersToListInput", () => {
  it.each([
    [1, 50, 0],
    [3, 25, 50],
  ])("page %d of %d starts at %d", (page, pageSize, offset) => {
    expect(filtersToListInput({ page, pageSize })).toEqual({ limit: pageSize, offset });
  });
});
