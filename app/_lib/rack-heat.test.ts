import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rackHeat, type HostUsage } from "./rack-heat";

const host = (zone: string | null, rack: string | null, capacity: number, used: number, state = "active"): HostUsage => ({
  zone, rack, state, usage: { VCPU: { capacity, used } },
});

describe("rackHeat", () => {
  it("sums the hosts of a rack and sorts racks naturally within zones", () => {
    const racks = rackHeat([
      host("az2", "az2-r1", 100, 10),
      host("az1", "az1-r10", 100, 50),
      host("az1", "az1-r2", 100, 20),
      host("az1", "az1-r2", 300, 100),
    ], "VCPU");
    expect(racks.map((r) => [r.rack, r.hosts, r.capacity, r.used])).toEqual([
      ["az1-r2", 2, 400, 120],
      ["az1-r10", 1, 100, 50],
      ["az2-r1", 1, 100, 10],
    ]);
    expect(racks[0]?.fraction).toBeCloseTo(0.3);
  });

  it.each([
    ["retired hosts", [host("az1", "r1", 100, 100, "retired")], 0],
    ["hosts outside any rack", [host("az1", null, 100, 100)], 0],
  ])("leaves out %s", (_name, hosts, count) => {
    expect(rackHeat(hosts, "VCPU")).toHaveLength(count);
  });

  it("counts a rack without the class as empty rather than dropping it", () => {
    expect(rackHeat([host("az1", "r1", 100, 40)], "MEMORY_MB")).toEqual([
      { zone: "az1", rack: "r1", hosts: 1, resourceClass: "MEMORY_MB", capacity: 0, used: 0, fraction: 0 },
    ]);
  });

  it("with several classes, a rack is as full as its fullest class", () => {
    const hosts: HostUsage[] = [
      { zone: "az1", rack: "r1", state: "active", usage: { VCPU: { capacity: 100, used: 10 }, MEMORY_MB: { capacity: 1000, used: 900 } } },
      { zone: "az1", rack: "r2", state: "active", usage: { VCPU: { capacity: 100, used: 50 }, MEMORY_MB: { capacity: 1000, used: 100 } } },
    ];
    expect(rackHeat(hosts, ["VCPU", "MEMORY_MB"]).map((r) => [r.rack, r.resourceClass, r.fraction])).toEqual([
      ["r1", "MEMORY_MB", 0.9],
      ["r2", "VCPU", 0.5],
    ]);
  });

  it("keeps every fraction in [0, 1] and conserves capacity", () => {
    const arb = fc.array(fc.record({
      zone: fc.constantFrom("az1", "az2"), rack: fc.constantFrom("r1", "r2", "r3"),
      capacity: fc.nat(1000), used: fc.nat(1500),
    }), { maxLength: 40 });
    fc.assert(fc.property(arb, (rows) => {
      const racks = rackHeat(rows.map((r) => host(r.zone, r.rack, r.capacity, r.used)), "VCPU");
      for (const r of racks) {
        expect(r.fraction).toBeGreaterThanOrEqual(0);
        expect(r.fraction).toBeLessThanOrEqual(1);
      }
      expect(racks.reduce((s, r) => s + r.capacity, 0)).toBe(rows.reduce((s, r) => s + r.capacity, 0));
    }));
  });
});
