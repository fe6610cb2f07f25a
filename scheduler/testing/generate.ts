// A seeded generator of realistic batches (for tests at scale and for measuring): host models of
// different sizes over zones and racks, a fragmented cluster with existing use, Ceph pools and
// networks per aggregate, a dozen flavors, volumes and ports, server groups and priorities.
import type { PlacementProblem, PlacementRequest, Provider, ServerGroup } from "../contract";
import { seededRandom } from "../random";

export const FLAVORS = [
  [1, 1024, 10], [1, 2048, 20], [2, 4096, 40], [2, 8192, 40], [4, 8192, 80], [4, 16384, 80],
  [8, 16384, 160], [8, 32768, 160], [16, 32768, 320], [16, 65536, 320], [32, 131072, 640], [4, 4096, 40],
] as const;

const MODELS = [
  { vcpu: 48, mem: 262144, disk: 3840 },
  { vcpu: 64, mem: 393216, disk: 7680 },
  { vcpu: 96, mem: 524288, disk: 7680 },
];

export function generateProblem(opts: { hosts: number; requests: number; seed?: number; usedFraction?: number; objective?: "pack" | "spread" | "balance" }): PlacementProblem {
  const rng = seededRandom(opts.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const zones = ["az1", "az2", "az3"];
  const aggs = ["pod-a", "pod-b", "pod-c", "pod-d"];
  const providers: Provider[] = [];
  for (let i = 0; i < opts.hosts; i++) {
    const m = MODELS[i % MODELS.length]!;
    const vcpuCap = m.vcpu * 4;
    const p: Provider = {
      id: `host-${String(i).padStart(4, "0")}`, kind: "host", zone: zones[i % 3], rack: `rack-${Math.floor(i / 20)}`,
      aggregates: [aggs[Math.floor(i / 20) % aggs.length]!], traits: i % 10 === 0 ? ["CUSTOM_GPU"] : ["HW_CPU_X86_AVX2"],
      inventory: { VCPU: { total: m.vcpu, allocationRatio: 4 }, MEMORY_MB: { total: m.mem, reserved: 4096 }, DISK_GB: { total: m.disk } },
    };
    if (rng() < (opts.usedFraction ?? 0.5)) {
      const f = 0.1 + rng() * 0.6;
      p.used = { VCPU: Math.floor(vcpuCap * f * rng()), MEMORY_MB: Math.floor((m.mem - 4096) * f), DISK_GB: Math.floor(m.disk * f * 0.5) };
    }
    providers.push(p);
  }
  for (const a of aggs) {
    for (let k = 0; k < 3; k++) providers.push({ id: `ceph-${a}-${k}`, kind: "storage", aggregates: [a], traits: k === 0 ? ["STORAGE_DISK_SSD"] : [],
      inventory: { VOLUME_GB: { total: 2_000_000 } }, used: { VOLUME_GB: Math.floor(rng() * 500_000) } });
    providers.push({ id: `net-${a}`, kind: "network", aggregates: [a], inventory: { IPV4_ADDRESS: { total: 16384 }, NET_BW_MBPS: { total: 400_000 } } });
  }
  const serverGroups: ServerGroup[] = [];
  const requests: PlacementRequest[] = [];
  let made = 0;
  let g = 0;
  while (made < opts.requests) {
    const f = pick(FLAVORS);
    const r: PlacementRequest = { id: `vm-${requests.length}`, compute: { resources: { VCPU: f[0], MEMORY_MB: f[1], DISK_GB: f[2] } } };
    const roll = rng();
    if (roll < 0.3) r.storage = [{ resources: { VOLUME_GB: pick([50, 100, 200, 500]) } }];
    if (roll < 0.15) r.storage!.push({ resources: { VOLUME_GB: 100 }, requiredTraits: ["STORAGE_DISK_SSD"] });
    if (rng() < 0.4) r.network = [{ resources: { IPV4_ADDRESS: 1, NET_BW_MBPS: pick([100, 1000]) } }];
    if (rng() < 0.05) r.compute.requiredTraits = ["CUSTOM_GPU"];
    if (rng() < 0.1) r.zone = pick(zones);
    if (rng() < 0.2) r.priority = 1;
    const sgRoll = rng();
    let count = 1 + Math.floor(rng() * 12);
    if (sgRoll < 0.08) {
      const policy = pick(["anti-affinity", "anti-affinity", "soft-anti-affinity", "affinity"] as const);
      const scope = policy === "affinity" ? "host" : pick(["host", "host", "rack"] as const);
      serverGroups.push({ id: `sg-${g}`, policy, scope });
      r.serverGroup = `sg-${g++}`;
      count = policy === "affinity" ? 2 : 3 + Math.floor(rng() * 4);
    }
    count = Math.min(count, opts.requests - made);
    if (count > 1) r.count = count;
    made += count;
    requests.push(r);
  }
  return { providers, requests, serverGroups, policy: { objective: opts.objective ?? "pack" } };
}

/**
 * A batch where storage and networks bind, not compute (for the bench and the quality tests). Three zones of
 * hosts, racks of ten; each zone's hosts reach the zone's two Ceph pools (SSD and HDD) and their rack's
 * subnet. az1 has empty or lightly used hosts but its pools are nearly full; az2 and az3 are fuller (so
 * packing prefers them) with room in their pools; every subnet has only a few free addresses. About half
 * the copies carry a volume and a port and fit in az2/az3's free compute only if the rest (memory-heavy,
 * no volume) goes to az1.
 */
export function generateStorageBoundProblem(opts: { hosts: number; requests: number; seed?: number }): PlacementProblem {
  const rng = seededRandom(opts.seed ?? 5);
  const zones = ["az1", "az2", "az3"];
  const mem = 393216;
  const providers: Provider[] = [];
  const racks = new Set<string>();
  for (let i = 0; i < opts.hosts; i++) {
    const z = i % 3;
    const zone = zones[z]!;
    const rack = `${zone}-r${Math.floor(i / 30)}`;
    racks.add(rack);
    const p: Provider = {
      id: `host-${String(i).padStart(4, "0")}`, kind: "host", zone, rack, aggregates: [`agg-${zone}`, `net-${rack}`],
      inventory: { VCPU: { total: 64, allocationRatio: 4 }, MEMORY_MB: { total: mem, reserved: 4096 }, DISK_GB: { total: 7680 } },
    };
    // az1: a third empty, the rest lightly used; az2/az3: three quarters full, give or take.
    const f = z === 0 ? (rng() < 0.35 ? 0 : 0.05 + rng() * 0.15) : 0.66 + rng() * 0.12;
    if (f > 0) p.used = { VCPU: Math.floor(256 * f * 0.5), MEMORY_MB: Math.floor((mem - 4096) * f), DISK_GB: Math.floor(7680 * f * 0.3) };
    providers.push(p);
  }
  for (const zone of zones) {
    const full = zone === "az1";
    providers.push({ id: `ceph-${zone}-ssd`, kind: "storage", zone, aggregates: [`agg-${zone}`], traits: ["STORAGE_DISK_SSD"],
      inventory: { VOLUME_GB: { total: 200_000 } }, used: { VOLUME_GB: full ? 199_000 : 180_000 + Math.floor(rng() * 6_000) } });
    providers.push({ id: `ceph-${zone}-hdd`, kind: "storage", zone, aggregates: [`agg-${zone}`],
      inventory: { VOLUME_GB: { total: 1_000_000 } }, used: { VOLUME_GB: full ? 998_000 : 900_000 + Math.floor(rng() * 50_000) } });
  }
  for (const rack of racks) {
    providers.push({ id: `subnet-${rack}`, kind: "network", aggregates: [`net-${rack}`],
      inventory: { IPV4_ADDRESS: { total: 254 } }, used: { IPV4_ADDRESS: 254 - (rack.startsWith("az1") ? 60 : 22 + Math.floor(rng() * 10)) } });
  }
  // Volume copies: about 80% of what az2/az3's memory takes; the memory-heavy copies fill the rest into az1.
  const shapes: { weight: number; r: Omit<PlacementRequest, "id" | "count"> }[] = [
    { weight: 0.3, r: { compute: { resources: { VCPU: 8, MEMORY_MB: 32768, DISK_GB: 40 } }, storage: [{ resources: { VOLUME_GB: 200 } }], network: [{ resources: { IPV4_ADDRESS: 1 } }] } },
    { weight: 0.1, r: { compute: { resources: { VCPU: 8, MEMORY_MB: 16384, DISK_GB: 40 } }, storage: [{ resources: { VOLUME_GB: 500 }, requiredTraits: ["STORAGE_DISK_SSD"] }], network: [{ resources: { IPV4_ADDRESS: 1 } }] } },
    { weight: 0.1, r: { compute: { resources: { VCPU: 4, MEMORY_MB: 16384, DISK_GB: 40 } }, storage: [{ resources: { VOLUME_GB: 100 } }] } },
    { weight: 0.35, r: { compute: { resources: { VCPU: 8, MEMORY_MB: 65536, DISK_GB: 80 } } } },
    { weight: 0.15, r: { compute: { resources: { VCPU: 2, MEMORY_MB: 8192, DISK_GB: 20 } }, network: [{ resources: { IPV4_ADDRESS: 1 } }] } },
  ];
  const requests: PlacementRequest[] = [];
  let made = 0;
  while (made < opts.requests) {
    let roll = rng();
    const shape = shapes.find((s) => (roll -= s.weight) < 0) ?? shapes[shapes.length - 1]!;
    const count = Math.min(1 + Math.floor(rng() * 8), opts.requests - made);
    requests.push({ id: `vm-${requests.length}`, ...structuredClone(shape.r), ...(count > 1 ? { count } : {}) });
    made += count;
  }
  return { providers, requests, policy: { objective: "pack" } };
}

/**
 * Adds `count` pinned requests to a problem (a copy): each a mid-sized flavor pinned to a host chosen at
 * random among those with existing use (the hosts pack fills first, so others of the batch compete for
 * them), each host at most once, and each fitting on its host as the inventory stands before the batch.
 */
export function withPinnedRequests(problem: PlacementProblem, count: number, seed = 3): PlacementProblem {
  const rng = seededRandom(seed);
  const hosts = problem.providers.filter((p) => p.kind === "host" && p.used !== undefined);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, hosts.length)) chosen.add(Math.floor(rng() * hosts.length));
  const requests: PlacementRequest[] = [...chosen].map((i, n) => ({
    id: `pinned-${n}`, pinnedHost: hosts[i]!.id, compute: { resources: { VCPU: 4, MEMORY_MB: 16384, DISK_GB: 80 } },
  }));
  return { ...problem, requests: [...problem.requests, ...requests] };
}
