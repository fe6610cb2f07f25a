import { and, count, eq, ne, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { allocations, inventories, providerTraits, resourceProviders } from "../../../drizzle/schema";
import { backends, rows, useTestDatabase } from "../../../test/db/harness";

describe.each(backends())("reads over the demo data centre on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "demo" });

  it("lists with paging and a total that counts every match", async () => {
    const api = t.caller();
    const [hosts] = await t.db.select({ n: count() }).from(resourceProviders)
      .where(and(eq(resourceProviders.kind, "host"), ne(resourceProviders.state, "retired")));
    const page1 = await api.providers.list({ kind: "host", limit: 50, offset: 0 });
    const page2 = await api.providers.list({ kind: "host", limit: 50, offset: 50 });
    expect(page1.total).toBe(hosts?.n);
    expect(page1.items).toHaveLength(50);
    expect(new Set([...page1.items, ...page2.items].map((i) => i.id)).size).toBe(100);
    expect(page1.items.map((i) => i.name)).toEqual([...page1.items.map((i) => i.name)].sort());
  });

  it.each([
    ["zone", { kind: "host" as const, zone: "az2" }, (i: { zone: string | null }) => i.zone === "az2"],
    ["rack", { rack: "az1-r03" }, (i: { rack: string | null }) => i.rack === "az1-r03"],
    ["trait", { trait: "HW_CPU_X86_AVX512F" }, (i: { traits: string[] }) => i.traits.includes("HW_CPU_X86_AVX512F")],
    ["state", { state: "maintenance" as const }, (i: { state: string }) => i.state === "maintenance"],
    ["search", { search: "ceph" }, (i: { name: string }) => i.name.includes("ceph")],
    ["kind", { kind: "storage" as const }, (i: { kind: string }) => i.kind === "storage"],
  ])("filters by %s", async (_label, filter, holds) => {
    const result = await t.caller().providers.list({ ...filter, limit: 1000 });
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.items.length).toBe(result.total);
    for (const item of result.items) expect(holds(item as never), item.name).toBe(true);
  });

  it("counts trait matches the same way the database does", async () => {
    const [n] = await t.db.select({ n: count() }).from(providerTraits).where(eq(providerTraits.trait, "CUSTOM_NVME"));
    expect((await t.caller().providers.list({ trait: "CUSTOM_NVME" })).total).toBe(n?.n);
  });

  it("shows a busy host's figures: capacity by the rule, use as the sum of its allocations, its consumers", async () => {
    const [busy] = await rows<{ provider_id: string }>(t.db, sql`select provider_id from allocations
      where resource_class = 'MEMORY_MB' group by provider_id order by sum(used) desc, provider_id limit 1`);
    const id = busy?.provider_id ?? "";
    const detail = await t.caller().providers.get({ id });
    const invs = await t.db.select().from(inventories).where(eq(inventories.providerId, id));
    for (const inv of invs) {
      const shown = detail.inventories.find((i) => i.resourceClass === inv.resourceClass);
      const [sum] = await t.db.select({ used: sql<string>`coalesce(sum(${allocations.used}), 0)`.mapWith(Number) }).from(allocations)
        .where(and(eq(allocations.providerId, id), eq(allocations.resourceClass, inv.resourceClass)));
      const capacity = Math.floor((inv.total - inv.reserved) * inv.allocationRatio);
      expect(shown).toMatchObject({ total: inv.total, reserved: inv.reserved, capacity, used: sum?.used, free: capacity - (sum?.used ?? 0) });
    }
    const [consumers] = await rows<{ n: number }>(t.db, sql`select count(distinct consumer_id)::int as n from allocations where provider_id = ${id}`);
    expect(detail.consumers).toBe(consumers?.n);
    expect(detail.consumers).toBeGreaterThan(0);
    expect(detail.ancestors.map((a) => a.kind)).toEqual(["region", "zone", "rack"]);
    expect(detail.aggregates.length).toBeGreaterThanOrEqual(3);
    expect(detail.audit.some((a) => a.action === "provider.create" && a.actor === "seed")).toBe(true);
  });

  it("summarises capacity and use consistently with the per-provider figures", async () => {
    const api = t.caller();
    const summary = await api.overview.summary();
    expect(summary.providers.host?.total).toBe(480);
    const [allocCount] = await t.db.select({ n: count() }).from(allocations);
    expect(summary.allocations).toBe(allocCount?.n);
    const vcpu = summary.byClass.find((c) => c.resourceClass === "VCPU");
    const [vcpuUsed] = await rows<{ n: string }>(t.db, sql`select sum(used) as n from allocations where resource_class = 'VCPU'`);
    expect(vcpu?.used).toBe(Number(vcpuUsed?.n));
    const zones = summary.byZone.filter((z) => z.resourceClass === "VCPU");
    expect(zones.reduce((s, z) => s + z.capacity, 0)).toBe(vcpu?.capacity);
    expect(zones.reduce((s, z) => s + z.used, 0)).toBe(vcpu?.used);
    const models = summary.byHardwareModel.filter((m) => m.resourceClass === "VCPU");
    expect(models.reduce((s, m) => s + m.used, 0)).toBe(vcpu?.used);
    for (const c of summary.byClass) expect(c.used).toBeLessThanOrEqual(c.capacity);
    const racks = summary.byRack.filter((r) => r.resourceClass === "MEMORY_MB");
    expect(racks).toHaveLength(24);
    expect(racks.reduce((s, r) => s + r.used, 0)).toBe(summary.byClass.find((c) => c.resourceClass === "MEMORY_MB")?.used);
  });

  it("serves the catalogue: zones with racks, hardware models with host counts, flavors, classes, traits, aggregates, audit", async () => {
    const api = t.caller();
    const zones = await api.catalog.zones();
    expect(zones.map((z) => z.name)).toEqual(["az1", "az2"]);
    expect(zones.every((z) => z.racks.length === 12)).toBe(true);
    const models = await api.catalog.hardwareModels();
    expect(models.reduce((s, m) => s + m.hosts, 0)).toBe(480);
    expect((await api.catalog.flavors()).map((f) => f.id)).toContain("r5.xlarge");
    expect((await api.catalog.resourceClasses()).map((r) => r.name)).toEqual(expect.arrayContaining(["VCPU", "IPV4_ADDRESS", "FLOATING_IP", "OBJECT_GB"]));
    expect((await api.traits.list()).find((x) => x.name === "HW_CPU_X86_AVX2")?.providers).toBeGreaterThan(400);
    expect((await api.aggregates.list()).find((a) => a.name === "az1")?.providers).toBe(240);
    expect((await api.audit.recent({ limit: 5 }))).toHaveLength(5);
  });
  it("lists the consumers on a provider with their allocations there and elsewhere", async () => {
    const api = t.caller();
    const [busy] = await rows<{ provider_id: string; n: number }>(t.db, sql`select provider_id, count(distinct consumer_id)::int as n
      from allocations group by provider_id order by 2 desc, 1 limit 1`);
    const page = await api.consumers.list({ providerId: busy?.provider_id ?? "", limit: 500 });
    expect(page.total).toBe(busy?.n);
    expect(page.items).toHaveLength(Math.min(500, busy?.n ?? 0));
    for (const item of page.items) expect(item.allocations.some((a) => a.providerId === busy?.provider_id)).toBe(true);
  });

  it("lists placement requests by state and shows one with its history", async () => {
    const api = t.caller();
    const all = await api.requests.list({ limit: 500 });
    expect(all.items).toHaveLength(all.total);
    const failed = await api.requests.list({ state: "failed" });
    expect(failed.total).toBe(all.byState.failed);
    expect(failed.items.every((i) => i.state === "failed" && i.lastError)).toBe(true);
    const active = (await api.requests.list({ state: "active", limit: 1 })).items[0];
    const detail = await api.requests.get({ id: active?.id ?? "" });
    expect(detail.history.map((h) => h.toState)).toEqual(["pending", "placing", "placed", "provisioning", "active"]);
    expect(detail.consumerId).not.toBeNull();
  });
});
