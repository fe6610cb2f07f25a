/**
 * `headroom db export` on the demo data centre: the exported problem and scenario pass the
 * scheduler's and the simulator's own parsers, their providers, capacity and use equal what the
 * database holds (summed here by SQL of the test's own), and the engine places a small flavor on
 * the exported problem without breaking a rule. Then what is left out: maintenance, disabled and
 * retired providers, and a zone's neighbours.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { PlacementProblem } from "../../scheduler/contract";
import { parsePlacementProblem } from "../../scheduler/contract";
import { place, verifyPlacement } from "../../scheduler/index";
import { exportProblem, exportScenario, readInventory, serverGroupId, type ExportOptions } from "../../server/inventory/export";
import { parseScenario } from "../../simulator/scenario/validate";
import { backends, rows, useTestDatabase, type Fixture } from "./harness";

type ClassSum = { resource_class: string; total: number; reserved: number; capacity: number; n: number };

/** The SQL condition on `p` (resource_providers) and `l` (provider_locations) for what an export with these options keeps. */
function kept(options: ExportOptions) {
  const states = ["'active'", ...(options.includeUnschedulable ? ["'maintenance'", "'disabled'"] : []), ...(options.includeRetired ? ["'retired'"] : [])];
  const zone = options.zone === undefined ? sql`true` : sql`(l.zone = ${options.zone} or (l.zone is null and p.kind <> 'host'))`;
  return sql`p.kind in ('host', 'storage', 'network') and p.state in (${sql.raw(states.join(", "))}) and ${zone}`;
}

async function dbFigures(t: Fixture, options: ExportOptions) {
  const where = kept(options);
  const kinds = await rows<{ kind: string; n: number }>(t.db, sql`select p.kind::text as kind, count(*)::int as n
    from resource_providers p join provider_locations l on l.provider_id = p.id where ${where} group by p.kind`);
  const classes = await rows<ClassSum>(t.db, sql`select i.resource_class, sum(i.total)::float8 as total, sum(i.reserved)::float8 as reserved,
      sum(greatest(0, floor((i.total - i.reserved) * i.allocation_ratio + 1e-9)))::float8 as capacity, count(*)::int as n
    from inventories i join resource_providers p on p.id = i.provider_id join provider_locations l on l.provider_id = p.id
    where ${where} group by i.resource_class`);
  const used = await rows<{ resource_class: string; used: number }>(t.db, sql`select a.resource_class, sum(a.used)::float8 as used
    from allocations a join resource_providers p on p.id = a.provider_id join provider_locations l on l.provider_id = p.id
    where ${where} group by a.resource_class`);
  return {
    kinds: Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)])),
    classes: Object.fromEntries(classes.map((c) => [c.resource_class, { total: Number(c.total), reserved: Number(c.reserved), capacity: Number(c.capacity), n: Number(c.n) }])),
    used: Object.fromEntries(used.map((u) => [u.resource_class, Number(u.used)])),
  };
}

/** The same figures from the exported document. */
function docFigures(problem: Pick<PlacementProblem, "providers">) {
  const kinds: Record<string, number> = {};
  const classes: Record<string, { total: number; reserved: number; capacity: number; n: number }> = {};
  const used: Record<string, number> = {};
  for (const p of problem.providers) {
    kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
    for (const [rc, inv] of Object.entries(p.inventory)) {
      const c = (classes[rc] ??= { total: 0, reserved: 0, capacity: 0, n: 0 });
      c.total += inv.total;
      c.reserved += inv.reserved ?? 0;
      c.capacity += Math.max(0, Math.floor((inv.total - (inv.reserved ?? 0)) * (inv.allocationRatio ?? 1) + 1e-9));
      c.n += 1;
    }
    for (const [rc, amount] of Object.entries(p.used ?? {})) used[rc] = (used[rc] ?? 0) + amount;
  }
  return { kinds, classes, used };
}

async function namesWhere(t: Fixture, condition: ReturnType<typeof sql>): Promise<string[]> {
  return (await rows<{ name: string }>(t.db, sql`select p.name from resource_providers p join provider_locations l on l.provider_id = p.id where ${condition}`))
    .map((r) => r.name);
}

