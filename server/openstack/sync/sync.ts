import { createHash } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { allocations, consumers, inventories, providerTraits, resourceClasses, resourceProviders, traits } from "../../../drizzle/schema";
import type { Db, DbOrTx, Tx } from "../../db/client";
import { recordAudit } from "../../inventory/audit";
import { bumpProviderGeneration, ensureResourceClasses, ensureTraits } from "../../inventory/guards";
import { fail, write, type Outcome } from "../../inventory/outcome";
import { createProviderIn } from "../../inventory/providers-write";
import { replaceAllocationsIn } from "../../inventory/allocations";
import { wakeWaitingRequests } from "../../requests/wake";
import { rackOf } from "./problem";
import type { CloudSnapshot } from "./read";

/**
 * The sync from a real OpenStack onto Headroom's tree, shown as drift before it is applied.
 *
 * The tree it wants: one region (the cloud's region name), a zone per Nova availability zone, a
 * rack per host aggregate with `headroom_rack` metadata (or per the operator's naming rule), a host
 * per hypervisor with Placement's inventories and traits, a storage provider per Cinder pool
 * (VOLUME_GB), a network provider per Neutron subnet (IPV4_ADDRESS). Providers it made carry
 * `attributes.source = "openstack"`; a provider of the same name made otherwise is adopted. Running
 * servers become consumers (Nova's server id, or the Headroom consumer the worker recorded in the
 * server's metadata) with Placement's allocations plus the attached volumes and the ports.
 * Applying recomputes the drift in one transaction, refuses when it is not the drift that was
 * shown (its fingerprint), writes through the inventory's own functions and leaves one audit entry.
 */
export type SyncOptions = { region?: string | null; rackRule?: RegExp | null };

type Inv = { total: number; reserved: number; minUnit: number; maxUnit: number; stepSize: number; allocationRatio: number };
type DesiredProvider = {
  name: string;
  kind: "region" | "zone" | "rack" | "host" | "storage" | "network";
  subtype: string | null;
  parent: string | null;
  state: "active" | "disabled";
  attributes: Record<string, string | number | boolean>;
  inventories: Record<string, Inv>;
  traits: string[];
};
type DesiredConsumer = { id: string; name: string; projectId: string; userId: string; allocations: { provider: string; resources: Record<string, number> }[] };

export type DriftItem = {
  action: "create" | "change" | "retire";
  entity: "provider" | "consumer";
  kind: string;
  name: string;
  /** For a change: one line per field ("inventory VCPU allocationRatio 4 -> 8"). */
  changes: string[];
};
export type Drift = { items: DriftItem[]; fingerprint: string; counts: Record<DriftItem["action"], number> };

