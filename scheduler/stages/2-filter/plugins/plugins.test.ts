import { describe, expect, it } from "vitest";
import { compileCluster } from "../../1-compile/cluster";
import type { PlacementRequest, Provider } from "../../../contract";
import { prepareRequest } from "../../1-compile/prepared";
import { compileRequest, compileServerGroups } from "../../1-compile/request";
import { PlacementState } from "../../1-compile/state";
import { filterPlugins, reasonCodes } from "./registry";
import type { FilterContext, FilterPlugin } from "./types";

const providers: Provider[] = [
  { id: "h1", kind: "host", zone: "az1", rack: "r1", traits: ["SSD"], aggregates: ["pod1"], inventory: { VCPU: { total: 8, stepSize: 2 }, MEMORY_MB: { total: 4096, maxUnit: 2048 } } },
  { id: "h2", kind: "host", zone: "az2", rack: "r1", aggregates: ["pod2"], inventory: { VCPU: { total: 4 } }, used: { VCPU: 3 } },
  { id: "ceph1", kind: "storage", aggregates: ["pod1"], inventory: { VOLUME_GB: { total: 100 } } },
  { id: "net2", kind: "network", aggregates: ["pod2"], inventory: { IPV4_ADDRESS: { total: 10 } } },
];
const groups = [{ id: "anti", policy: "anti-affinity" as const }, { id: "aff", policy: "affinity" as const, scope: "zone" as const }];

function setup(request: Omit<PlacementRequest, "id">, before: (ctx: FilterContext) => void = () => undefined) {
  const cluster = compileCluster(providers);
  const sgs = compileServerGroups(groups);
  const ctx: FilterContext = { cluster, state: new PlacementState(cluster, sgs.size) };
  const req = prepareRequest(cluster, compileRequest(cluster, request, sgs));
  before(ctx);
  return { ctx, req };
}

const plugin = (name: string): FilterPlugin => filterPlugins.find((p) => p.name === name)!;
const vm = (vcpu: number, extra: Partial<PlacementRequest> = {}): Omit<PlacementRequest, "id"> => ({ compute: { resources: { VCPU: vcpu } }, ...extra });

/** [plugin, request, host, expected reason code or "ok", optional state setup] */
const cases: [string, Omit<PlacementRequest, "id">, string, string, ((ctx: FilterContext) => void)?][] = [
  ["pinned-host", vm(1, { pinnedHost: "h1" }), "h1", "ok"],
  ["pinned-host", vm(1, { pinnedHost: "h1" }), "h2", "PINNED_HOST_UNAVAILABLE"],
  ["pinned-host", vm(1), "h2", "ok"],
  ["zone", vm(1, { zone: "az1" }), "h1", "ok"],
  ["zone", vm(1, { zone: "az1" }), "h2", "ZONE_MISMATCH"],
  ["traits", { compute: { resources: { VCPU: 1 }, requiredTraits: ["SSD"] } }, "h1", "ok"],
  ["traits", { compute: { resources: { VCPU: 1 }, requiredTraits: ["SSD"] } }, "h2", "TRAIT_MISSING"],
  ["traits", { compute: { resources: { VCPU: 1 }, forbiddenTraits: ["SSD"] } }, "h1", "TRAIT_MISSING"],
  ["compute-resources", vm(2), "h1", "ok"],
  ["compute-resources", vm(3), "h1", "NO_CAPACITY"], // stepSize 2
  ["compute-resources", vm(10), "h1", "NO_CAPACITY"], // above maxUnit (= total)
  ["compute-resources", { compute: { resources: { VCPU: 2, MEMORY_MB: 3000 } } }, "h1", "NO_CAPACITY"], // maxUnit 2048
  ["compute-resources", { compute: { resources: { VCPU: 2, GPU: 1 } } }, "h1", "NO_CAPACITY"], // no provider has GPU
  ["storage-reach", vm(1, { storage: [{ resources: { VOLUME_GB: 10 } }] }), "h1", "ok"],
  ["storage-reach", vm(1, { storage: [{ resources: { VOLUME_GB: 10 } }] }), "h2", "NO_REACHABLE_STORAGE"],
  ["storage-reach", vm(1, { storage: [{ resources: { VOLUME_GB: 500 } }] }), "h1", "NO_REACHABLE_STORAGE"],
  ["network-reach", vm(1, { network: [{ resources: { IPV4_ADDRESS: 1 } }] }), "h2", "ok"],
  ["network-reach", vm(1, { network: [{ resources: { IPV4_ADDRESS: 1 } }] }), "h1", "NO_REACHABLE_NETWORK"],
  // Each names only its own kind: storage unreachable from h2 is not a network problem, and the reverse.
  ["network-reach", vm(1, { storage: [{ resources: { VOLUME_GB: 10 } }], network: [{ resources: { IPV4_ADDRESS: 1 } }] }), "h2", "ok"],
  ["storage-reach", vm(1, { storage: [{ resources: { VOLUME_GB: 10 } }], network: [{ resources: { IPV4_ADDRESS: 1 } }] }), "h1", "ok"],
  ["host-state", vm(1), "h1", "ok"],
  ["host-state", vm(1), "h1", "HOST_DOWN", (ctx) => (ctx.state.down[0] = 1)],
  ["capacity", vm(1), "h2", "ok"],
  ["capacity", vm(2), "h2", "NO_CAPACITY"],
  ["server-group", vm(1, { serverGroup: "anti" }), "h1", "ok"],
  ["server-group", vm(1, { serverGroup: "anti" }), "h1", "SERVER_GROUP", (ctx) => { occupy(ctx, "anti", 0); }],
  ["server-group", vm(1, { serverGroup: "anti" }), "h2", "ok", (ctx) => { occupy(ctx, "anti", 0); }],
  ["server-group", vm(1, { serverGroup: "aff" }), "h2", "SERVER_GROUP", (ctx) => { occupy(ctx, "aff", 0); }],
  ["server-group", vm(1, { serverGroup: "aff" }), "h2", "ok"],
];

/** Puts one member of a server group on a host. */
function occupy(ctx: FilterContext, group: string, host: number): void {
  const req = prepareRequest(ctx.cluster, compileRequest(ctx.cluster, vm(1, { serverGroup: group }), compileServerGroups(groups)));
  expect(ctx.state.tryPlace(req, host)).not.toBeNull();
}

describe("filter plugins", () => {
  it.each(cases)("%s: %j on %s -> %s", (name, request, host, expected, before) => {
    const { ctx, req } = setup(request, before);
    const status = plugin(name).filter(ctx, req, ctx.cluster.index.get(host)!);
    expect(status.code === "ok" ? "ok" : status.reasonCode).toBe(expected);
    if (status.code !== "ok") {
      expect(Object.keys(plugin(name).reasons)).toContain(expected);
      const why = plugin(name).explain(ctx, req, [ctx.cluster.index.get(host)!]);
      expect(why.code).toBe(expected);
      expect(why.reason.length).toBeGreaterThan(15);
    }
  });

  it("every plugin is named once and gives only codes it declares", () => {
    expect(new Set(filterPlugins.map((p) => p.name)).size).toBe(filterPlugins.length);
    expect(reasonCodes).toEqual(expect.arrayContaining(["NO_CAPACITY", "TRAIT_MISSING", "ZONE_MISMATCH", "NO_REACHABLE_STORAGE", "NO_REACHABLE_NETWORK", "SERVER_GROUP", "PINNED_HOST_UNAVAILABLE"]));
  });
});
