import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "../../../drizzle/schema";
import { backends, FIXED_NOW, rows, useTestDatabase } from "../../../test/db/harness";
import { buildPlan, DEFAULT_SEED, seedDatabase } from ".";
import { createRng } from "./prng";

describe("buildPlan (pure)", () => {
  it("is the same for the same seed and clock, ids included", () => {
    expect(JSON.stringify(buildPlan(7, FIXED_NOW))).toBe(JSON.stringify(buildPlan(7, FIXED_NOW)));
  });
  it("differs for another seed", () => {
    const a = buildPlan(7, FIXED_NOW);
    const b = buildPlan(8, FIXED_NOW);
    expect(a.providers.map((p) => p.id)).not.toEqual(b.providers.map((p) => p.id));
  });
  it.each([1, 2, 3])("seed %i: never allocates past the capacity rule", (seed) => {
    const plan = buildPlan(seed, FIXED_NOW);
    const inv = new Map(plan.inventories.map((i) => [`${i.providerId}/${i.resourceClass}`, i]));
    const used = new Map<string, number>();
    for (const a of plan.allocations) {
      const key = `${a.providerId}/${a.resourceClass}`;
      const i = inv.get(key);
      expect(i, key).toBeDefined();
      if (!i) continue;
      expect(a.used).toBeGreaterThanOrEqual(i.minUnit ?? 1);
      expect(a.used).toBeLessThanOrEqual(i.maxUnit);
      used.set(key, (used.get(key) ?? 0) + a.used);
    }
    for (const [key, u] of used) {
      const i = inv.get(key);
      if (!i) continue;
      expect(u, key).toBeLessThanOrEqual((i.total - (i.reserved ?? 0)) * (i.allocationRatio ?? 1));
    }
  });
});

describe("createRng", () => {
  it("draws version-4 UUIDs and stays in range", () => {
    const rng = createRng(42);
    for (let i = 0; i < 200; i++) {
      expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
    }
  });
});