export function desiredTree(cloud: CloudSnapshot, opts: SyncOptions = {}): { providers: DesiredProvider[]; consumers: DesiredConsumer[] } {
  const region = opts.region || "RegionOne";
  const src = { source: "openstack" };
  const out = new Map<string, DesiredProvider>();
  const add = (p: DesiredProvider) => {
    if (!out.has(p.name)) out.set(p.name, p);
  };
  add({ name: region, kind: "region", subtype: null, parent: null, state: "active", attributes: src, inventories: {}, traits: [] });
  for (const h of cloud.hosts) {
    const zone = h.zone ?? "nova";
    add({ name: zone, kind: "zone", subtype: "availability-zone", parent: region, state: "active", attributes: src, inventories: {}, traits: [] });
    const rack = rackOf(h, opts.rackRule);
    if (rack) add({ name: rack, kind: "rack", subtype: null, parent: zone, state: "active", attributes: src, inventories: {}, traits: [] });
    add({
      name: h.name,
      kind: "host",
      subtype: "hypervisor",
      parent: rack ?? zone,
      state: h.state === "up" && !h.disabled ? "active" : "disabled",
      attributes: { ...src, placement_uuid: h.uuid },
      inventories: Object.fromEntries(
        Object.entries(h.inventory).map(([rc, i]) => [rc, { total: i.total, reserved: i.reserved, minUnit: i.min_unit, maxUnit: i.max_unit, stepSize: i.step_size, allocationRatio: i.allocation_ratio }]),
      ),
      traits: h.traits,
    });
  }
  /** A shared provider under the region holding one countable class (a Cinder pool's gigabytes, a subnet's addresses). */
  const shared = (name: string, kind: "storage" | "network", subtype: string, attributes: Record<string, string>, resourceClass: string, total: number) =>
    add({
      name, kind, subtype, parent: region, state: "active", attributes: { ...src, ...attributes },
      inventories: { [resourceClass]: { total, reserved: 0, minUnit: 1, maxUnit: Math.max(total, 1), stepSize: 1, allocationRatio: 1 } },
      traits: [],
    });
  for (const p of cloud.pools) shared(p.name, "storage", "cinder-backend", { volume_backend_name: p.name, cinder_pool: p.backend }, "VOLUME_GB", p.totalGb);
  for (const n of cloud.networks) {
    for (const s of n.subnets) shared(s.name, "network", "subnet", { network: n.name, cidr: s.cidr }, "IPV4_ADDRESS", s.totalIps);
  }
  const subnetName = new Map(cloud.networks.flatMap((n) => n.subnets.map((s) => [s.id, s.name] as const)));
  const desiredConsumers: DesiredConsumer[] = [];
  for (const s of cloud.servers) {
    if (s.allocations.length === 0) continue;
    const allocs = s.allocations.filter((a) => out.has(a.provider)).map((a) => ({ provider: a.provider, resources: { ...a.resources } }));
    const add = (provider: string, rc: string, n: number) => {
      const a = allocs.find((x) => x.provider === provider) ?? (allocs.push({ provider, resources: {} }), allocs[allocs.length - 1]!);
      a.resources[rc] = (a.resources[rc] ?? 0) + n;
    };
    for (const v of cloud.volumes) if (v.serverIds.includes(s.id) && v.pool && out.has(v.pool)) add(v.pool, "VOLUME_GB", v.sizeGb);
    for (const p of cloud.ports) {
      const sn = p.subnetId ? subnetName.get(p.subnetId) : undefined;
      if (p.deviceId === s.id && sn) add(sn, "IPV4_ADDRESS", 1);
    }
    if (allocs.length > 0) desiredConsumers.push({ id: s.consumerId ?? s.id, name: s.name, projectId: s.projectId, userId: s.userId, allocations: allocs });
  }
  return { providers: [...out.values()], consumers: desiredConsumers };
}

type CurrentProvider = { id: string; name: string; kind: string; subtype: string | null; parentId: string | null; state: string; attributes: Record<string, string | number | boolean>; generation: number };

async function currentState(db: DbOrTx, names: string[]) {
  const p = resourceProviders;
  const rows: CurrentProvider[] = await db
    .select({ id: p.id, name: p.name, kind: p.kind, subtype: p.subtype, parentId: p.parentId, state: p.state, attributes: p.attributes, generation: p.generation })
    .from(p)
    .where(and(ne(p.state, "retired"), names.length > 0 ? sql`(${p.attributes}->>'source' = 'openstack' OR ${inArray(p.name, names)})` : sql`${p.attributes}->>'source' = 'openstack'`));
  const ids = rows.map((r) => r.id);
  const invRows = ids.length ? await db.select().from(inventories).where(inArray(inventories.providerId, ids)) : [];
  const traitRows = ids.length ? await db.select().from(providerTraits).where(inArray(providerTraits.providerId, ids)) : [];
  const owned = rows.filter((r) => r.attributes.source === "openstack").map((r) => r.id);
  const allocRows = owned.length
    ? await db
        .select({ consumerId: allocations.consumerId, providerId: allocations.providerId, resourceClass: allocations.resourceClass, used: allocations.used })
        .from(allocations)
        .where(inArray(allocations.providerId, owned))
    : [];
  const consumerIds = [...new Set(allocRows.map((a) => a.consumerId))];
  const consumerRows = consumerIds.length ? await db.select({ id: consumers.id, name: consumers.name, generation: consumers.generation }).from(consumers).where(inArray(consumers.id, consumerIds)) : [];
  return { rows, invRows, traitRows, allocRows, consumerRows };
}

const fmt = (v: unknown) => (v === null || v === undefined ? "none" : String(v));

