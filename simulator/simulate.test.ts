import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulate, ScenarioError } from "./simulate";
import type { Scenario } from "./scenario/schema";
import { parseCsv } from "./trace/csv";
import { hosts, scenario, vcpu } from "./testing/scenarios";

const TRACES = path.resolve(__dirname, "../data");
const WORLDCUP = path.join(TRACES, "traces/worldcup98-requests-per-minute.csv");

/** Everything at once: churn, a service with scaling and a trace-free profile, a rack failure, MTBF failures. */
function busy(solver: "greedy" | "auto"): Scenario {
  return scenario({
    durationSeconds: 6 * 3600,
    providers: [...hosts(6, 32, { zone: "az1", rack: "r1" }), ...hosts(6, 32, { zone: "az2", rack: "r2" })],
    placement: { objective: "pack", solver },
    churn: [{ id: "batch", arrivalsPerHour: 400, lifetime: { kind: "lognormal", mean: 1800, sd: 900 }, request: vcpu(2) }],
    services: [{
      id: "shop", request: vcpu(4), rpsPerInstance: 50, minInstances: 4, maxInstances: 40,
      scaling: { targetUtilization: 0.6, cooldownSeconds: 180, stepInstances: 4, bootSeconds: { kind: "lognormal", mean: 90, sd: 30 } },
      load: { profile: "peak-sale", baseRps: 400, peakMultiplier: 4, peakAt: 3 * 3600 },
    }],
    failures: [{ at: 4 * 3600, target: "r1", repairSeconds: 1800 }, { hostMtbfHours: 48, hostMttrHours: 2 }],
    output: { series: true },
  });
}

const DAY = 86_400;
/** The diurnal profile's integral in closed form: base x (1 - 0.5 cos(2 pi (t - 4 h) / day)) over [0, T]. */
const diurnalRequests = (base: number, T: number) =>
  base * (T - (0.5 * DAY / (2 * Math.PI)) * (Math.sin((2 * Math.PI * (T - 4 * 3600)) / DAY) - Math.sin((2 * Math.PI * -4 * 3600) / DAY)));
/**
 * The peak-sale profile's integral over [0, T] in closed form, for a sale that opens at `open` with
 * T - open >= 0: the diurnal day, plus (peak - diurnal(open)) x base x (the 30-minute ramp to 0.2,
 * 0.1 x 1800 s, and the decay with 2 h constant, 7200 (1 - e^-(T-open)/7200)).
 */
function peakSaleRequests(base: number, peak: number, open: number, T: number): number {
  const extra = peak - (1 - 0.5 * Math.cos((2 * Math.PI * (open - 4 * 3600)) / DAY));
  return diurnalRequests(base, T) + base * extra * (0.1 * 1800 + 7200 * (1 - Math.exp(-(T - open) / 7200)));
}

/**
 * Each metric bucket's dropped requests against the seconds the service was overloaded in it: none
 * without overload, else at most the bucket's rate (constant within a bucket) for that long, half a
 * request more for rounding. Rows hold rates, so a bucket's count is its rate x step. The buckets'
 * drops add up to the service's total.
 */
function expectDropsWithinOverload(s: Awaited<ReturnType<typeof simulate>>, id: string, step: number): void {
  let total = 0;
  for (const row of s.series!) {
    const offered = row[`offered/${id}`]! * step;
    const dropped = offered - row[`served/${id}`]! * step;
    const overload = row[`overload/${id}`]!;
    expect(dropped).toBeGreaterThanOrEqual(-1e-6);
    if (overload === 0) expect(dropped).toBeCloseTo(0, 6);
    else expect(dropped).toBeLessThanOrEqual((offered * overload) / step + 0.5 + 1e-6);
    total += dropped;
  }
  expect(total).toBeCloseTo(s.services.find((x) => x.id === id)!.droppedRequests, 3);
}

const withoutWall = <T extends { wallMs: number }>(s: T) => ({ ...s, wallMs: 0 });