describe.each(backends())("demo seed on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "demo" });

  it("builds the data centre of the issue: region, 2 zones, 24 racks, ~480 hosts of 3 models, some in maintenance", async () => {
    const byKind = Object.fromEntries(
      (await t.db.select({ kind: s.resourceProviders.kind, n: count() }).from(s.resourceProviders).groupBy(s.resourceProviders.kind))
        .map((r) => [r.kind, r.n]),
    );
    expect(byKind).toMatchObject({ region: 1, zone: 2, rack: 24, host: 480 });
    expect(byKind.storage).toBeGreaterThanOrEqual(7);
    expect(byKind.network).toBeGreaterThanOrEqual(10);
    const models = await t.db.selectDistinct({ m: s.resourceProviders.hardwareModelId }).from(s.resourceProviders).where(eq(s.resourceProviders.kind, "host"));
    expect(models).toHaveLength(3);
    const [maintenance] = await t.db.select({ n: count() }).from(s.resourceProviders).where(eq(s.resourceProviders.state, "maintenance"));
    expect(maintenance?.n).toBeGreaterThan(0);
    // Every host sits in a rack in a zone.
    const homeless = await rows(t.db, sql`select p.name from resource_providers p join provider_locations l on l.provider_id = p.id
      where p.kind = 'host' and (l.zone is null or l.rack is null)`);
    expect(homeless).toEqual([]);
  });

  it("keeps every provider within the capacity rule for every class, and every allocation within its units", async () => {
    const over = await rows(t.db, sql`select a.provider_id, a.resource_class, a.used, i.total, i.reserved, i.allocation_ratio
      from (select provider_id, resource_class, sum(used) as used from allocations group by 1, 2) a
      left join inventories i using (provider_id, resource_class)
      where i.provider_id is null or a.used > (i.total - i.reserved) * i.allocation_ratio`);
    expect(over).toEqual([]);
    const badUnits = await rows(t.db, sql`select a.id from allocations a join inventories i using (provider_id, resource_class)
      where a.used < i.min_unit or a.used > i.max_unit or a.used % i.step_size <> 0`);
    expect(badUnits).toEqual([]);
  });

  it("holds a few thousand VMs across host, storage and network, some racks fuller than others", async () => {
    const [vms] = await t.db.select({ n: count() }).from(s.consumers).where(eq(s.consumers.kind, "instance"));
    expect(vms?.n).toBeGreaterThan(2000);
    expect(vms?.n).toBeLessThan(10000);
    const kinds = await rows<{ kind: string }>(t.db, sql`select distinct p.kind from allocations a join resource_providers p on p.id = a.provider_id`);
    expect(kinds.map((k) => k.kind).sort()).toEqual(["host", "network", "storage"]);
    const fills = await rows<{ fill: number }>(t.db, sql`select l.rack, (sum(a.used)::float8 / sum((i.total - i.reserved) * i.allocation_ratio)) as fill
      from inventories i join provider_locations l on l.provider_id = i.provider_id
      left join (select provider_id, sum(used) as used from allocations where resource_class = 'MEMORY_MB' group by 1) a on a.provider_id = i.provider_id
      where i.resource_class = 'MEMORY_MB' group by l.rack`);
    const values = fills.map((f) => Number(f.fill ?? 0));
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(0.4);
  });

  it("places every volume and port of a VM on a provider its host reaches (a shared aggregate)", async () => {
    const unreachable = await rows(t.db, sql`
      select a.consumer_id, a.provider_id from allocations a
      join resource_providers p on p.id = a.provider_id and p.kind <> 'host'
      join consumers c on c.id = a.consumer_id and c.kind = 'instance'
      join allocations ha on ha.consumer_id = a.consumer_id and ha.resource_class = 'VCPU'
      where not exists (
        select 1 from provider_aggregates x join provider_aggregates y on y.aggregate_id = x.aggregate_id
        where x.provider_id = a.provider_id and y.provider_id = ha.provider_id)`);
    expect(unreachable).toEqual([]);
    const netapp = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from allocations a
      join resource_providers p on p.id = a.provider_id and p.subtype = 'cinder-backend'`);
    expect(netapp[0]?.n).toBeGreaterThan(0);
  });

  it("gives each subnet the usable addresses of its CIDR", async () => {
    const subnets = await rows<{ cidr: string; total: number }>(t.db, sql`select p.attributes->>'cidr' as cidr, i.total
      from resource_providers p join inventories i on i.provider_id = p.id and i.resource_class in ('IPV4_ADDRESS', 'FLOATING_IP')`);
    expect(subnets.length).toBeGreaterThan(0);
    for (const sn of subnets) {
      const prefix = Number(sn.cidr.split("/")[1]);
      expect(Number(sn.total), sn.cidr).toBe(2 ** (32 - prefix) - 2);
    }
  });

  it("keeps server-group rules: anti-affinity members apart, affinity members together", async () => {
    const groups = await rows<{ policy: string; scope: string; domains: number; members: number }>(t.db, sql`
      select g.policy, g.scope, count(distinct case g.scope when 'host' then p.id::text when 'rack' then l.rack else l.zone end)::int as domains,
             count(distinct c.id)::int as members
      from server_groups g join consumers c on c.server_group_id = g.id
      join allocations a on a.consumer_id = c.id and a.resource_class = 'VCPU'
      join resource_providers p on p.id = a.provider_id join provider_locations l on l.provider_id = p.id
      group by g.id, g.policy, g.scope`);
    expect(groups.length).toBeGreaterThan(3);
    for (const g of groups) {
      if (g.policy === "anti-affinity") expect(g.domains).toBe(g.members);
      if (g.policy === "affinity") expect(g.domains).toBe(1);
    }
  });

  it("records placement requests in several states, each history ending in its state", async () => {
    const states = await t.db.selectDistinct({ state: s.placementRequests.state }).from(s.placementRequests);
    expect(states.length).toBeGreaterThanOrEqual(5);
    const broken = await rows(t.db, sql`select r.id from placement_requests r
      where r.state <> (select e.to_state from placement_request_events e where e.request_id = r.id order by e.at desc, e.id desc limit 1)
         or 1 <> (select count(*) from placement_request_events e where e.request_id = r.id and e.from_state is null)`);
    expect(broken).toEqual([]);
    const [audit] = await t.db.select({ n: count() }).from(s.auditLog).where(eq(s.auditLog.actor, "seed"));
    expect(audit?.n).toBeGreaterThan(480);
  });

  it("is deterministic (the database holds the plan of the seed) and idempotent; --reset reloads the same data", async () => {
    const plan = buildPlan(DEFAULT_SEED, FIXED_NOW);
    const ids = async () => (await t.db.select({ id: s.consumers.id }).from(s.consumers).orderBy(s.consumers.id)).map((r) => r.id);
    const before = await ids();
    expect(before).toEqual(plan.consumers.map((c) => c.id).sort());
    const [allocs] = await t.db.select({ n: count() }).from(s.allocations);
    expect(allocs?.n).toBe(plan.allocations.length);

    expect((await seedDatabase(t.db, { now: FIXED_NOW })).seeded).toBe(false);
    expect(await ids()).toEqual(before);

    const again = await seedDatabase(t.db, { now: FIXED_NOW, reset: true });
    expect(again.seeded).toBe(true);
    expect(await ids()).toEqual(before);
  });
});