describe.each(backends())("db export on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "demo" });

  it("exports a placement problem that the scheduler's parser accepts, with the database's providers, capacity and use", async () => {
    const out = exportProblem(await readInventory(t.db));
    const parsed = parsePlacementProblem(out.document);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(out.document.requests).toEqual([]);
    const db = await dbFigures(t, {});
    const doc = docFigures(out.document);
    expect(doc.kinds).toEqual(db.kinds);
    expect(out.counts).toEqual({ host: db.kinds.host, storage: db.kinds.storage, network: db.kinds.network });
    expect(doc.classes).toEqual(db.classes);
    expect(doc.used).toEqual(db.used);
    expect(Object.keys(doc.used).length).toBeGreaterThan(3); // the demo's instances, volumes and ports are there
    // Ids are the names, unique.
    expect(new Set(out.document.providers.map((p) => p.id)).size).toBe(out.document.providers.length);
  });

  it("gives each host its zone and rack from the tree, and its traits and reachability aggregates", async () => {
    const out = exportProblem(await readInventory(t.db));
    const tree = await rows<{ name: string; zone: string | null; rack: string | null; traits: string[] | null; aggs: string[] | null }>(t.db, sql`
      select p.name, l.zone, l.rack,
        (select array_agg(pt.trait order by pt.trait) from provider_traits pt where pt.provider_id = p.id) as traits,
        (select array_agg(a.name order by a.name) from provider_aggregates pa join aggregates a on a.id = pa.aggregate_id
          where pa.provider_id = p.id and a.kind = 'reachability') as aggs
      from resource_providers p join provider_locations l on l.provider_id = p.id where p.kind = 'host' and p.state = 'active'`);
    const byId = new Map(out.document.providers.map((p) => [p.id, p]));
    for (const h of tree) {
      const p = byId.get(h.name);
      expect(p, h.name).toBeDefined();
      expect([p?.kind, p?.zone, p?.rack]).toEqual(["host", h.zone ?? undefined, h.rack ?? undefined]);
      expect(p?.traits ?? []).toEqual([...(h.traits ?? [])].sort());
      expect(p?.aggregates ?? []).toEqual([...(h.aggs ?? [])].sort());
    }
    // No tree node is a provider of the document.
    const nodes = new Set(await namesWhere(t, sql`p.kind in ('region', 'zone', 'rack')`));
    expect(out.document.providers.filter((p) => nodes.has(p.id))).toEqual([]);
  });

  it("exports the server groups with their policy and scope", async () => {
    const out = exportProblem(await readInventory(t.db));
    const groups = await rows<{ name: string; project_id: string; policy: string; scope: string }>(t.db,
      sql`select name, project_id, policy::text as policy, scope::text as scope from server_groups`);
    expect(groups.length).toBeGreaterThan(0);
    const expected = groups.map((g) => ({ id: serverGroupId({ projectId: g.project_id, name: g.name }), policy: g.policy, scope: g.scope }));
    expect([...(out.document.serverGroups ?? [])].sort((a, b) => a.id.localeCompare(b.id))).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
  });

  it("lets the engine place a small flavor with a volume and a port on the exported problem without breaking a rule", async () => {
    const out = exportProblem(await readInventory(t.db));
    const [flavor] = await rows<{ id: string; vcpus: number; memory_mb: number; disk_gb: number; required_traits: string[] }>(t.db,
      sql`select id, vcpus, memory_mb, disk_gb, required_traits from flavors where required_traits = '[]'::jsonb order by vcpus, memory_mb, id limit 1`);
    expect(flavor).toBeDefined();
    const problem: PlacementProblem = {
      ...out.document,
      requests: [
        {
          id: "small", count: 4, serverGroup: out.document.serverGroups?.find((g) => g.policy === "anti-affinity")?.id,
          compute: { resources: { VCPU: flavor!.vcpus, MEMORY_MB: flavor!.memory_mb, ...(flavor!.disk_gb > 0 ? { DISK_GB: flavor!.disk_gb } : {}) } },
          storage: [{ resources: { VOLUME_GB: 50 } }],
          network: [{ resources: { IPV4_ADDRESS: 1 } }],
        },
      ],
    };
    const parsed = parsePlacementProblem(problem);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    const result = await place(problem, { timeLimitMs: 2000 });
    expect(result.unplaced).toEqual([]);
    expect(result.placements).toHaveLength(4);
    expect(verifyPlacement(problem, result)).toEqual([]);
    // Nothing lands on a provider the database says takes no new work (they are not in the document at all).
    const closed = new Set(await namesWhere(t, sql`p.state <> 'active'`));
    expect(closed.size).toBeGreaterThan(0);
    for (const pl of result.placements) for (const a of pl.allocations) expect(closed.has(a.provider), a.provider).toBe(false);
  });

  it("exports a scenario skeleton that the simulator's parser accepts as is", async () => {
    const now = new Date("2026-11-11T09:30:00Z");
    const out = exportScenario(await readInventory(t.db), now);
    const parsed = parseScenario(out.document, {});
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(out.document).toMatchObject({ name: "inventory-2026-11-11", durationSeconds: 86400 });
    expect(Object.keys(out.document).sort()).toEqual(["durationSeconds", "name", "providers", "serverGroups"]);
    expect(out.document.providers).toEqual(exportProblem(await readInventory(t.db)).document.providers);
  });

  it("leaves out maintenance and disabled providers with a note, and exports them when asked", async () => {
    const snapshot = await readInventory(t.db);
    const closed = await namesWhere(t, sql`p.kind in ('host', 'storage', 'network') and p.state in ('maintenance', 'disabled')`);
    expect(closed.length).toBeGreaterThan(0);
    const plain = exportProblem(snapshot);
    const ids = new Set(plain.document.providers.map((p) => p.id));
    expect(closed.filter((n) => ids.has(n))).toEqual([]);
    expect(plain.notes.join("\n")).toContain(`left out ${closed.length} provider(s) that take no new work`);

    const all = exportProblem(snapshot, { includeUnschedulable: true });
    const allIds = new Set(all.document.providers.map((p) => p.id));
    expect(closed.filter((n) => !allIds.has(n))).toEqual([]);
    const db = await dbFigures(t, { includeUnschedulable: true });
    expect(docFigures(all.document)).toEqual(db);
    const parsed = parsePlacementProblem(all.document);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
  });

  it("narrows to a zone: its providers and the zone-less shared ones, with the database's figures", async () => {
    const snapshot = await readInventory(t.db);
    expect(snapshot.zones.length).toBeGreaterThan(1);
    const zone = snapshot.zones[1]!;
    const out = exportProblem(await readInventory(t.db, { zone }), { zone });
    expect(docFigures(out.document)).toEqual(await dbFigures(t, { zone }));
    expect(out.document.providers.filter((p) => p.kind === "host" && p.zone !== zone)).toEqual([]);
    expect(out.document.providers.some((p) => p.zone === undefined)).toBe(true); // region-wide storage or networks came along
    const parsed = parsePlacementProblem(out.document);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
  });

  // Last: it retires a provider of the shared database.
  it("leaves retired providers out unless asked for", async () => {
    const [victim] = await rows<{ id: string; name: string }>(t.db,
      sql`select id, name from resource_providers where kind = 'host' and state = 'active' order by name limit 1`);
    await t.db.execute(sql`update resource_providers set state = 'retired', retired_at = now() where id = ${victim!.id}`);
    const snapshot = await readInventory(t.db);
    const plain = exportProblem(snapshot);
    expect(plain.document.providers.map((p) => p.id)).not.toContain(victim!.name);
    expect(plain.notes.join("\n")).toContain("left out 1 retired provider(s)");
    expect(docFigures(plain.document)).toEqual(await dbFigures(t, {}));
    const withRetired = exportProblem(snapshot, { includeRetired: true });
    expect(withRetired.document.providers.map((p) => p.id)).toContain(victim!.name);
    expect(docFigures(withRetired.document)).toEqual(await dbFigures(t, { includeRetired: true }));
  });
});