describe("determinism", () => {
  it.each([
    ["greedy", undefined],
    ["auto", undefined],
    ["auto", 0],
  ] as const)("same scenario and seed, same summary to the last digit (batches by %s, online up to %s VMs)", async (solver, onlineBatchMax) => {
    const a = await simulate(busy(solver), { seed: 7, onlineBatchMax });
    const b = await simulate(busy(solver), { seed: 7, onlineBatchMax });
    expect(withoutWall(a)).toEqual(withoutWall(b));
    expect(a.events).toBeGreaterThan(1000);
  });

  it("a different seed gives a different run", async () => {
    const a = await simulate(busy("greedy"), { seed: 1 });
    const b = await simulate(busy("greedy"), { seed: 2 });
    expect(withoutWall(a)).not.toEqual(withoutWall(b));
    // The load is a deterministic profile: offered requests do not depend on the seed.
    expect(a.services[0]!.offeredRequests).toBe(b.services[0]!.offeredRequests);
  });

  it("the scenario's seed is used unless the options override it", async () => {
    const s = busy("greedy");
    expect((await simulate({ ...s, seed: 5 })).seed).toBe(5);
    expect((await simulate({ ...s, seed: 5 }, { seed: 9 })).seed).toBe(9);
    expect((await simulate(s)).seed).toBe(1);
  });
});

describe("batches", () => {
  it.each([
    // The stub engine places nothing: its four are rejected, and the scaler launches four more online.
    ["a batch within onlineBatchMax goes through the online placer only", 4, 0, 4],
    ["a larger one goes through the batch engine", 3, 1, 8],
  ])("%s", async (_what, onlineBatchMax, engineCalls, requested) => {
    let calls = 0;
    const s = await simulate(scenario({
      durationSeconds: 600,
      providers: hosts(4, 32),
      services: [{ id: "web", request: vcpu(2), rpsPerInstance: 10, minInstances: 4, maxInstances: 4,
        scaling: { targetUtilization: 0.6, cooldownSeconds: 60, bootSeconds: { kind: "fixed", value: 30 } }, load: { profile: "flat", baseRps: 10 } }],
    }), { onlineBatchMax, batchPlace: async () => {
      calls++;
      return { placements: [] };
    } });
    expect(calls).toBe(engineCalls);
    expect(s.placements).toMatchObject({ requested, placed: 4 });
  });

  // Every solver and objective a scenario can name, through the real batch engine (onlineBatchMax 0:
  // the initial fleet and the rack's evacuation are batches): 24 VMs of 2 VCPU on 8 hosts of 16 in two
  // racks, rack r1 failing for an hour. Everything fits on the other rack, so nothing may be lost.
  const rackLoss = (solver: "auto" | "glpk" | "highs" | "greedy", objective: "pack" | "spread" | "balance") => scenario({
    durationSeconds: 7200,
    stepSeconds: 600,
    placement: { solver, objective },
    providers: [...hosts(4, 16, { rack: "r1", zone: "az1" }), ...hosts(4, 16, { rack: "r2", zone: "az1" })],
    services: [{ id: "web", request: vcpu(2), rpsPerInstance: 10, minInstances: 24, maxInstances: 24,
      scaling: { targetUtilization: 0.6, cooldownSeconds: 60, bootSeconds: { kind: "fixed", value: 30 } }, load: { profile: "flat", baseRps: 100 } }],
    failures: [{ at: 1800, target: "r1", repairSeconds: 3600 }],
  });
  it.each(["auto", "glpk", "highs", "greedy"] as const)("solver %s: the initial fleet and the rack's evacuation go through the engine, and nothing is lost", async (solver) => {
    let calls = 0;
    const s = await simulate(rackLoss(solver, "pack"), { onlineBatchMax: 0, batchPlace: async (problem, options) => {
      calls++;
      expect(options.solver).toBe(solver);
      return (await import("../scheduler/index")).place(problem, options);
    } });
    expect(calls).toBe(2);
    expect(s.placements.rejected).toBe(0);
    expect(s.placements.placed).toBe(s.placements.requested);
    expect(s.services[0]!.droppedRequests).toBe(0);
    for (const u of Object.values(s.utilization.peak)) expect(u).toBeLessThanOrEqual(1);
  });

  it("the objective reaches the engine: pack uses no more hosts at its peak than spread", async () => {
    const [pack, spread, balance] = await Promise.all((["pack", "spread", "balance"] as const).map((o) => simulate(rackLoss("auto", o), { onlineBatchMax: 0 })));
    // 48 VCPU of 2-VCPU VMs on hosts of 16: pack needs 3 hosts; spread puts them on all 8 (4 once the rack is down).
    expect(pack!.hostsUsedPeak).toBe(3);
    expect(spread!.hostsUsedPeak).toBe(8);
    for (const s of [pack!, spread!, balance!]) expect(s.placements.rejected).toBe(0);
  });
});

