// A region-sized batch (issue #13's case, for `headroom bench placement` and the scale tests): hosts of
// three models in racks of 20 over three zones and pods of racks, `usedFraction` of them already in use
// (10-70% of their memory), requests over the dozen flavors of generate.ts, `attachedShare` of them with a
// volume and a port, smaller flavors more common, `antiAffinityGroups` groups of 3-6 members (two in three host-scoped, the rest
// rack-scoped), objective pack. Storage and networks are ample: compute decides.
import type { PlacementProblem, PlacementRequest, Provider, ServerGroup } from "../contract";
import { seededRandom } from "../random";
import { FLAVORS } from "./generate";

const MODELS = [
  { vcpu: 48, mem: 262144, disk: 3840 },
  { vcpu: 64, mem: 393216, disk: 7680 },
  { vcpu: 96, mem: 524288, disk: 7680 },
];

export type RegionOptions = {
  hosts: number; requests: number; seed?: number; usedFraction?: number; attachedShare?: number; antiAffinityGroups?: number;
  /** Racks per pod (an aggregate with its own Ceph pools and network); default 50. */
  racksPerPod?: number; timeLimitMs?: number;
};

export function generateRegionProblem(opts: RegionOptions): PlacementProblem {
  const rng = seededRandom(opts.seed ?? 17);
  const zones = ["az1", "az2", "az3"];
  const racksPerPod = opts.racksPerPod ?? 50;
  const providers: Provider[] = [];
  const pods = new Set<string>();
  for (let i = 0; i < opts.hosts; i++) {
    const m = MODELS[i % MODELS.length]!;
    const rack = Math.floor(i / 20);
    const pod = `pod-${Math.floor(rack / racksPerPod)}`;
    pods.add(pod);
    const p: Provider = {
      id: `host-${String(i).padStart(5, "0")}`, kind: "host", zone: zones[rack % 3], rack: `rack-${rack}`, aggregates: [pod],
      inventory: { VCPU: { total: m.vcpu, allocationRatio: 4 }, MEMORY_MB: { total: m.mem, reserved: 4096 }, DISK_GB: { total: m.disk } },
    };
    if (rng() < (opts.usedFraction ?? 0.6)) {
      const f = 0.1 + rng() * 0.6;
      p.used = { VCPU: Math.floor(m.vcpu * 4 * f * (0.5 + rng() * 0.5)), MEMORY_MB: Math.floor((m.mem - 4096) * f), DISK_GB: Math.floor(m.disk * f * 0.5) };
    }
    providers.push(p);
  }
  for (const pod of pods) {
    providers.push({ id: `ceph-${pod}`, kind: "storage", aggregates: [pod], inventory: { VOLUME_GB: { total: 20_000_000 } }, used: { VOLUME_GB: Math.floor(rng() * 5_000_000) } });
    providers.push({ id: `net-${pod}`, kind: "network", aggregates: [pod], inventory: { IPV4_ADDRESS: { total: 65536 }, NET_BW_MBPS: { total: 10_000_000 } } });
  }
  const serverGroups: ServerGroup[] = [];
  const requests: PlacementRequest[] = [];
  const attachedShare = opts.attachedShare ?? 0.3;
  let made = 0;
  const withVolume = (r: PlacementRequest) => {
    r.storage = [{ resources: { VOLUME_GB: 100 } }];
    r.network = [{ resources: { IPV4_ADDRESS: 1, NET_BW_MBPS: 1000 } }];
  };
  // Anti-affinity groups first (their members are requests like the others), then the rest.
  for (let g = 0; g < (opts.antiAffinityGroups ?? 175) && made < opts.requests; g++) {
    const f = FLAVORS[Math.floor(rng() * 8)]!;
    serverGroups.push({ id: `sg-${g}`, policy: "anti-affinity", scope: rng() < 2 / 3 ? "host" : "rack" });
    const count = Math.min(3 + Math.floor(rng() * 4), opts.requests - made);
    const r: PlacementRequest = { id: `ha-${g}`, compute: { resources: { VCPU: f[0], MEMORY_MB: f[1], DISK_GB: f[2] } }, serverGroup: `sg-${g}`, count };
    if (rng() < attachedShare) withVolume(r);
    requests.push(r);
    made += count;
  }
  while (made < opts.requests) {
    // Smaller flavors more common (index ~ u^1.3): about 22 GiB of memory per copy on average.
    const f = FLAVORS[Math.floor(rng() ** 1.3 * FLAVORS.length)]!;
    const r: PlacementRequest = { id: `vm-${requests.length}`, compute: { resources: { VCPU: f[0], MEMORY_MB: f[1], DISK_GB: f[2] } } };
    if (rng() < attachedShare) withVolume(r);
    const count = Math.min(1 + Math.floor(rng() * 12), opts.requests - made);
    if (count > 1) r.count = count;
    requests.push(r);
    made += count;
  }
  return { providers, requests, serverGroups, policy: { objective: "pack", timeLimitMs: opts.timeLimitMs ?? 10_000 } };
}
