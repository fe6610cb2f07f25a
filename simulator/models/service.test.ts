import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulate } from "../simulate";
import type { ServiceSpec } from "../scenario/schema";
import { hosts, scenario, vcpu } from "../testing/scenarios";

function service(parts: Partial<ServiceSpec> & Pick<ServiceSpec, "load">): ServiceSpec {
  return {
    id: "web",
    request: vcpu(1),
    rpsPerInstance: 100,
    minInstances: 1,
    maxInstances: 100,
    scaling: { targetUtilization: 1, cooldownSeconds: 0, bootSeconds: { kind: "fixed", value: 0 } },
    ...parts,
  };
}

describe("service load against fixed capacity", () => {
  // min = max = n instances: capacity n x 100 rps; flat load L for 600 s.
  it.each([
    { n: 4, load: 300, served: 300 * 600, overload: 0 },
    { n: 4, load: 400, served: 400 * 600, overload: 0 },
    { n: 4, load: 1000, served: 400 * 600, overload: 600 },
    { n: 1, load: 250.5, served: 100 * 600, overload: 600 },
  ])("$n instances, flat $load rps: served $served", async ({ n, load, served, overload }) => {
    const s = await simulate(scenario({
      durationSeconds: 600,
      providers: hosts(1, 64),
      services: [service({ minInstances: n, maxInstances: n, load: { profile: "flat", baseRps: load } })],
    }));
    const web = s.services[0]!;
    expect(web.offeredRequests).toBe(Math.round(load * 600));
    expect(web.servedRequests).toBe(served);
    expect(web.droppedRequests).toBe(Math.round(load * 600) - served);
    expect(web.overloadSeconds).toBe(overload);
    expect(web.peakInstances).toBe(n);
  });

  it("the load multiplier scales the offered load", async () => {
    const run = (loadMultiplier: number) => simulate(scenario({
      durationSeconds: 600, loadMultiplier, providers: hosts(1, 64),
      services: [service({ minInstances: 2, maxInstances: 2, load: { profile: "flat", baseRps: 150 } })],
    }));
    const [one, three] = await Promise.all([run(1), run(3)]);
    expect(three.services[0]!.offeredRequests).toBe(3 * one.services[0]!.offeredRequests);
    expect(three.services[0]!.servedRequests).toBe(200 * 600);
  });
});