async function computeDrift(db: DbOrTx, cloud: CloudSnapshot, opts: SyncOptions) {
  const want = desiredTree(cloud, opts);
  const cur = await currentState(db, want.providers.map((p) => p.name));
  const byName = new Map(cur.rows.map((r) => [r.name, r]));
  const nameById = new Map(cur.rows.map((r) => [r.id, r.name]));
  const items: DriftItem[] = [];
  for (const d of want.providers) {
    const c = byName.get(d.name);
    if (!c) {
      items.push({ action: "create", entity: "provider", kind: d.kind, name: d.name, changes: [] });
      continue;
    }
    const changes: string[] = [];
    if (c.kind !== d.kind) changes.push(`kind ${c.kind} -> ${d.kind} (cannot change: retire it by hand)`);
    const parent = c.parentId ? (nameById.get(c.parentId) ?? c.parentId) : null;
    if (parent !== d.parent) changes.push(`parent ${fmt(parent)} -> ${fmt(d.parent)}`);
    if (c.state !== d.state) changes.push(`state ${c.state} -> ${d.state}`);
    if ((c.subtype ?? null) !== d.subtype) changes.push(`subtype ${fmt(c.subtype)} -> ${fmt(d.subtype)}`);
    for (const [k, v] of Object.entries(d.attributes)) if (c.attributes[k] !== v) changes.push(`attribute ${k} ${fmt(c.attributes[k])} -> ${fmt(v)}`);
    const inv = new Map(cur.invRows.filter((i) => i.providerId === c.id).map((i) => [i.resourceClass, i]));
    for (const [rc, i] of Object.entries(d.inventories)) {
      const have = inv.get(rc);
      if (!have) {
        changes.push(`inventory ${rc} added (total ${i.total})`);
        continue;
      }
      for (const f of ["total", "reserved", "minUnit", "maxUnit", "stepSize", "allocationRatio"] as const) {
        if (have[f] !== i[f]) changes.push(`inventory ${rc} ${f} ${have[f]} -> ${i[f]}`);
      }
    }
    for (const rc of inv.keys()) if (!(rc in d.inventories)) changes.push(`inventory ${rc} removed`);
    const traits = cur.traitRows.filter((t) => t.providerId === c.id).map((t) => t.trait).sort();
    const wantTraits = [...d.traits].sort();
    if (traits.join(",") !== wantTraits.join(",")) {
      const added = wantTraits.filter((t) => !traits.includes(t));
      const removed = traits.filter((t) => !wantTraits.includes(t));
      changes.push(`traits${added.length ? ` +${added.join(" +")}` : ""}${removed.length ? ` -${removed.join(" -")}` : ""}`);
    }
    if (changes.length) items.push({ action: "change", entity: "provider", kind: d.kind, name: d.name, changes });
  }
  const wanted = new Set(want.providers.map((p) => p.name));
  for (const c of cur.rows) {
    if (c.attributes.source === "openstack" && !wanted.has(c.name)) items.push({ action: "retire", entity: "provider", kind: c.kind, name: c.name, changes: [] });
  }
  const allocKey = (list: { provider: string; resources: Record<string, number> }[]) =>
    list.flatMap((a) => Object.entries(a.resources).map(([rc, n]) => `${a.provider}/${rc}=${n}`)).sort().join(" ");
  const existingIds = new Set(
    want.consumers.length ? (await db.select({ id: consumers.id }).from(consumers).where(inArray(consumers.id, want.consumers.map((c) => c.id)))).map((r) => r.id) : [],
  );
  const curAlloc = new Map<string, { provider: string; resources: Record<string, number> }[]>();
  for (const a of cur.allocRows) {
    const list = curAlloc.get(a.consumerId) ?? [];
    const prov = nameById.get(a.providerId) ?? a.providerId;
    const e = list.find((x) => x.provider === prov) ?? (list.push({ provider: prov, resources: {} }), list[list.length - 1]!);
    e.resources[a.resourceClass] = a.used;
    curAlloc.set(a.consumerId, list);
  }
  for (const d of want.consumers) {
    if (!existingIds.has(d.id)) {
      items.push({ action: "create", entity: "consumer", kind: "instance", name: `${d.name} (${d.id})`, changes: [allocKey(d.allocations)] });
      continue;
    }
    const have = allocKey(curAlloc.get(d.id) ?? []);
    const now = allocKey(d.allocations);
    if (have !== now) items.push({ action: "change", entity: "consumer", kind: "instance", name: `${d.name} (${d.id})`, changes: [`allocations ${have || "none"} -> ${now}`] });
  }
  const wantedConsumers = new Set(want.consumers.map((c) => c.id));
  for (const c of cur.consumerRows) {
    if (!wantedConsumers.has(c.id)) items.push({ action: "retire", entity: "consumer", kind: "instance", name: `${c.name} (${c.id})`, changes: [] });
  }
  const fingerprint = createHash("sha256").update(JSON.stringify(items)).digest("hex").slice(0, 16);
  const counts = { create: 0, change: 0, retire: 0 };
  for (const i of items) counts[i.action]++;
  return { drift: { items, fingerprint, counts } as Drift, want, cur };
}

