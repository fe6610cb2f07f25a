// Random problems with a planted placement (fast-check): every request is first given a host (and a
// storage provider) it fits on, then described so that host qualifies: pinned to it, its zone, its
// traits, storage it reaches, anti-affinity with members planted on other hosts, affinity with members on
// the same host. The planted placement uses at most `share` of every host's and pool's free room, so a
// placement of all requests exists, and with room to spare: an engine that leaves one out failed a
// request it could have placed.
import fc from "fast-check";
import type { PlacementProblem, PlacementRequest, Provider, ServerGroup } from "../contract";

const TRAITS = ["HW_CPU_X86_AVX2", "CUSTOM_GPU", "CUSTOM_FPGA"];
const AGGS = ["agg1", "agg2"];

type HostSpec = { vcpu: number; mem: number; zone: string; rack: string; traits: string[]; aggregates: string[] };
type ReqSpec = {
  host: number; vcpu: number; mem: number; pinned: boolean; zone: boolean; trait: boolean; forbid: boolean;
  volume: number; group: number; priority: number;
};

const hostSpec = fc.record({
  vcpu: fc.integer({ min: 4, max: 32 }), mem: fc.integer({ min: 4, max: 64 }), zone: fc.constantFrom("az1", "az2", "az3"),
  rack: fc.constantFrom("r1", "r2", "r3", "r4"), traits: fc.subarray(TRAITS), aggregates: fc.subarray(AGGS, { minLength: 1 }),
});

const reqSpec = (hosts: number, groups: number) => fc.record({
  host: fc.integer({ min: 0, max: hosts - 1 }), vcpu: fc.integer({ min: 1, max: 8 }), mem: fc.integer({ min: 1, max: 16 }),
  pinned: fc.boolean(), zone: fc.boolean(), trait: fc.boolean(), forbid: fc.boolean(),
  volume: fc.constantFrom(0, 0, 10, 50), priority: fc.constantFrom(0, 0, 1), group: groups > 0 ? fc.integer({ min: -1, max: groups - 1 }) : fc.constant(-1),
});

/**
 * Hosts (2 to maxHosts), one storage pool per aggregate, requests (1 to maxRequests) with planted hosts.
 * Requests whose planted share would pass `share` of their host's room are dropped (so the plant is
 * always valid); anti-affinity groups keep only members on distinct hosts, affinity groups only members
 * on the first member's host.
 */
export function plantedProblemArb(opts: { maxHosts?: number; maxRequests?: number; share?: number } = {}): fc.Arbitrary<PlacementProblem> {
  const share = opts.share ?? 0.5;
  return fc.record({
    hosts: fc.integer({ min: 2, max: opts.maxHosts ?? 8 }), requests: fc.integer({ min: 1, max: opts.maxRequests ?? 16 }),
    groups: fc.integer({ min: 0, max: 3 }), objective: fc.constantFrom("pack", "spread", "balance" as const),
  }).chain((n) => fc.record({
    hosts: fc.array(hostSpec, { minLength: n.hosts, maxLength: n.hosts }),
    requests: fc.array(reqSpec(n.hosts, n.groups), { minLength: n.requests, maxLength: n.requests }),
    policies: fc.array(fc.constantFrom("anti-affinity", "affinity" as const), { minLength: n.groups, maxLength: n.groups }),
    used: fc.array(fc.double({ min: 0, max: 0.5, noNaN: true }), { minLength: n.hosts, maxLength: n.hosts }),
  }).map((x) => build(x.hosts, x.requests, x.policies, x.used, share, n.objective)));
}

function build(hosts: HostSpec[], reqs: ReqSpec[], policies: ("anti-affinity" | "affinity")[], usedShare: number[], share: number,
  objective: "pack" | "spread" | "balance"): PlacementProblem {
  const providers: Provider[] = hosts.map((h, i) => ({
    id: `h${i}`, kind: "host", zone: h.zone, rack: h.rack, traits: h.traits, aggregates: h.aggregates,
    inventory: { VCPU: { total: h.vcpu }, MEMORY_MB: { total: h.mem * 1024 } },
    used: { VCPU: Math.floor(h.vcpu * usedShare[i]!), MEMORY_MB: Math.floor(h.mem * 1024 * usedShare[i]!) },
  }));
  const POOL = 400;
  for (const a of AGGS) providers.push({ id: `pool-${a}`, kind: "storage", aggregates: [a], inventory: { VOLUME_GB: { total: POOL } } });
  // Room the plant may take: `share` of what is free before the batch.
  const room = hosts.map((h, i) => ({ vcpu: share * (h.vcpu - Math.floor(h.vcpu * usedShare[i]!)), mem: share * (h.mem * 1024 - Math.floor(h.mem * 1024 * usedShare[i]!)) }));
  const poolRoom = new Map(AGGS.map((a) => [a, share * POOL]));
  const groupHosts = policies.map(() => new Set<number>());
  const requests: PlacementRequest[] = [];
  for (const r of reqs) {
    const h = hosts[r.host]!;
    const mem = r.mem * 512;
    if (r.vcpu > room[r.host]!.vcpu || mem > room[r.host]!.mem) continue;
    const pool = r.volume > 0 ? h.aggregates.find((a) => poolRoom.get(a)! >= r.volume) : undefined;
    if (r.volume > 0 && pool === undefined) continue;
    let group = r.group;
    if (group >= 0) {
      const at = groupHosts[group]!;
      const ok = policies[group] === "anti-affinity" ? !at.has(r.host) : at.size === 0 || at.has(r.host);
      if (!ok) group = -1;
      else at.add(r.host);
    }
    room[r.host]!.vcpu -= r.vcpu;
    room[r.host]!.mem -= mem;
    if (pool !== undefined) poolRoom.set(pool, poolRoom.get(pool)! - r.volume);
    const req: PlacementRequest = { id: `r${requests.length}`, compute: { resources: { VCPU: r.vcpu, MEMORY_MB: mem } } };
    if (r.pinned) req.pinnedHost = `h${r.host}`;
    if (r.zone) req.zone = h.zone;
    if (r.trait && h.traits.length > 0) req.compute.requiredTraits = [h.traits[0]!];
    const lacks = TRAITS.filter((t) => !h.traits.includes(t));
    if (r.forbid && lacks.length > 0) req.compute.forbiddenTraits = [lacks[0]!];
    if (pool !== undefined) req.storage = [{ resources: { VOLUME_GB: r.volume } }];
    if (group >= 0) req.serverGroup = `g${group}`;
    if (r.priority > 0) req.priority = r.priority;
    requests.push(req);
  }
  const serverGroups: ServerGroup[] = policies.map((policy, i) => ({ id: `g${i}`, policy, scope: "host" }));
  return { providers, requests, serverGroups, policy: { objective } };
}