describe("the summary", () => {
  it("adds up: placements, requests, utilisation within 0..1, series rows per step", async () => {
    const s = await simulate(busy("greedy"));
    expect(s.placements.placed + s.placements.rejected).toBe(s.placements.requested);
    // Offered requests against the profile's integral worked out in closed form (whole requests, the
    // remainder carried: within one); dropped ones against the time the service was overloaded.
    const shop = s.services[0]!;
    expect(Math.abs(shop.offeredRequests - peakSaleRequests(400, 4, 3 * 3600, 6 * 3600))).toBeLessThanOrEqual(1);
    expect(shop.droppedRequests).toBeGreaterThan(0);
    expectDropsWithinOverload(s, "shop", 60);
    expect(Object.keys(s.utilization.mean).sort()).toEqual(["MEMORY_MB", "VCPU"]);
    expect(s.utilization.mean.VCPU).toBeGreaterThan(0);
    for (const rc of Object.keys(s.utilization.mean)) {
      expect(s.utilization.mean[rc]).toBeGreaterThanOrEqual(0);
      expect(s.utilization.peak[rc]).toBeLessThanOrEqual(1 + 1e-9);
      expect(s.utilization.mean[rc]).toBeLessThanOrEqual(s.utilization.peak[rc]!);
    }
    expect(s.series).toHaveLength(360);
    expect(s.series!.reduce((acc, r) => acc + r.placed! + r.rejected!, 0)).toBe(s.placements.requested);
    expect(s.hostsUsedPeak).toBeLessThanOrEqual(12);
    expect(Math.max(...s.series!.map((r) => r.hostsInUse!))).toBeLessThanOrEqual(s.hostsUsedPeak);
  });

  it("leaves the series out unless asked", async () => {
    const s = await simulate({ ...busy("greedy"), output: undefined });
    expect(s.series).toBeUndefined();
    expect((await simulate({ ...busy("greedy"), output: undefined }, { series: true })).series).toHaveLength(360);
  });

  it("reports progress in order, ending at 1", async () => {
    const seen: number[] = [];
    await simulate(busy("greedy"), { onProgress: (p) => seen.push(p.fraction) });
    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toBe(1);
  });

  it("refuses a scenario that does not check, naming the field", async () => {
    const bad = scenario({ providers: hosts(1, 4), failures: [{ at: 1, target: "nowhere" }] });
    await expect(simulate(bad)).rejects.toThrow(ScenarioError);
    await expect(simulate(bad)).rejects.toThrow(/failures\.0\.target/);
  });
});

describe("shared providers' utilisation (storage and network)", () => {
  it("reports each class of storage backends and networks over time, by hand: 4 instances x 100 GB of 1,000 GB and 4 of 10 addresses", async () => {
    const s = await simulate(scenario({
      durationSeconds: 600,
      stepSeconds: 60,
      output: { series: true },
      providers: [
        ...hosts(1, 64),
        { id: "ceph", kind: "storage", inventory: { VOLUME_GB: { total: 1000 } } },
        { id: "net", kind: "network", inventory: { IPV4_ADDRESS: { total: 10 } } },
      ],
      services: [{
        id: "web", rpsPerInstance: 100, minInstances: 4, maxInstances: 4,
        request: { compute: { resources: { VCPU: 1 } }, storage: [{ resources: { VOLUME_GB: 100 } }], network: [{ resources: { IPV4_ADDRESS: 1 } }] },
        scaling: { targetUtilization: 1, cooldownSeconds: 0, bootSeconds: { kind: "fixed", value: 0 } },
        load: { profile: "flat", baseRps: 100 },
      }],
    }));
    expect(s.sharedUtilization).toEqual({
      storage: { peak: { VOLUME_GB: 0.4 }, mean: { VOLUME_GB: 0.4 } },
      network: { peak: { IPV4_ADDRESS: 0.4 }, mean: { IPV4_ADDRESS: 0.4 } },
    });
    expect(s.series).toHaveLength(10);
    for (const row of s.series!) {
      expect(row["util/storage/VOLUME_GB"]).toBeCloseTo(0.4, 12);
      expect(row["util/network/IPV4_ADDRESS"]).toBeCloseTo(0.4, 12);
    }
    // Hosts' utilisation stays over hosts only: 4 of 64 VCPU.
    expect(s.utilization.mean.VCPU).toBeCloseTo(4 / 64, 12);
  });

  it("leaves the field out where there are no shared providers", async () => {
    const s = await simulate(scenario({ durationSeconds: 60, providers: hosts(1, 4) }));
    expect(s.sharedUtilization).toBeUndefined();
  });
});

