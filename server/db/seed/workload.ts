import { flavorMix, flavorRows, type FlavorRow } from "./catalog";
import type { HostInfo, Topology } from "./datacenter";
import type { Ledger, Plan } from "./plan";
import type { Rng } from "./prng";

/** A running VM of the demo fleet, for the placement-request history. */
export type Instance = {
  consumerId: string; name: string; projectId: string; flavor: FlavorRow; host: HostInfo;
  volume: { providerId: string; resources: Record<string, number> } | null; createdAt: Date;
};

export const PROJECTS = [
  "checkout", "search", "catalog", "recommendation", "payments", "cart", "inventory-svc", "logistics",
  "ads", "user-profile", "bigdata-etl", "ci-runners", "monitoring", "cdn-origin",
];
const DAY = 86_400_000;
const flavorById = new Map(flavorRows.map((f) => [f.id, f]));

function hostResources(f: FlavorRow): Record<string, number> {
  return { VCPU: f.vcpus, MEMORY_MB: f.memoryMb, DISK_GB: f.diskGb };
}

function compatible(f: FlavorRow, host: HostInfo): boolean {
  return f.requiredTraits.every((t) => host.traits.has(t));
}

/**
 * Generates the running fleet: server groups first (their rules respected), then every rack filled
 * toward its own target so some racks run hot and others nearly empty, hosts picked at random inside
 * a rack (a fragmented cluster, as real ones are). Every allocation passes the capacity rule.
 */
