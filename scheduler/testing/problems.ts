// Random small placement problems for property tests (fast-check arbitraries). Small on purpose: every
// rule of the contract shows up (traits, zones, racks, aggregates, server groups, pins, priorities,
// allocation ratios, step sizes, existing use), and brute force can still solve pack exactly.
import fc from "fast-check";
import type { PlacementProblem, PlacementRequest, Provider, RequestGroup, ServerGroup } from "../contract";

const HOST_TRAITS = ["HW_CPU_X86_AVX2", "CUSTOM_GPU", "STORAGE_DISK_SSD"];
const AGGS = ["agg1", "agg2", "agg3"];

const subset = <T>(xs: readonly T[]) => fc.subarray([...xs]);

const hostArb = (i: number) =>
  fc.record({
    vcpu: fc.integer({ min: 2, max: 16 }), ratio: fc.constantFrom(1, 1, 2, 4), mem: fc.integer({ min: 1, max: 16 }),
    memStep: fc.constantFrom(1, 256), usedCpu: fc.integer({ min: 0, max: 4 }), reserved: fc.integer({ min: 0, max: 1 }),
    zone: fc.constantFrom("az1", "az2", undefined), rack: fc.constantFrom("r1", "r2", undefined),
    traits: subset(HOST_TRAITS), aggregates: subset(AGGS),
  }).map((h): Provider => ({
    id: `h${i}`, kind: "host", zone: h.zone, rack: h.rack, traits: h.traits, aggregates: h.aggregates,
    inventory: { VCPU: { total: h.vcpu, reserved: h.reserved, allocationRatio: h.ratio }, MEMORY_MB: { total: h.mem * 1024, stepSize: h.memStep } },
    used: h.usedCpu > 0 ? { VCPU: Math.min(h.usedCpu, h.vcpu - h.reserved) } : undefined,
  }));

const attachedArb = (kind: "storage" | "network", i: number) =>
  fc.record({ total: fc.integer({ min: 5, max: 60 }), aggregates: subset(AGGS), ssd: fc.boolean() }).map((s): Provider => ({
    id: `${kind[0]}${i}`, kind, aggregates: s.aggregates, traits: s.ssd ? ["STORAGE_DISK_SSD"] : [],
    inventory: kind === "storage" ? { VOLUME_GB: { total: s.total * 10, stepSize: 10 } } : { IPV4_ADDRESS: { total: Math.ceil(s.total / 5) } },
  }));

const requestArb = (i: number, hosts: number, groups: number) =>
  fc.record({
    vcpu: fc.integer({ min: 1, max: 8 }), mem: fc.constantFrom(512, 1024, 2048, 4096, 1000), count: fc.constantFrom(undefined, 1, 2, 3),
    trait: fc.option(fc.constantFrom(...HOST_TRAITS), { freq: 4 }), forbid: fc.option(fc.constantFrom(...HOST_TRAITS), { freq: 6 }),
    zone: fc.option(fc.constantFrom("az1", "az2"), { freq: 4 }), pinned: fc.option(fc.integer({ min: 0, max: hosts - 1 }), { freq: 8 }),
    group: groups > 0 ? fc.option(fc.integer({ min: 0, max: groups - 1 }), { freq: 2 }) : fc.constant(null),
    priority: fc.constantFrom(undefined, 0, 1, 2),
    volumes: fc.array(fc.record({ gb: fc.constantFrom(10, 20, 50, 15), ssd: fc.boolean() }), { maxLength: 2 }),
    ports: fc.integer({ min: 0, max: 1 }),
  }).map((r): PlacementRequest => {
    const compute: RequestGroup = { resources: { VCPU: r.vcpu, MEMORY_MB: r.mem } };
    if (r.trait !== null) compute.requiredTraits = [r.trait];
    if (r.forbid !== null && r.forbid !== r.trait) compute.forbiddenTraits = [r.forbid];
    const out: PlacementRequest = { id: `r${i}`, compute };
    if (r.count !== undefined) out.count = r.count;
    if (r.zone !== null) out.zone = r.zone;
    if (r.pinned !== null) out.pinnedHost = `h${r.pinned}`;
    if (r.group !== null) out.serverGroup = `g${r.group}`;
    if (r.priority !== undefined) out.priority = r.priority;
    if (r.volumes.length > 0) out.storage = r.volumes.map((v) => ({ resources: { VOLUME_GB: v.gb }, ...(v.ssd ? { requiredTraits: ["STORAGE_DISK_SSD"] } : {}) }));
    if (r.ports > 0) out.network = [{ resources: { IPV4_ADDRESS: 1 } }];
    return out;
  });

const groupArb = (i: number) =>
  fc.record({ policy: fc.constantFrom("affinity", "anti-affinity", "soft-anti-affinity" as const), scope: fc.constantFrom(undefined, "host", "rack", "zone" as const) })
    .map((g): ServerGroup => ({ id: `g${i}`, policy: g.policy, ...(g.scope ? { scope: g.scope } : {}) }));

export function problemArb(opts: { maxHosts?: number; maxRequests?: number } = {}): fc.Arbitrary<PlacementProblem> {
  return fc.record({
    hosts: fc.integer({ min: 1, max: opts.maxHosts ?? 6 }), storage: fc.integer({ min: 0, max: 3 }), network: fc.integer({ min: 0, max: 2 }),
    groups: fc.integer({ min: 0, max: 3 }), requests: fc.integer({ min: 1, max: opts.maxRequests ?? 10 }),
    objective: fc.constantFrom("pack", "spread", "balance" as const),
  }).chain((n) => fc.record({
    hosts: fc.tuple(...Array.from({ length: n.hosts }, (_, i) => hostArb(i))),
    storage: n.storage > 0 ? fc.tuple(...Array.from({ length: n.storage }, (_, i) => attachedArb("storage", i))) : fc.constant([] as Provider[]),
    network: n.network > 0 ? fc.tuple(...Array.from({ length: n.network }, (_, i) => attachedArb("network", i))) : fc.constant([] as Provider[]),
    groups: n.groups > 0 ? fc.tuple(...Array.from({ length: n.groups }, (_, i) => groupArb(i))) : fc.constant([] as ServerGroup[]),
    requests: fc.tuple(...Array.from({ length: n.requests }, (_, i) => requestArb(i, n.hosts, n.groups))),
  }).map((x): PlacementProblem => ({
    providers: [...x.hosts, ...x.storage, ...x.network], requests: x.requests, serverGroups: x.groups, policy: { objective: n.objective },
  })));
}
