/** The pure conversion of an inventory snapshot to the contract's documents (the database read is in test/db/export.test.ts). */
import { describe, expect, it } from "vitest";
import { parsePlacementProblem } from "../../scheduler/contract";
import { parseScenario } from "../../simulator/scenario/validate";
import { exportProblem, exportScenario, type InventorySnapshot, type SnapshotProvider } from "./export";

const inv = (total: number, extra: Partial<SnapshotProvider["inventory"][string]> = {}) =>
  ({ total, reserved: 0, minUnit: 1, maxUnit: total, stepSize: 1, allocationRatio: 1, ...extra });

function provider(name: string, fields: Partial<SnapshotProvider> = {}): SnapshotProvider {
  return {
    name, kind: "host", state: "active", zone: "az1", rack: "r1",
    inventory: { VCPU: inv(32, { allocationRatio: 4 }) }, allocated: {}, traits: [], aggregates: [], ...fields,
  };
}

function snapshot(): InventorySnapshot {
  return {
    providers: [
      provider("h2", { allocated: { VCPU: 10, MEMORY_MB: 0 }, traits: ["A"], aggregates: ["reach"] }),
      provider("ceph", { kind: "storage", rack: null, inventory: { VOLUME_GB: inv(1000, { reserved: 10 }) }, allocated: { VOLUME_GB: 100 } }),
      provider("fip", { kind: "network", zone: null, rack: null, inventory: { FLOATING_IP: inv(250, { reserved: 1 }) } }),
      provider("h1", { zone: "az2", rack: "r9" }),
      provider("h3", { state: "maintenance", allocated: { VCPU: 4 } }),
      provider("h4", { state: "disabled" }),
      provider("h5", { state: "retired" }),
    ],
    serverGroups: [{ name: "web", projectId: "shop", policy: "anti-affinity", scope: "rack" }],
    zones: ["az1", "az2"],
  };
}

describe("exportProblem", () => {
  it("writes active providers by kind then name, ids the names, inventories as stored, positive use only", () => {
    const out = exportProblem(snapshot());
    expect(out.document.providers.map((p) => p.id)).toEqual(["h1", "h2", "ceph", "fip"]);
    expect(out.document.providers[1]).toEqual({
      id: "h2", kind: "host", zone: "az1", rack: "r1",
      inventory: { VCPU: { total: 32, reserved: 0, minUnit: 1, maxUnit: 32, stepSize: 1, allocationRatio: 4 } },
      used: { VCPU: 10 }, traits: ["A"], aggregates: ["reach"],
    });
    expect(out.document.providers[3]).toEqual({ id: "fip", kind: "network", inventory: { FLOATING_IP: inv(250, { reserved: 1 }) } });
    expect(out.document.serverGroups).toEqual([{ id: "shop/web", policy: "anti-affinity", scope: "rack" }]);
    expect(out.document.requests).toEqual([]);
    expect(out.counts).toEqual({ host: 2, storage: 1, network: 1 });
    const parsed = parsePlacementProblem(out.document);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(out.notes.join("\n")).toMatch(/left out 2 provider\(s\) that take no new work \(1 in maintenance, 1 disabled\)/);
    expect(out.notes.join("\n")).toMatch(/left out 1 retired provider/);
  });

  it("includes maintenance, disabled and retired providers only when asked, and says they will take work", () => {
    const unschedulable = exportProblem(snapshot(), { includeUnschedulable: true });
    expect(unschedulable.document.providers.map((p) => p.id)).toEqual(["h1", "h2", "h3", "h4", "ceph", "fip"]);
    expect(unschedulable.notes.join("\n")).toMatch(/2 exported provider\(s\) are not active/);
    const retired = exportProblem(snapshot(), { includeRetired: true });
    expect(retired.document.providers.map((p) => p.id)).toEqual(["h1", "h2", "h5", "ceph", "fip"]);
  });

  it("narrows to a zone, keeping the zone-less storage and networks", () => {
    const out = exportProblem(snapshot(), { zone: "az2" });
    expect(out.document.providers.map((p) => p.id)).toEqual(["h1", "fip"]);
  });

  it("leaves out use of a class without inventory, with a note", () => {
    const s = snapshot();
    s.providers[0]!.allocated.DISK_GB = 7;
    const out = exportProblem(s);
    expect(out.document.providers.find((p) => p.id === "h2")?.used).toEqual({ VCPU: 10 });
    expect(out.notes.join("\n")).toContain("h2 DISK_GB 7");
    const parsed = parsePlacementProblem(out.document);
    expect(parsed.ok).toBe(true);
  });

  it("refuses two server groups that would share an id", () => {
    const s = snapshot();
    s.serverGroups.push({ name: "b/c", projectId: "a", policy: "affinity", scope: "host" }, { name: "c", projectId: "a/b", policy: "affinity", scope: "host" });
    expect(() => exportProblem(s)).toThrow(/a\/b\/c/);
  });
});

describe("exportScenario", () => {
  it("is a valid, empty day named by the date", () => {
    const out = exportScenario(snapshot(), new Date("2026-12-01T23:59:59Z"));
    expect(out.document.name).toBe("inventory-2026-12-01");
    expect(out.document.durationSeconds).toBe(86_400);
    const parsed = parseScenario(out.document, {});
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
  });
});