describe("replaying the World Cup 1998 trace (Arlitt & Jin, Internet Traffic Archive)", () => {
  it("three hours of the 1998-06-30 evening at 3x: offered requests are exactly 3x the trace's counts", async () => {
    const table = parseCsv(readFileSync(WORLDCUP, "utf8"));
    const start = table.period!.indexOf("1998-06-30 18:00:00");
    expect(start).toBeGreaterThan(0);
    const counts = table.count!.slice(start, start + 180).map(Number);
    const s = await simulate(scenario({
      durationSeconds: 3 * 3600,
      loadMultiplier: 3,
      providers: hosts(40, 64),
      services: [{
        id: "www", request: vcpu(4), rpsPerInstance: 100, minInstances: 10, maxInstances: 400,
        scaling: { targetUtilization: 0.6, cooldownSeconds: 120, bootSeconds: { kind: "lognormal", mean: 120, sd: 40 } },
        load: { trace: "wc.csv", column: "count", timeColumn: "period", startAt: "1998-06-30 18:00:00", scale: 1 / 60 },
      }],
      output: { series: true },
    }), { traces: { "wc.csv": table } });
    const www = s.services[0]!;
    // count/60 rps over a 60 s bucket is `count` requests; x3. Rounding carries, so the total is exact.
    expect(www.offeredRequests).toBe(3 * counts.reduce((a, b) => a + b, 0));
    s.series!.forEach((row, i) => expect(Math.round(row["offered/www"]! * 60)).toBe(3 * counts[i]!));
    expect(www.servedRequests).toBeLessThanOrEqual(www.offeredRequests);
    expect(www.servedRequests).toBeLessThanOrEqual(www.peakInstances * 100 * 3 * 3600);
    // The evening's flash crowd needs far more than the 10 initial instances: the scaler follows.
    expect(www.peakInstances).toBeGreaterThan(50);
    expect(www.droppedRequests).toBeGreaterThan(0);
    expect(www.droppedRequests / www.offeredRequests).toBeLessThan(0.2);
  });
});

describe("invariants over random scenarios (property)", () => {
  it("never over-commits a zone, counts every placement once, and serves no more than offered", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          perZone: fc.integer({ min: 1, max: 4 }),
          vcpu: fc.integer({ min: 2, max: 16 }),
          rate: fc.integer({ min: 10, max: 2000 }),
          life: fc.integer({ min: 10, max: 3600 }),
          size: fc.integer({ min: 1, max: 4 }),
          fail: fc.integer({ min: 0, max: 7200 }),
          repair: fc.integer({ min: 1, max: 3600 }),
          rps: fc.integer({ min: 0, max: 3000 }),
          seed: fc.integer(),
        }),
        async ({ perZone, vcpu: cores, rate, life, size, fail, repair, rps, seed }) => {
          const s = await simulate(scenario({
            durationSeconds: 7200,
            providers: [...hosts(perZone, cores, { zone: "az1", rack: "r1" }), ...hosts(perZone, cores, { zone: "az2", rack: "r2" })],
            churn: [{ id: "vm", arrivalsPerHour: rate, lifetime: { kind: "exponential", mean: life }, request: vcpu(size) }],
            services: [{ id: "web", request: vcpu(1), rpsPerInstance: 100, minInstances: 1, maxInstances: 2 * perZone * cores,
              scaling: { targetUtilization: 0.8, cooldownSeconds: 60, bootSeconds: { kind: "fixed", value: 30 } },
              load: { profile: "diurnal", baseRps: rps } }],
            failures: [{ at: fail, target: "r1", repairSeconds: repair }, { hostMtbfHours: 2, hostMttrHours: 0.5 }],
            output: { series: true },
          }), { seed });
          expect(s.placements.placed + s.placements.rejected).toBe(s.placements.requested);
          for (const row of s.series!) {
            for (const zone of ["az1", "az2"]) expect(row[`util/${zone}/VCPU`]).toBeLessThanOrEqual(1 + 1e-9);
            expect(row.vms).toBeGreaterThanOrEqual(0);
            expect(row["served/web"]).toBeLessThanOrEqual(row["offered/web"]! + 1e-9);
          }
          expect(s.utilization.peak.VCPU).toBeLessThanOrEqual(1 + 1e-9);
          // Offered: the diurnal integral in closed form; dropped: against the overloaded time, by bucket.
          expect(Math.abs(s.services[0]!.offeredRequests - diurnalRequests(rps, 7200))).toBeLessThanOrEqual(1);
          expectDropsWithinOverload(s, "web", 60);
        },
      ),
      { numRuns: 15 },
    );
  });
});
