import { describe, expect, it } from "vitest";
import type { PlacementProblem, PlacementResult } from "./contract";
import { verifyPlacement } from "./verify";

const problem: PlacementProblem = {
  providers: [
    { id: "h1", kind: "host", zone: "a", rack: "r1", inventory: { VCPU: { total: 4 } }, aggregates: ["x"], traits: ["SSD"] },
    { id: "h2", kind: "host", zone: "b", rack: "r1", inventory: { VCPU: { total: 4, stepSize: 2 } } },
    { id: "s1", kind: "storage", inventory: { VOLUME_GB: { total: 100 } }, aggregates: ["y"] },
  ],
  requests: [
    { id: "a", compute: { resources: { VCPU: 2 } }, serverGroup: "g", priority: 1 },
    { id: "b", compute: { resources: { VCPU: 2 } }, serverGroup: "g" },
  ],
  serverGroups: [{ id: "g", policy: "anti-affinity" }],
};
const stats = { solver: "t", objective: "pack" as const, hostsUsed: 2, newHostsUsed: 2, lowerBound: null, gap: null, elapsedMs: 0 };
const on = (request: string, provider: string, vcpu = 2) => ({ request, allocations: [{ provider, resources: { VCPU: vcpu } }] });
const good: PlacementResult = { placements: [on("a", "h1"), on("b", "h2")], unplaced: [], stats };

describe("verifyPlacement", () => {
  it("accepts a correct result", () => expect(verifyPlacement(problem, good)).toEqual([]));

  it.each<[string, PlacementProblem, PlacementResult, string]>([
    ["anti-affinity broken", problem, { ...good, placements: [on("a", "h1"), on("b", "h1")] }, "anti-affinity"],
    ["missing request", problem, { ...good, placements: [on("a", "h1")] }, "neither placed nor unplaced"],
    ["duplicate", problem, { ...good, unplaced: [{ request: "a", code: "X", reason: "because" }] }, "more than once"],
    ["wrong amount", problem, { ...good, placements: [on("a", "h1", 3), on("b", "h2")] }, "instead of"],
    ["over capacity", { ...problem, requests: problem.requests.map((r) => ({ ...r, compute: { resources: { VCPU: 3 } } })), serverGroups: [{ id: "g", policy: "affinity" }] },
      { ...good, placements: [on("a", "h1", 3), on("b", "h1", 3)] }, "over capacity"],
    ["zone", { ...problem, requests: [{ id: "a", compute: { resources: { VCPU: 2 } }, zone: "b" }, problem.requests[1]!] }, good, "zone"],
    ["pinned", { ...problem, requests: [{ id: "a", compute: { resources: { VCPU: 2 } }, pinnedHost: "h2" }, problem.requests[1]!] }, good, "pinned"],
    ["trait", { ...problem, requests: [problem.requests[0]!, { id: "b", compute: { resources: { VCPU: 2 }, requiredTraits: ["SSD"] }, serverGroup: "g" }] }, good, "trait"],
    ["unreachable storage", { ...problem, requests: [{ id: "a", compute: { resources: { VCPU: 2 } }, storage: [{ resources: { VOLUME_GB: 1 } }] }, problem.requests[1]!] },
      { ...good, placements: [{ request: "a", allocations: [{ provider: "h1", resources: { VCPU: 2 } }, { provider: "s1", resources: { VOLUME_GB: 1 } }] }, on("b", "h2")] }, "shares no aggregate"],
    ["step size", { ...problem, requests: [problem.requests[0]!, { id: "b", compute: { resources: { VCPU: 1 } }, serverGroup: "g" }] }, { ...good, placements: [on("a", "h1"), on("b", "h2", 1)] }, "stepSize"],
    ["priority", { ...problem, requests: [{ id: "a", compute: { resources: { VCPU: 4 } }, priority: 2 }, { id: "b", compute: { resources: { VCPU: 4 } }, pinnedHost: "h1" }],
      providers: [problem.providers[0]!] }, { ...good, placements: [on("b", "h1", 4)], unplaced: [{ request: "a", code: "NO_CAPACITY", reason: "full" }] }, "lower-priority"],
    ["priority through storage", {
      providers: [{ id: "H", kind: "host", inventory: { VCPU: { total: 4 } } }, { id: "S", kind: "storage", inventory: { VOLUME_GB: { total: 100 } } }],
      requests: [{ id: "a", compute: { resources: { VCPU: 1 } }, storage: [{ resources: { VOLUME_GB: 80 } }], priority: 2 },
        { id: "b", compute: { resources: { VCPU: 1 } }, storage: [{ resources: { VOLUME_GB: 50 } }] }] },
      { ...good, placements: [{ request: "b", allocations: [{ provider: "H", resources: { VCPU: 1 } }, { provider: "S", resources: { VOLUME_GB: 50 } }] }],
        unplaced: [{ request: "a", code: "NO_CAPACITY", reason: "storage full" }] }, "lower-priority"],
  ])("catches %s", (_name, p, result, needle) => {
    const errors = verifyPlacement(p, result);
    expect(errors.length).toBeGreaterThan(0);
    if (needle) expect(errors.join("\n")).toContain(needle);
  });

  it("names copy ids only when count > 1", () => {
    const p: PlacementProblem = { providers: problem.providers, requests: [{ id: "c", count: 2, compute: { resources: { VCPU: 2 } } }] };
    expect(verifyPlacement(p, { placements: [on("c#0", "h1"), on("c#1", "h1")], unplaced: [], stats })).toEqual([]);
    expect(verifyPlacement(p, { placements: [on("c", "h1")], unplaced: [], stats }).join()).toContain("unknown request");
  });
});