/** The drift between the cloud and Headroom, read-only. */
export async function planSync(db: Db, cloud: CloudSnapshot, opts: SyncOptions = {}): Promise<Drift> {
  return (await computeDrift(db, cloud, opts)).drift;
}

/**
 * Applies the drift in one transaction. `expectFingerprint`: the drift the person saw; if the
 * database or the cloud moved since, nothing is written (CONFLICT) and the new drift is to be shown.
 */
export function applySync(db: Db, cloud: CloudSnapshot, actor: string, opts: SyncOptions & { expectFingerprint?: string } = {}): Promise<Outcome<Drift>> {
  return write(db, async (tx) => {
    const { drift, want } = await computeDrift(tx, cloud, opts);
    if (opts.expectFingerprint && opts.expectFingerprint !== drift.fingerprint) {
      fail("CONFLICT", "the drift changed since it was shown (the cloud or the inventory moved); review it again", "fingerprint");
    }
    // The cloud's resource classes and traits are Placement's: known to the cloud, so known here.
    const classes = [...new Set(want.providers.flatMap((p) => Object.keys(p.inventories)))];
    const traitNames = [...new Set(want.providers.flatMap((p) => p.traits))];
    const unit = (rc: string) => ({ VCPU: "vCPU", PCPU: "CPU", MEMORY_MB: "MiB", DISK_GB: "GiB", VOLUME_GB: "GiB", IPV4_ADDRESS: "address" })[rc] ?? "unit";
    if (classes.length) await tx.insert(resourceClasses).values(classes.map((name) => ({ name, standard: !name.startsWith("CUSTOM_"), unit: unit(name), description: "from OpenStack Placement" }))).onConflictDoNothing();
    if (traitNames.length) await tx.insert(traits).values(traitNames.map((name) => ({ name, standard: !name.startsWith("CUSTOM_"), description: "from OpenStack Placement" }))).onConflictDoNothing();
    const idOf = async (name: string) => (await tx.select({ id: resourceProviders.id }).from(resourceProviders).where(and(eq(resourceProviders.name, name), ne(resourceProviders.state, "retired"))))[0]?.id ?? null;
    const wantByName = new Map(want.providers.map((p) => [p.name, p]));
    // parents before children: the desired list is already in that order
    for (const d of want.providers) {
      const item = drift.items.find((i) => i.entity === "provider" && i.name === d.name);
      if (!item) continue;
      if (item.action === "create") {
        await createProviderIn(tx, {
          name: d.name, kind: d.kind, subtype: d.subtype, parentId: d.parent ? await idOf(d.parent) : null, state: d.state,
          hardwareModelId: null, attributes: d.attributes, inventories: d.inventories, traits: d.traits, aggregateIds: [],
        } as Parameters<typeof createProviderIn>[1], actor);
      } else if (item.action === "change") {
        await changeProvider(tx, d, actor, idOf);
      }
    }
    for (const d of want.consumers) {
      const item = drift.items.find((i) => i.entity === "consumer" && i.name === `${d.name} (${d.id})`);
      if (!item) continue;
      const [row] = await tx.select({ generation: consumers.generation }).from(consumers).where(eq(consumers.id, d.id));
      const resolved = [];
      for (const a of d.allocations) {
        const pid = await idOf(a.provider);
        if (pid) resolved.push({ providerId: pid, resources: a.resources });
      }
      await replaceAllocationsIn(tx, { consumerId: d.id, consumerGeneration: row ? row.generation : null, consumer: { name: d.name, projectId: d.projectId, userId: d.userId, kind: "instance" }, allocations: resolved }, actor);
    }
    for (const item of drift.items.filter((i) => i.action === "retire")) {
      if (item.entity === "consumer") {
        const id = /\(([^()]+)\)$/.exec(item.name)![1]!;
        const [row] = await tx.select({ generation: consumers.generation }).from(consumers).where(eq(consumers.id, id));
        if (!row) continue;
        await replaceAllocationsIn(tx, { consumerId: id, consumerGeneration: row.generation, allocations: [] }, actor);
        await tx.delete(consumers).where(eq(consumers.id, id));
      }
    }
    for (const item of drift.items.filter((i) => i.action === "retire" && i.entity === "provider")) {
      const [row] = await tx.select({ id: resourceProviders.id, generation: resourceProviders.generation }).from(resourceProviders).where(eq(resourceProviders.name, item.name));
      if (!row) continue;
      await bumpProviderGeneration(tx, row.id, row.generation);
      await tx.update(resourceProviders).set({ state: "retired", retiredAt: sql`now()` }).where(eq(resourceProviders.id, row.id));
      await recordAudit(tx, { actor, action: "provider.retire", entityType: "provider", entityId: row.id, before: { name: item.name }, after: { state: "retired", by: "sync openstack" } });
    }
    void wantByName;
    // Providers changed or consumers gone may have made room: the requests waiting for capacity are tried at once.
    if (drift.items.some((i) => i.action !== "create")) await wakeWaitingRequests(tx);
    await recordAudit(tx, { actor, action: "sync.openstack.apply", entityType: "sync", entityId: drift.fingerprint, before: null, after: drift });
    return drift;
  });
}