export function buildWorkload(rng: Rng, plan: Plan, ledger: Ledger, topo: Topology, now: Date): Instance[] {
  const instances: Instance[] = [];
  const allHosts = topo.zones.flatMap((z) => z.racks.flatMap((r) => r.hosts));
  let seq = 0;

  const place = (flavor: FlavorRow, host: HostInfo, projectId: string, serverGroupId: string | null): Instance | null => {
    const compute = hostResources(flavor);
    if (!compatible(flavor, host) || !ledger.fits(host.id, compute)) return null;
    const zone = topo.zones.find((z) => z.name === host.zone);
    if (!zone) throw new Error(`no zone ${host.zone}`);
    // The port: one address on a subnet (the first subnets fill first, as IPAM does), maybe bandwidth, maybe a floating IP.
    const subnet = [rng.weighted(zone.subnets.map((s, i) => [s, 2 ** (zone.subnets.length - i)] as const)), ...zone.subnets]
      .find((s) => ledger.fits(s, { IPV4_ADDRESS: 1 }));
    if (subnet === undefined) return null;
    const consumerId = rng.uuid();
    const createdAt = new Date(now.getTime() - rng.int(1, 420) * DAY - rng.int(0, DAY - 1));
    const allocs: [string, Record<string, number>][] = [[host.id, compute], [subnet, { IPV4_ADDRESS: 1 }]];
    if (rng.chance(0.15)) {
      const bw = { NET_BW_MBPS: rng.pick([100, 200, 500, 1000]) };
      if (ledger.fits(zone.network, bw)) allocs.push([zone.network, bw]);
    }
    if (rng.chance(0.06)) {
      const pool = topo.floatingPools.find((p) => ledger.fits(p, { FLOATING_IP: 1 }));
      if (pool) allocs.push([pool, { FLOATING_IP: 1 }]);
    }
    let volume: Instance["volume"] = null;
    if (rng.chance(0.55)) {
      const backends: [[string, number], number][] = [[[zone.cephSsd, 500], 6], [[zone.cephHdd, 100], 3], [[zone.cinder, 1000], host.reachesNetapp ? 1 : 0]];
      const [providerId, iops] = rng.weighted(backends);
      const resources = { VOLUME_GB: rng.pick([50, 100, 100, 200, 500, 1000]), IOPS: iops };
      if (ledger.fits(providerId, resources)) {
        allocs.push([providerId, resources]);
        volume = { providerId, resources };
      }
    }
    seq += 1;
    const name = `${projectId}-${flavor.id.split(".")[0]}-${String(seq).padStart(5, "0")}`;
    plan.consumers.push({
      id: consumerId, name, kind: "instance", projectId, userId: `svc-${projectId}`, flavorId: flavor.id,
      serverGroupId, generation: 1, createdAt, updatedAt: createdAt,
    });
    for (const [providerId, resources] of allocs) {
      ledger.take(providerId, resources);
      for (const [resourceClass, used] of Object.entries(resources)) {
        plan.allocations.push({ consumerId, providerId, resourceClass, used, createdAt });
      }
    }
    const instance = { consumerId, name, projectId, flavor, host, volume, createdAt };
    instances.push(instance);
    return instance;
  };

  // Server groups, placed first so that their rules hold.
  const groups: { name: string; projectId: string; policy: "affinity" | "anti-affinity" | "soft-anti-affinity"; scope: "host" | "rack" | "zone"; flavor: string; members: number }[] = [
    { name: "checkout-web", projectId: "checkout", policy: "anti-affinity", scope: "host", flavor: "m1.large", members: 16 },
    { name: "payments-db", projectId: "payments", policy: "anti-affinity", scope: "rack", flavor: "r5.2xlarge", members: 3 },
    { name: "payments-db-dr", projectId: "payments", policy: "anti-affinity", scope: "zone", flavor: "r5.2xlarge", members: 2 },
    { name: "search-index", projectId: "search", policy: "soft-anti-affinity", scope: "host", flavor: "r5.xlarge", members: 12 },
    { name: "cart-cache", projectId: "cart", policy: "affinity", scope: "host", flavor: "r5.large", members: 4 },
    { name: "recommendation-gpu-free", projectId: "recommendation", policy: "anti-affinity", scope: "host", flavor: "c5.4xlarge", members: 8 },
    { name: "catalog-api", projectId: "catalog", policy: "anti-affinity", scope: "rack", flavor: "m1.xlarge", members: 6 },
    { name: "etl-workers", projectId: "bigdata-etl", policy: "affinity", scope: "rack", flavor: "c5.2xlarge", members: 5 },
  ];
  for (const g of groups) {
    const id = rng.uuid();
    plan.serverGroups.push({ id, name: g.name, projectId: g.projectId, policy: g.policy, scope: g.scope, createdAt: new Date(now.getTime() - rng.int(30, 400) * DAY) });
    const flavor = flavorById.get(g.flavor);
    if (!flavor) throw new Error(`no flavor ${g.flavor}`);
    const domain = (h: HostInfo) => (g.scope === "host" ? h.id : g.scope === "rack" ? h.rack : h.zone);
    const taken = new Set<string>();
    let anchor: HostInfo | null = null;
    for (let m = 0; m < g.members; m++) {
      const candidates = rng.shuffle(allHosts.filter((h) => {
        if (g.policy === "affinity") return anchor === null || domain(h) === domain(anchor);
        return !taken.has(domain(h));
      }));
      const placed = candidates.some((h) => {
        if (place(flavor, h, g.projectId, id) === null) return false;
        taken.add(domain(h));
        anchor ??= h;
        return true;
      });
      if (!placed) break;
    }
  }

  // The general fleet: every rack toward its own fill target, racks taken in random turns.
  const racks = topo.zones.flatMap((zone) => zone.racks).map((rack) => ({
    rack,
    target: rng.weighted([[rng.int(65, 88) / 100, 2], [rng.int(30, 50) / 100, 4], [rng.int(8, 25) / 100, 5], [rng.int(0, 4) / 100, 1]] as const),
    // Some hosts in a rack are favoured, so even a cool rack has a few busy hosts.
    weights: rack.hosts.map((h) => [h, rng.chance(0.3) ? 4 : 1] as const),
    misses: 0,
  }));
  const rackFill = (rack: Topology["zones"][number]["racks"][number]) => {
    const used = rack.hosts.reduce((s, h) => s + ledger.usedOf(h.id, "MEMORY_MB"), 0);
    const cap = rack.hosts.reduce((s, h) => s + ledger.capacity(h.id, "MEMORY_MB"), 0);
    return cap === 0 ? 1 : used / cap;
  };
  let open = racks.filter((r) => rackFill(r.rack) < r.target);
  while (open.length > 0) {
    const r = rng.pick(open);
    const flavor = flavorById.get(rng.weighted(flavorMix));
    if (!flavor) throw new Error("flavor mix names an unknown flavor");
    if (place(flavor, rng.weighted(r.weights), rng.pick(PROJECTS), null) === null) r.misses += 1;
    else r.misses = 0;
    if (r.misses >= 40 || rackFill(r.rack) >= r.target) open = open.filter((x) => x !== r);
  }

  // Standalone volumes (backups, shared data) and Swift containers of each project.
  for (let v = 0; v < 240; v++) {
    const zone = rng.pick(topo.zones);
    const [providerId, iops] = rng.weighted([[[zone.cephHdd, 100], 3], [[zone.cinder, 1000], 1]] as const);
    const resources = { VOLUME_GB: rng.pick([500, 1000, 2000, 4000]), IOPS: iops };
    if (!ledger.fits(providerId, resources)) continue;
    addStandalone(rng, plan, ledger, now, "volume", `vol-backup-${String(v + 1).padStart(4, "0")}`, providerId, resources);
  }
  for (const projectId of PROJECTS) {
    const resources = { OBJECT_GB: rng.int(2, 600) * 100 };
    if (ledger.fits(topo.swift, resources)) addStandalone(rng, plan, ledger, now, "workload", `swift-${projectId}`, topo.swift, resources, projectId);
  }
  return instances;
}

function addStandalone(
  rng: Rng, plan: Plan, ledger: Ledger, now: Date, kind: "volume" | "workload", name: string,
  providerId: string, resources: Record<string, number>, project?: string,
) {
  const projectId = project ?? rng.pick(PROJECTS);
  const consumerId = rng.uuid();
  const createdAt = new Date(now.getTime() - rng.int(1, 600) * DAY);
  plan.consumers.push({ id: consumerId, name, kind, projectId, userId: `svc-${projectId}`, generation: 1, createdAt, updatedAt: createdAt });
  ledger.take(providerId, resources);
  for (const [resourceClass, used] of Object.entries(resources)) plan.allocations.push({ consumerId, providerId, resourceClass, used, createdAt });
}
