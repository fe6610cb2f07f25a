import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { providerListInput } from "~/server/inventory/schemas";
import {
  currentSort, DEFAULT_PAGE_SIZE, filtersToListInput, filtersToQuery, nextSort, parseFilters, withFilter, withSort,
  type ProviderFilters,
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
    ["sort=-updated", { sort: "-updated", page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["sort=zone&kind=host", { sort: "zone", kind: "host", page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["sort=-util.MEMORY_MB", { sort: "-util.MEMORY_MB", page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["sort=%20-state%20", { sort: "-state", page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["sort=name", { page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["sort=colour", { page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["sort=util.vcpu", { page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["sort=--name", { page: 1, pageSize: DEFAULT_PAGE_SIZE }],
    ["sort=", { page: 1, pageSize: DEFAULT_PAGE_SIZE }],
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
      sort: fc.option(fc.stringMatching(/^-?(kind|state|zone|rack|updated|util\.[A-Z][A-Z0-9_]{0,10})$|^-name$/), { nil: undefined }),
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

describe("sorting", () => {
  const base: ProviderFilters = { kind: "host", sort: "state", page: 4, pageSize: 25 };

  it.each([
    ["a new order goes back to page 1 and keeps the filters", "-updated", { kind: "host", sort: "-updated", page: 1, pageSize: 25 }],
    ["the default order leaves the URL", "name", { kind: "host", page: 1, pageSize: 25 }],
  ])("%s", (_name, sort, expected) => {
    expect(withSort(base, sort)).toEqual(expected);
    expect(filtersToQuery(withSort(base, sort))).not.toContain("page=");
  });

  it("a filter change keeps the order", () => {
    expect(withFilter(base, { zone: "az1" })).toEqual({ kind: "host", zone: "az1", sort: "state", page: 1, pageSize: 25 });
  });

  it.each([
    ["the default order is by name, ascending", undefined, { key: "name", descending: false }],
    ["descending by utilisation of a class", "-util.VCPU", { key: "util", descending: true, resourceClass: "VCPU" }],
  ])("%s", (_name, sort, expected) => {
    expect(currentSort({ page: 1, pageSize: 50, ...(sort && { sort }) })).toEqual(expected);
  });

  const name = { key: "name", descending: false } as const;
  const updatedFirst = { key: "updated", descending: true } as const;
  const vcpu = { key: "util", descending: true, resourceClass: "VCPU" } as const;
  it.each([
    ["a click on the sorted column turns it round", name, name, "-name"],
    ["and again", { key: "name", descending: true } as const, name, "name"],
    ["another column starts in its own direction", name, updatedFirst, "-updated"],
    ["a class's utilisation starts fullest first", name, vcpu, "-util.VCPU"],
    ["another class is another column", { ...vcpu, resourceClass: "MEMORY_MB" }, vcpu, "-util.VCPU"],
    ["the same class turns round", vcpu, vcpu, "util.VCPU"],
  ])("%s", (_name, current, column, expected) => {
    expect(nextSort(current, column)).toBe(expected);
  });

  it("every order a header can ask for is one the API accepts", () => {
    for (const column of [name, updatedFirst, vcpu, { key: "zone", descending: false } as const]) {
      for (const current of [name, column, { ...column, descending: !column.descending }]) {
        expect(providerListInput.safeParse({ sort: nextSort(current, column) }).success).toBe(true);
      }
    }
  });
});

describe("filtersToListInput", () => {
  it.each([
    [1, 50, 0],
    [3, 25, 50],
  ])("page %d of %d starts at %d", (page, pageSize, offset) => {
    expect(filtersToListInput({ page, pageSize })).toEqual({ limit: pageSize, offset });
  });

  it("passes the order on", () => {
    expect(filtersToListInput({ sort: "-rack", page: 1, pageSize: 50 })).toEqual({ sort: "-rack", limit: 50, offset: 0 });
  });
});