async function changeProvider(tx: Tx, d: DesiredProvider, actor: string, idOf: (name: string) => Promise<string | null>) {
  const [row] = await tx.select().from(resourceProviders).where(and(eq(resourceProviders.name, d.name), ne(resourceProviders.state, "retired")));
  if (!row) return;
  if (row.kind !== d.kind) fail("BAD_REQUEST", `provider ${d.name} is a ${row.kind} in Headroom and a ${d.kind} in the cloud; retire or rename it first`, d.name);
  await bumpProviderGeneration(tx, row.id, row.generation);
  const beforeInv = await tx.select().from(inventories).where(eq(inventories.providerId, row.id));
  const beforeTraits = (await tx.select().from(providerTraits).where(eq(providerTraits.providerId, row.id))).map((t) => t.trait);
  await tx
    .update(resourceProviders)
    .set({ parentId: d.parent ? await idOf(d.parent) : null, state: d.state, subtype: d.subtype, attributes: { ...row.attributes, ...d.attributes } })
    .where(eq(resourceProviders.id, row.id));
  const classes = Object.keys(d.inventories);
  await ensureResourceClasses(tx, classes, (i) => `${d.name}.inventories.${classes[i]}`);
  await tx.delete(inventories).where(eq(inventories.providerId, row.id));
  if (classes.length) await tx.insert(inventories).values(Object.entries(d.inventories).map(([resourceClass, i]) => ({ providerId: row.id, resourceClass, ...i })));
  await ensureTraits(tx, d.traits, (i) => `${d.name}.traits[${i}]`);
  await tx.delete(providerTraits).where(eq(providerTraits.providerId, row.id));
  if (d.traits.length) await tx.insert(providerTraits).values([...new Set(d.traits)].map((trait) => ({ providerId: row.id, trait })));
  await recordAudit(tx, {
    actor, action: "provider.update", entityType: "provider", entityId: row.id,
    before: { parentId: row.parentId, state: row.state, subtype: row.subtype, attributes: row.attributes, inventories: beforeInv, traits: beforeTraits },
    after: { parent: d.parent, state: d.state, subtype: d.subtype, attributes: d.attributes, inventories: d.inventories, traits: d.traits, by: "sync openstack" },
  });
}
