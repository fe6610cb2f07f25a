/**
 * The overview's server aggregates: "room for more" per flavor and the per-rack host counts of the
 * heat strip, checked against the per-provider figures of providers.list (a different query path:
 * one provider at a time through usageByProvider) and against a small tree built by hand.
 */
import { and, count, eq, isNotNull, ne } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { allocations, consumers, flavors, providerLocations, resourceProviders } from "../../drizzle/schema";
import { flavorHeadroom, type HeadroomHost } from "../../server/inventory/flavor-headroom";
import { backends, useTestDatabase, type Fixture } from "./harness";

type Api = ReturnType<Fixture["caller"]>;

/** Every host the list shows (non-retired), page by page, as the headroom computation takes them. */
async function listedHosts(api: Api): Promise<HeadroomHost[]> {
  const hosts: HeadroomHost[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await api.providers.list({ kind: "host", limit: 1000, offset });
    hosts.push(...page.items.map((i) => ({ state: i.state, traits: i.traits, usage: i.usage })));
    if (page.items.length < 1000) return hosts;
  }
}

describe.each(backends())("overview aggregates over the demo data centre on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "demo" });

  it("room for more equals the host-by-host computation over the listed hosts, for every flavor", async () => {
    const api = t.caller();
    const [served, hosts] = await Promise.all([api.overview.flavorHeadroom(), listedHosts(api)]);
    const catalogue = await api.catalog.flavors();
    expect(served.map((f) => f.id)).toEqual(catalogue.map((f) => f.id));
    for (const f of served) {
      const expected = flavorHeadroom(hosts, f);
      expect({ id: f.id, instances: f.instances, hosts: f.hosts, eligible: f.eligible, binding: f.binding }).toEqual({ id: f.id, ...expected });
    }
    // The demo fleet has room, and hosts out of service or lacking a required trait are not eligible.
    const small = served.find((f) => f.id === "m1.small");
    const [active] = await t.db.select({ n: count() }).from(resourceProviders)
      .where(and(eq(resourceProviders.kind, "host"), eq(resourceProviders.state, "active")));
    expect(small?.instances).toBeGreaterThan(0);
    expect(small?.eligible).toBe(active?.n);
    const avx = served.find((f) => f.requiredTraits.length > 0);
    expect(avx?.eligible).toBeLessThan(active?.n ?? 0);
  });

  it("lists every rack holding hosts with how many, and the rack sums add up to the hosts' capacity", async () => {
    const summary = await t.caller().overview.summary();
    const counted = await t.db
      .select({ zone: providerLocations.zone, rack: providerLocations.rack, hosts: count() })
      .from(resourceProviders)
      .innerJoin(providerLocations, eq(providerLocations.providerId, resourceProviders.id))
      .where(and(eq(resourceProviders.kind, "host"), ne(resourceProviders.state, "retired"), isNotNull(providerLocations.rack)))
      .groupBy(providerLocations.zone, providerLocations.rack);
    const key = (r: { zone: string | null; rack: string | null }) => `${r.zone}/${r.rack}`;
    expect(summary.rackHosts.map(key).sort()).toEqual(counted.map(key).sort());
    for (const r of counted) expect(summary.rackHosts.find((x) => key(x) === key(r))?.hosts, key(r)).toBe(r.hosts);

    const hosts = await listedHosts(t.caller());
    for (const rc of ["VCPU", "MEMORY_MB", "DISK_GB"]) {
      const listed = hosts.reduce((s, h) => s + (h.usage[rc]?.capacity ?? 0), 0);
      const racks = summary.byRack.filter((r) => r.resourceClass === rc).reduce((s, r) => s + r.capacity, 0);
      expect(racks, rc).toBe(listed);
    }
  });
});

describe.each(backends())("room for more on a small tree on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });

  it("honours reserved, allocation ratio, state, required and forbidden traits, and what is allocated", async () => {
    const api = t.caller();
    await t.db.insert(flavors).values({ id: "t.nogpu", vcpus: 2, memoryMb: 4096, diskGb: 0, forbiddenTraits: ["CUSTOM_GPU"] });
    const region = await api.providers.create({ name: "rf-region", kind: "region" });
    const zone = await api.providers.create({ name: "rf-az", kind: "zone", parentId: region.id });
    const rack = await api.providers.create({ name: "rf-r1", kind: "rack", parentId: zone.id });
    const inventories = {
      VCPU: { total: 16, allocationRatio: 4 },                       // capacity 64
      MEMORY_MB: { total: 65536, reserved: 4096, allocationRatio: 1.5 }, // capacity 92,160
      DISK_GB: { total: 1000, reserved: 100 },                       // capacity 900
    };
    const host = (name: string, extra: { state?: "maintenance"; traits?: string[]; bare?: boolean } = {}) =>
      api.providers.create({
        name, kind: "host", parentId: rack.id, state: extra.state ?? "active",
        inventories: extra.bare ? {} : inventories, traits: extra.traits ?? [],
      });
    const busy = await host("rf-busy");
    await host("rf-idle-1");
    await host("rf-idle-2");
    await host("rf-gpu", { traits: ["CUSTOM_GPU"] });
    await host("rf-maint", { state: "maintenance" });
    await host("rf-bare", { bare: true });
    const [consumer] = await t.db.insert(consumers).values({ name: "vm", projectId: "p", userId: "u" }).returning({ id: consumers.id });
    await t.db.insert(allocations).values([
      { consumerId: consumer!.id, providerId: busy.id, resourceClass: "VCPU", used: 10 },
      { consumerId: consumer!.id, providerId: busy.id, resourceClass: "MEMORY_MB", used: 8192 },
      { consumerId: consumer!.id, providerId: busy.id, resourceClass: "DISK_GB", used: 100 },
    ]);

    const served = new Map((await api.overview.flavorHeadroom()).map((f) => [f.id, f]));
    const fit = (free: [number, number, number], f: { vcpus: number; memoryMb: number; diskGb: number }) =>
      Math.min(Math.floor(free[0] / f.vcpus), Math.floor(free[1] / f.memoryMb), f.diskGb > 0 ? Math.floor(free[2] / f.diskGb) : Infinity);
    const idle: [number, number, number] = [16 * 4, (65536 - 4096) * 1.5, 1000 - 100];
    const used: [number, number, number] = [idle[0] - 10, idle[1] - 8192, idle[2] - 100];

    // m1.small (1 vCPU, 2 GiB, 20 GB): the busy host, two idle ones and the GPU host (4 with room);
    // the bare host is eligible with no room; the one in maintenance is not counted at all.
    const small = served.get("m1.small")!;
    expect(small.instances).toBe(fit(used, small) + 3 * fit(idle, small));
    expect(small).toMatchObject({ hosts: 4, eligible: 5, limitedBy: "MEMORY_MB" });
    expect(small.binding).toEqual({ DISK_GB: 1, MEMORY_MB: 3, VCPU: 1 });
    // A flavor needing AVX-512: no host has it.
    expect(served.get("c5.large")).toMatchObject({ instances: 0, hosts: 0, eligible: 0, limitedBy: null });
    // Forbidding CUSTOM_GPU leaves the GPU host out; no disk asked, so disk never binds.
    const nogpu = served.get("t.nogpu")!;
    expect(nogpu.instances).toBe(fit(used, nogpu) + 2 * fit(idle, nogpu));
    expect(nogpu).toMatchObject({ hosts: 3, eligible: 4 });
    expect(nogpu.binding.DISK_GB).toBeUndefined();
  });
});
