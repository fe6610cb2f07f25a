import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rackHeat, type RackHosts, type RackSum } from "./rack-heat";

const rack = (zone: string | null, name: string, hosts = 1): RackHosts => ({ zone, rack: name, hosts });
const sum = (zone: string | null, name: string, resourceClass: string, capacity: number, used: number): RackSum =>
  ({ zone, rack: name, resourceClass, capacity, used });

describe("rackHeat", () => {
  it("sorts racks naturally within zones, zones by name", () => {
    const racks = rackHeat(
      [rack("az2", "az2-r1"), rack("az1", "az1-r10"), rack("az1", "az1-r2", 2)],
      [sum("az2", "az2-r1", "VCPU", 100, 10), sum("az1", "az1-r10", "VCPU", 100, 50), sum("az1", "az1-r2", "VCPU", 400, 120)],
      "VCPU",
    );
    expect(racks.map((r) => [r.rack, r.hosts, r.capacity, r.used])).toEqual([
      ["az1-r2", 2, 400, 120],
      ["az1-r10", 1, 100, 50],
      ["az2-r1", 1, 100, 10],
    ]);
    expect(racks[0]?.fraction).toBeCloseTo(0.3);
  });

  it.each([
    ["a rack without the class", [sum("az1", "r1", "VCPU", 100, 40)], "MEMORY_MB"],
    ["a rack whose hosts hold no inventory", [], "VCPU"],
    ["a rack with no capacity of the class", [sum("az1", "r1", "VCPU", 0, 0)], "VCPU"],
  ])("counts %s as empty rather than dropping it", (_name, sums, rc) => {
    expect(rackHeat([rack("az1", "r1", 3)], sums, rc)).toEqual([
      { zone: "az1", rack: "r1", hosts: 3, resourceClass: rc, capacity: 0, used: 0, fraction: 0 },
    ]);
  });

  it.each([
    ["over-use reads as full", sum("az1", "r1", "VCPU", 100, 150), 1],
    ["half used", sum("az1", "r1", "VCPU", 100, 50), 0.5],
  ])("%s", (_name, s, fraction) => {
    expect(rackHeat([rack("az1", "r1")], [s], "VCPU")[0]?.fraction).toBe(fraction);
  });

  it("keeps racks of the same name in different zones apart, and names a missing zone", () => {
    const racks = rackHeat([rack("az1", "r1"), rack("az2", "r1"), rack(null, "r9")],
      [sum("az1", "r1", "VCPU", 100, 10), sum("az2", "r1", "VCPU", 100, 90)], "VCPU");
    expect(racks.map((r) => [r.zone, r.rack, r.fraction])).toEqual([["(no zone)", "r9", 0], ["az1", "r1", 0.1], ["az2", "r1", 0.9]]);
  });

  it("with several classes, a rack is as full as its fullest class", () => {
    const sums = [
      sum("az1", "r1", "VCPU", 100, 10), sum("az1", "r1", "MEMORY_MB", 1000, 900),
      sum("az1", "r2", "VCPU", 100, 50), sum("az1", "r2", "MEMORY_MB", 1000, 100),
    ];
    expect(rackHeat([rack("az1", "r1"), rack("az1", "r2")], sums, ["VCPU", "MEMORY_MB"]).map((r) => [r.rack, r.resourceClass, r.fraction])).toEqual([
      ["r1", "MEMORY_MB", 0.9],
      ["r2", "VCPU", 0.5],
    ]);
  });

  it("keeps every fraction in [0, 1], one cell per rack, and conserves capacity", () => {
    const arb = fc.uniqueArray(fc.record({
      zone: fc.constantFrom("az1", "az2"), rack: fc.constantFrom("r1", "r2", "r3"), capacity: fc.nat(1000), used: fc.nat(1500),
    }), { selector: (r) => `${r.zone}/${r.rack}`, maxLength: 6 });
    fc.assert(fc.property(arb, (rows) => {
      const racks = rackHeat(rows.map((r) => rack(r.zone, r.rack)), rows.map((r) => sum(r.zone, r.rack, "VCPU", r.capacity, r.used)), "VCPU");
      expect(racks).toHaveLength(rows.length);
      for (const r of racks) {
        expect(r.fraction).toBeGreaterThanOrEqual(0);
        expect(r.fraction).toBeLessThanOrEqual(1);
      }
      expect(racks.reduce((s, r) => s + r.capacity, 0)).toBe(rows.reduce((s, r) => s + r.capacity, 0));
    }));
  });
});
