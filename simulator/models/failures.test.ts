import { describe, expect, it } from "vitest";
import { simulate } from "../simulate";
import { hosts, scenario, vcpu } from "../testing/scenarios";
import type { Scenario } from "../scenario/schema";
import { resolveTarget } from "./failures";

// Two zones of one rack each, two hosts of 8 VCPU per rack: either rack alone holds the whole service.
const providers = [...hosts(2, 8, { zone: "az1", rack: "r1" }), ...hosts(2, 8, { zone: "az2", rack: "r2" })];
const web = {
  id: "web", request: vcpu(4), rpsPerInstance: 100, minInstances: 4, maxInstances: 4,
  scaling: { targetUtilization: 1, cooldownSeconds: 0, bootSeconds: { kind: "fixed" as const, value: 120 } },
  load: { profile: "flat" as const, baseRps: 300 },
};

function rowAt(s: { series?: { t: number }[] }, t: number): Record<string, number> {
  const row = s.series!.find((r) => r.t === t);
  if (!row) throw new Error(`no row at ${t}`);
  return row as Record<string, number>;
}

describe("rack failures", () => {
  it("a failed rack's instances are rescheduled elsewhere, and the repaired rack takes them back when the other fails", async () => {
    // r1 fails at 600 for 600 s: whatever it held moves to r2. At 1800 r2 fails: everything must move
    // back to r1, which is possible only because r1 was repaired at 1200.
    const s = await simulate(scenario({
      durationSeconds: 3000,
      providers,
      services: [web],
      failures: [{ at: 600, target: "r1", repairSeconds: 600 }, { at: 1800, target: "r2", repairSeconds: 600 }],
      output: { series: true },
    }));
    // A row is the bucket [t, t + 60): utilisation is its mean, counts are at its end (after that instant's events).
    const before = rowAt(s, 480);
    const onR1 = Math.round((before["util/az1/VCPU"]! * 16) / 4);
    expect(onR1 + Math.round((before["util/az2/VCPU"]! * 16) / 4)).toBe(4);
    // While r1 is down it holds nothing and the whole service is on r2.
    expect(rowAt(s, 480).hostsDown).toBe(0);
    for (const t of [600, 900, 1080]) {
      expect(rowAt(s, t)["util/az1/VCPU"]).toBe(0);
      expect(rowAt(s, t)["util/az2/VCPU"]).toBeCloseTo(1, 12);
      expect(rowAt(s, t).hostsDown).toBe(2);
    }
    expect(rowAt(s, 1140).hostsDown).toBe(0);
    // r2 fails at 1800: all four move to the repaired r1.
    for (const t of [1800, 2100]) {
      expect(rowAt(s, t)["util/az2/VCPU"]).toBe(0);
      expect(rowAt(s, t)["util/az1/VCPU"]).toBeCloseTo(1, 12);
    }
    // The evacuated instances boot again (120 s): none serves from 1800 to 1920.
    expect(rowAt(s, 1740)["instances/web"]).toBe(0);
    expect(rowAt(s, 1740)["booting/web"]).toBe(4);
    expect(rowAt(s, 1860)["instances/web"]).toBe(4);
    // Placements: 4 initial, the ones on r1 at 600, then all 4 at 1800; nothing rejected.
    expect(s.placements).toMatchObject({ requested: 4 + onR1 + 4, placed: 4 + onR1 + 4, rejected: 0 });
    // The service lost capacity for the boots: 300 rps needs 3 instances, 0 were running for 120 s after 1800.
    expect(s.services[0]!.overloadSeconds).toBe(onR1 >= 2 ? 240 : 120);
    // Counted from the scenario, not from the service's own books: 300 rps for 3,000 s offered; nothing runs for
    // 120 s after 1800, so at least 300 x 120 dropped; and requests drop only while overloaded, at most 300 a second.
    const w = s.services[0]!;
    expect(w.offeredRequests).toBe(300 * 3000);
    expect(w.servedRequests).toBeLessThanOrEqual(300 * 3000 - 300 * 120);
    expect(w.servedRequests).toBeGreaterThanOrEqual(300 * 3000 - 300 * w.overloadSeconds);
  });

  it("with no room left, evacuated churn VMs are lost and count as rejected placements", async () => {
    // One host of each zone, 4 VCPU each, a churn of long-lived 1-VCPU VMs that fills both. Losing az1 loses what it held.
    const s = await simulate(scenario({
      durationSeconds: 7200,
      providers: [...hosts(1, 4, { zone: "az1", rack: "r1" }), ...hosts(1, 4, { zone: "az2", rack: "r2" })],
      churn: [{ id: "vm", arrivalsPerHour: 3600, lifetime: { kind: "fixed", value: 1e6 }, request: vcpu(1) }],
      failures: [{ at: 3600, target: "az1" }],
      output: { series: true },
    }));
    expect(rowAt(s, 3480).vms).toBe(8);
    expect(rowAt(s, 3540).vms).toBe(4); // the bucket ending at 3600 sees the failure
    expect(rowAt(s, 3540).hostsDown).toBe(1);
    expect(s.placements.placed).toBe(8);
    expect(s.placements.requested).toBe(s.placements.placed + s.placements.rejected);
  });

  it("random host failures by MTBF/MTTR take hosts down and bring them back", async () => {
    const base: Scenario = scenario({
      durationSeconds: 7 * 86_400,
      stepSeconds: 3600,
      providers: hosts(20, 8),
      services: [{ ...web, minInstances: 10, maxInstances: 10 }],
      failures: [{ hostMtbfHours: 24, hostMttrHours: 4 }],
      output: { series: true },
    });
    const s = await simulate(base);
    const down = s.series!.map((r) => r.hostsDown!);
    // Expected down share: MTTR / (MTBF + MTTR) = 1/7 of 20 hosts, about 2.9.
    const meanDown = down.reduce((a, b) => a + b, 0) / down.length;
    expect(meanDown).toBeGreaterThan(1.5);
    expect(meanDown).toBeLessThan(4.5);
    expect(Math.min(...down)).toBeGreaterThanOrEqual(0);
    expect(s.placements.requested).toBeGreaterThan(10);
    const w = s.services[0]!;
    // From the scenario: 300 rps for the week offered; drops only while overloaded, at most 300 a second.
    expect(w.offeredRequests).toBe(300 * 7 * 86_400);
    expect(w.servedRequests).toBeLessThanOrEqual(w.offeredRequests);
    expect(w.servedRequests).toBeGreaterThanOrEqual(w.offeredRequests - 300 * w.overloadSeconds);
  });

  it.each([
    ["a provider id", "r1-1", [0]],
    ["a rack", "r2", [2, 3]],
    ["a zone", "az1", [0, 1]],
    ["nothing", "nowhere", []],
  ])("a target naming %s resolves to its providers", (_what, target, expected) => {
    expect(resolveTarget(providers, target)).toEqual(expected);
  });
});

describe("failures and pinned requests", () => {
  it("a VM pinned to a host that fails is lost, not sent to the batch engine with a host it cannot name", async () => {
    const s = await simulate(scenario({
      durationSeconds: 600,
      placement: { solver: "auto" },
      providers: [...hosts(1, 4, { zone: "az1", rack: "r1" }), ...hosts(1, 4, { zone: "az2", rack: "r2" })],
      churn: [{ id: "pinned", arrivalsPerHour: 360, lifetime: { kind: "fixed", value: 1e6 }, request: { ...vcpu(1), pinnedHost: "r1-1" } }],
      failures: [{ at: 300, target: "r1" }],
      output: { series: true },
    }));
    expect(s.series![s.series!.length - 1]!.vms).toBe(0);
    expect(s.placements.rejected).toBeGreaterThan(0);
  });
});
