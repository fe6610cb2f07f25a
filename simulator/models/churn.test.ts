import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulate } from "../simulate";
import { hosts, scenario, vcpu } from "../testing/scenarios";

/** Erlang-B by the stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)). */
function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

describe("churn as a loss system (M/M/c/c)", () => {
  // One host of c slots (VCPU), Poisson arrivals at lambda per hour, exponential lifetimes: the
  // share of arrivals rejected must be the Erlang-B blocking probability of offered load a = lambda x mean.
  it.each([
    { c: 1, arrivalsPerHour: 60, meanSeconds: 30 },
    { c: 2, arrivalsPerHour: 120, meanSeconds: 60 },
    { c: 5, arrivalsPerHour: 180, meanSeconds: 60 },
    { c: 10, arrivalsPerHour: 360, meanSeconds: 120 },
    { c: 20, arrivalsPerHour: 540, meanSeconds: 120 },
    { c: 30, arrivalsPerHour: 900, meanSeconds: 120 },
    { c: 50, arrivalsPerHour: 1800, meanSeconds: 120 },
  ])("c = $c, a = $arrivalsPerHour/h x $meanSeconds s", async ({ c, arrivalsPerHour, meanSeconds }) => {
    const a = (arrivalsPerHour * meanSeconds) / 3600;
    const expected = erlangB(c, a);
    // About 150,000 arrivals: the estimate's standard error is well under 1% of B here.
    const durationSeconds = Math.ceil((150_000 / arrivalsPerHour) * 3600);
    const s = await simulate(scenario({
      durationSeconds,
      stepSeconds: 3600,
      providers: hosts(1, c),
      churn: [{ id: "vm", arrivalsPerHour, lifetime: { kind: "exponential", mean: meanSeconds }, request: vcpu(1) }],
    }), { seed: c });
    const measured = s.placements.rejected / s.placements.requested;
    expect(s.placements.blockingProbability).toBe(measured);
    expect(Math.abs(measured - expected)).toBeLessThanOrEqual(0.04 * expected + 0.002);
  });

  it("holds for random parameter choices (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.4, max: 1.4, noNaN: true }), fc.integer(), async (c, load, seed) => {
        const a = c * load; // offered load in Erlangs, around the number of slots
        const meanSeconds = 100;
        const arrivalsPerHour = (a / meanSeconds) * 3600;
        const s = await simulate(scenario({
          durationSeconds: Math.ceil((80_000 / arrivalsPerHour) * 3600),
          stepSeconds: 3600,
          providers: hosts(1, c),
          churn: [{ id: "vm", arrivalsPerHour, lifetime: { kind: "exponential", mean: meanSeconds }, request: vcpu(1) }],
        }), { seed });
        const expected = erlangB(c, a);
        expect(Math.abs(s.placements.blockingProbability - expected)).toBeLessThanOrEqual(0.06 * expected + 0.004);
      }),
      { numRuns: 6 },
    );
  });

  it("the recursion agrees with the closed form a^c/c! / sum a^k/k!", () => {
    const closed = (c: number, a: number) => {
      let term = 1;
      let sum = 1;
      for (let k = 1; k <= c; k++) {
        term *= a / k;
        sum += term;
      }
      return term / sum;
    };
    for (const [c, a] of [[1, 0.5], [5, 3], [12, 10], [40, 35]] as const) expect(erlangB(c, a)).toBeCloseTo(closed(c, a), 12);
  });
});

describe("churn lifetimes", () => {
  // Little's law on ample capacity: mean VMs alive = arrival rate x mean lifetime; every arrival is placed.
  it.each([
    { lifetime: { kind: "fixed" as const, value: 600 }, mean: 600 },
    { lifetime: { kind: "uniform" as const, min: 300, max: 900 }, mean: 600 },
    { lifetime: { kind: "lognormal" as const, mean: 600, sd: 300 }, mean: 600 },
  ])("$lifetime.kind: mean VMs alive = lambda x mean lifetime", async ({ lifetime, mean }) => {
    const arrivalsPerHour = 3600;
    const s = await simulate(scenario({
      providers: hosts(1, 100_000),
      churn: [{ id: "vm", arrivalsPerHour, lifetime, request: vcpu(1) }],
    }));
    expect(s.placements.rejected).toBe(0);
    expect(s.placements.placed).toBe(s.placements.requested);
    const meanAlive = s.utilization.mean.VCPU! * 100_000;
    // The run starts empty: the first `mean` seconds are a ramp that lowers the average by mean/2 x lambda over the day.
    const expected = (arrivalsPerHour / 3600) * mean * (1 - mean / 2 / 86_400);
    expect(Math.abs(meanAlive - expected) / expected).toBeLessThan(0.02);
  });

  it("fixed lifetimes: the VMs alive at the end of each bucket are exactly those placed in the last lifetime", async () => {
    const s = await simulate(scenario({
      durationSeconds: 7200,
      providers: hosts(1, 100_000),
      churn: [{ id: "vm", arrivalsPerHour: 720, lifetime: { kind: "fixed", value: 1800 }, request: vcpu(1) }],
      output: { series: true },
    }));
    const rows = s.series!;
    expect(rows).toHaveLength(120);
    // A bucket holds the events of (t, t + 60]; a VM placed in bucket j leaves in bucket j + 30.
    rows.forEach((row, k) => {
      const placedInWindow = rows.slice(Math.max(0, k - 29), k + 1).reduce((acc, r) => acc + r.placed!, 0);
      expect(row.vms).toBe(placedInWindow);
    });
    expect(rows.reduce((acc, r) => acc + r.placed!, 0)).toBe(s.placements.placed);
  });

  it("a rate from a trace column: no arrivals while the trace says zero", async () => {
    const s = await simulate(scenario({
      durationSeconds: 7200,
      stepSeconds: 600,
      providers: hosts(1, 1000),
      churn: [{ id: "vm", arrivalsPerHour: { trace: "t.csv", column: "perHour", rowSeconds: 3600 }, lifetime: { kind: "fixed", value: 10 }, request: vcpu(1) }],
      output: { series: true },
    }), { traces: { "t.csv": { perHour: ["0", "3600"] } } });
    const rows = s.series!;
    const placedFirstHour = rows.filter((r) => r.t < 3600).reduce((acc, r) => acc + r.vms!, 0);
    expect(placedFirstHour).toBe(0);
    // Second hour: 3,600 expected arrivals, Poisson sd 60.
    expect(Math.abs(s.placements.requested - 3600)).toBeLessThan(300);
  });
});
