/**
 * The provider list's server-side order and the selection summary, on the demo data centre: every
 * sort key against an ordering computed here from the listed rows, paging that never shuffles,
 * a refused sort naming the field; the summary against the per-provider figures of the list.
 */
import { describe, expect, it } from "vitest";
import { providerKinds, providerStates } from "../../server/inventory/schemas";
import { codeOf, fieldsOf } from "./fixtures";
import { backends, useTestDatabase, type Fixture } from "./harness";

type Api = ReturnType<Fixture["caller"]>;
type Item = Awaited<ReturnType<Api["providers"]["list"]>>["items"][number];
type Filter = { kind?: "host" | "storage" | "network"; zone?: string; rack?: string };

async function listAll(api: Api, input: Filter & { sort?: string }): Promise<Item[]> {
  const items: Item[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await api.providers.list({ ...input, limit: 1000, offset });
    items.push(...page.items);
    if (page.items.length < 1000) return items;
  }
}

/** Code-unit order, as the list's names already compare (read.test.ts). */
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Nulls last whichever the direction; `dir` flips only real values. */
function nullsLast<T>(a: T | null, b: T | null, dir: number, cmp: (x: T, y: T) => number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return dir * cmp(a, b);
}
function utilisation(item: Item, rc: string): number | null {
  const u = item.usage[rc];
  return u && u.capacity > 0 ? u.used / u.capacity : null;
}
const rank = (values: readonly string[]) => (a: string, b: string) => values.indexOf(a) - values.indexOf(b);

/** The order a sort value must give, computed here from the rows themselves. */
function expectedOrder(items: readonly Item[], sort: string): Item[] {
  const dir = sort.startsWith("-") ? -1 : 1;
  const key = sort.replace(/^-/, "");
  const byKey = (a: Item, b: Item): number => {
    switch (key) {
      case "name": return dir * text(a.name, b.name);
      case "kind": return dir * rank(providerKinds)(a.kind, b.kind);
      case "state": return dir * rank(providerStates)(a.state, b.state);
      case "zone": return nullsLast(a.zone, b.zone, dir, text) || nullsLast(a.rack, b.rack, dir, text);
      case "rack": return nullsLast(a.rack, b.rack, dir, text);
      case "updated": return dir * (new Date(a.updatedAt).getTime() - new Date(b.updatedAt).getTime());
      default: {
        const rc = key.slice("util.".length);
        return nullsLast(utilisation(a, rc), utilisation(b, rc), dir, (x, y) => x - y);
      }
    }
  };
  return [...items].sort((a, b) => byKey(a, b) || text(a.name, b.name) || text(a.id, b.id));
}

describe.each(backends())("provider list order and selection summary on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "demo" });

  it.each([
    "name", "-name", "kind", "-kind", "state", "-state", "zone", "-zone", "rack", "-rack", "updated", "-updated",
    "util.VCPU", "-util.VCPU", "util.MEMORY_MB", "-util.VOLUME_GB",
  ])("sort=%s orders every provider as computed from the rows, ties by name", async (sort) => {
    const api = t.caller();
    // A few recent edits, so "updated" orders more than the seed's single timestamp.
    if (sort.includes("updated")) {
      const page = await api.providers.list({ kind: "host", limit: 3, offset: 40 });
      for (const item of page.items) await api.providers.update({ id: item.id, generation: item.generation, subtype: `edited-${sort}` });
    }
    const items = await listAll(api, { sort });
    expect(items.length).toBeGreaterThan(500);
    expect(items.map((i) => i.name)).toEqual(expectedOrder(items, sort).map((i) => i.name));
    // The order is not the default one (except for name itself): the sort did something.
    if (sort !== "name") expect(items.map((i) => i.name)).not.toEqual(expectedOrder(items, "name").map((i) => i.name));
  });

  it("puts the most recently edited provider first with -updated", async () => {
    const api = t.caller();
    const target = (await api.providers.list({ kind: "storage", limit: 1 })).items[0]!;
    await api.providers.update({ id: target.id, generation: target.generation, subtype: "just-edited" });
    const first = (await api.providers.list({ sort: "-updated", limit: 1 })).items[0];
    expect(first?.id).toBe(target.id);
  });

  it.each(["state", "-util.VCPU", "zone"])("pages through sort=%s without repeating or skipping a provider", async (sort) => {
    const api = t.caller();
    const filter: Filter = { kind: "host" };
    const whole = await listAll(api, { ...filter, sort });
    const paged: string[] = [];
    for (let offset = 0; offset < whole.length; offset += 37) {
      paged.push(...(await api.providers.list({ ...filter, sort, limit: 37, offset })).items.map((i) => i.id));
    }
    expect(paged).toEqual(whole.map((i) => i.id));
    expect(new Set(paged).size).toBe(whole.length);
  });

  it.each(["size", "-", "util.", "util.vcpu", "name,kind", "--name"])("refuses sort=%j with BAD_REQUEST naming the field", async (sort) => {
    const call = () => t.caller().providers.list({ sort, limit: 5 });
    expect(await codeOf(call())).toBe("BAD_REQUEST");
    expect(await fieldsOf(call())).toEqual(["sort"]);
  });

  it.each<[string, Filter]>([
    ["every provider", {}],
    ["the hosts of one rack", { kind: "host", zone: "az1", rack: "az1-r03" }],
    ["one zone", { zone: "az2" }],
    ["storage", { kind: "storage" }],
  ])("summarises %s exactly as the listed providers add up", async (_label, filter) => {
    const api = t.caller();
    const [summary, items] = await Promise.all([api.providers.summary(filter), listAll(api, filter)]);
    const byClass = new Map<string, { capacity: number; used: number }>();
    const kinds: Record<string, number> = {};
    for (const item of items) {
      const entries = Object.entries(item.usage);
      if (entries.length > 0) kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
      for (const [rc, u] of entries) {
        const s = byClass.get(rc) ?? { capacity: 0, used: 0 };
        byClass.set(rc, { capacity: s.capacity + u.capacity, used: s.used + u.used });
      }
    }
    expect(summary.kinds).toEqual(kinds);
    expect(Object.fromEntries(summary.byClass.map((c) => [c.resourceClass, { capacity: c.capacity, used: c.used }])))
      .toEqual(Object.fromEntries(byClass));
    expect(summary.byClass.length).toBeGreaterThan(0);
  });

  it("leaves retired providers out of the summary even when the filter asks for them", async () => {
    const summary = await t.caller().providers.summary({ state: "retired" });
    expect(summary).toEqual({ byClass: [], kinds: {} });
  });
});
