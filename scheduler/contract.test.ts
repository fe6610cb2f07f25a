import { describe, expect, it } from "vitest";
import { parsePlacementProblem, PlacementResultSchema } from "./contract";

const host = (id: string, extra: Record<string, unknown> = {}) => ({ id, kind: "host", inventory: { VCPU: { total: 8 } }, ...extra });
const req = (id: string, extra: Record<string, unknown> = {}) => ({ id, compute: { resources: { VCPU: 1 } }, ...extra });

describe("parsePlacementProblem", () => {
  it("accepts a minimal problem", () => {
    const out = parsePlacementProblem({ providers: [host("h1")], requests: [req("r1")] });
    expect(out.ok).toBe(true);
  });

  it.each([
    ["unknown pinned host", { providers: [host("h1")], requests: [req("r1", { pinnedHost: "nope" })] }, "requests.0.pinnedHost", "unknown provider"],
    ["pinned host not a host", { providers: [host("h1"), { id: "s1", kind: "storage", inventory: {} }], requests: [req("r1", { pinnedHost: "s1" })] }, "requests.0.pinnedHost", "not host"],
    ["duplicate provider", { providers: [host("h1"), host("h1")], requests: [] }, "providers.1.id", "duplicate provider"],
    ["duplicate request", { providers: [host("h1")], requests: [req("a"), req("a")] }, "requests.1.id", "duplicate request"],
    ["unknown server group", { providers: [host("h1")], requests: [req("a", { serverGroup: "g" })] }, "requests.0.serverGroup", "unknown server group"],
    ["negative amount", { providers: [host("h1")], requests: [{ id: "a", compute: { resources: { VCPU: -1 } } }] }, "requests.0.compute.resources.VCPU", "negative"],
    ["wrong type", { providers: [host("h1")], requests: [{ id: "a", compute: { resources: { VCPU: "two" } } }] }, "requests.0.compute.resources.VCPU", "number"],
    ["bad count", { providers: [host("h1")], requests: [req("a", { count: 0 })] }, "requests.0.count", "at least 1"],
    ["unknown field", { providers: [host("h1")], requests: [req("a", { pinedHost: "h1" })] }, "requests.0", "pinedHost"],
    ["reserved above total", { providers: [host("h1", { inventory: { VCPU: { total: 4, reserved: 5 } } })], requests: [] }, "providers.0.inventory.VCPU.reserved", "exceeds"],
    ["used without inventory", { providers: [host("h1", { used: { GPU: 1 } })], requests: [] }, "providers.0.used.GPU", "no inventory"],
    ["copy id collision", { providers: [host("h1")], requests: [req("a", { count: 2 }), req("a#1")] }, "requests.1.id", "collides"],
    ["bad kind", { providers: [{ id: "x", kind: "gpu", inventory: {} }], requests: [] }, "providers.0.kind", ""],
  ])("rejects %s", (_name, problem, path, message) => {
    const out = parsePlacementProblem(problem);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    const hit = out.issues.find((i) => i.path.join(".") === path);
    expect(hit, JSON.stringify(out.issues)).toBeDefined();
    expect(hit!.message).toContain(message);
  });
});

describe("PlacementResultSchema", () => {
  it("accepts a well-formed result and rejects a missing stat", () => {
    const stats = { solver: "greedy", objective: "pack", hostsUsed: 1, newHostsUsed: 1, lowerBound: 1, gap: 0, elapsedMs: 3 };
    const result = { placements: [{ request: "a", allocations: [{ provider: "h1", resources: { VCPU: 1 } }] }], unplaced: [], stats };
    expect(PlacementResultSchema.safeParse(result).success).toBe(true);
    const { gap: _gap, ...without } = stats;
    expect(PlacementResultSchema.safeParse({ ...result, stats: without }).success).toBe(false);
  });
});