describe("elastic scaling", () => {
  it("reaches the desired count step by step, after cooldown and boot (worked by hand)", async () => {
    // 1,000 rps at 100 rps per instance and target 0.5: desired 20. Start with 2; steps of 6,
    // cooldown 120 s, boots of 90 s, buckets of 60 s. Launches at 60, 180, 300 (8, 14, 20 in
    // flight); they serve from 150, 270, 390. Capacity: 200 rps to 150, 800 to 270, then 1,400.
    const s = await simulate(scenario({
      durationSeconds: 600,
      providers: hosts(1, 64),
      services: [service({
        minInstances: 1, maxInstances: 40, initialInstances: 2,
        scaling: { targetUtilization: 0.5, cooldownSeconds: 120, stepInstances: 6, bootSeconds: { kind: "fixed", value: 90 } },
        load: { profile: "flat", baseRps: 1000 },
      })],
      output: { series: true },
    }));
    const instances = s.series!.map((r) => r["instances/web"]);
    const booting = s.series!.map((r) => r["booting/web"]);
    // Rows are buckets [t, t+60) with the counts at the bucket's end, before that instant's scaling decision.
    expect(instances).toEqual([2, 2, 8, 8, 14, 14, 20, 20, 20, 20]);
    expect(booting).toEqual([0, 6, 0, 6, 0, 6, 0, 0, 0, 0]);
    const web = s.services[0]!;
    expect(web.offeredRequests).toBe(600_000);
    expect(web.servedRequests).toBe(200 * 150 + 800 * 120 + 1000 * 330);
    // Dropped: what the load exceeded capacity by while it did, 800 rps to 150 s and 200 rps to 270 s.
    expect(web.droppedRequests).toBe((1000 - 200) * 150 + (1000 - 800) * 120);
    expect(web.overloadSeconds).toBe(270);
    // Overloaded until 270 s (capacity 800 < 1,000 rps), by bucket.
    expect(s.series!.map((r) => r["overload/web"])).toEqual([60, 60, 60, 60, 30, 0, 0, 0, 0, 0]);
    expect(web.peakInstances).toBe(20);
    expect(s.placements.requested).toBe(2 + 18);
  });

  it("without a step it launches the whole difference at once, and scales in when the load falls", async () => {
    // Load from a trace: 1,000 rps for 10 minutes, then 100 rps. Target 1: desired 10, then 1.
    const s = await simulate(scenario({
      durationSeconds: 1800,
      providers: hosts(1, 64),
      services: [service({
        minInstances: 1, maxInstances: 40,
        scaling: { targetUtilization: 1, cooldownSeconds: 300, bootSeconds: { kind: "fixed", value: 30 } },
        load: { trace: "load.csv", column: "rps", rowSeconds: 600 },
      })],
      output: { series: true },
    }), { traces: { "load.csv": { rps: ["1000", "100", "100"] } } });
    const instances = s.series!.map((r) => r["instances/web"]);
    expect(instances[0]).toBe(1); // launched 9 at 60, they boot at 90
    expect(instances[1]).toBe(10);
    expect(Math.max(...instances.map(Number))).toBe(10);
    // The load falls at 600; the bucket that sees it closes at 660 (row 10, still 10 instances) and the
    // scaler, its cooldown long over, scales in to 1 at once.
    expect(instances[10]).toBe(10);
    expect(instances[11]).toBe(1);
    expect(s.services[0]!.peakInstances).toBe(10);
  });

  it("stays within min and max", async () => {
    const s = await simulate(scenario({
      durationSeconds: 3600,
      providers: hosts(1, 64),
      services: [service({ minInstances: 3, maxInstances: 5, load: { profile: "diurnal", baseRps: 10_000 } })],
      output: { series: true },
    }));
    for (const row of s.series!) expect(row["instances/web"]! + row["booting/web"]!).toBeLessThanOrEqual(5);
    expect(s.series!.every((r) => r["instances/web"]! >= 3)).toBe(true);
  });
});

describe("served against offered and capacity (property)", () => {
  it("for any loads, capacities, steps and boots", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          baseRps: fc.double({ min: 0, max: 5000, noNaN: true }),
          profile: fc.constantFrom("flat" as const, "diurnal" as const, "peak-sale" as const),
          min: fc.integer({ min: 0, max: 5 }),
          extra: fc.integer({ min: 0, max: 20 }),
          step: fc.integer({ min: 7, max: 900 }),
          boot: fc.double({ min: 0, max: 600, noNaN: true }),
          seed: fc.integer(),
        }),
        async ({ baseRps, profile, min, extra, step, boot, seed }) => {
          const s = await simulate(scenario({
            durationSeconds: 6 * 3600,
            stepSeconds: step,
            providers: hosts(2, 16),
            services: [service({
              minInstances: min, maxInstances: min + extra,
              scaling: { targetUtilization: 0.7, cooldownSeconds: 120, bootSeconds: { kind: "exponential", mean: boot + 1 } },
              load: profile === "peak-sale" ? { profile, baseRps, peakMultiplier: 3, peakAt: 3 * 3600 } : { profile, baseRps },
            })],
          }), { seed });
          for (const x of s.services) {
            expect(Number.isInteger(x.offeredRequests) && Number.isInteger(x.servedRequests)).toBe(true);
            // Against the scenario, not the service's own books: never more served than offered, nor more
            // than the most instances allowed could serve; a flat load offers its rate times the duration.
            expect(x.servedRequests).toBeLessThanOrEqual(x.offeredRequests);
            expect(x.servedRequests).toBeLessThanOrEqual(Math.ceil((min + extra) * 100 * 6 * 3600));
            if (profile === "flat") expect(Math.abs(x.offeredRequests - baseRps * 6 * 3600)).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
