import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulate } from "../simulate";
import { erlangB } from "../testing/queueing";
import { hosts, scenario, vcpu } from "../testing/scenarios";

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

/**
 * Erlang C, the probability that an arrival waits in M/M/c with offered load a < c, from Erlang B
 * by C = c B / (c - a (1 - B)); the mean wait of all arrivals is C / (c mu - lambda).
 */
function erlangC(c: number, a: number): number {
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

describe("churn as a delay system (M/M/c, whenFull: wait)", () => {
  // One host of c slots, Poisson arrivals, exponential lifetimes, requests that find no room wait
  // first come first served: the share that waits must be Erlang C, the mean wait C / (c mu - lambda).
  it.each([
    { c: 1, load: 0.5 },
    { c: 2, load: 0.7 },
    { c: 5, load: 0.8 },
    { c: 10, load: 0.85 },
    { c: 20, load: 0.85 },
  ])("c = $c at utilisation $load", async ({ c, load }) => {
    const meanSeconds = 100;
    const a = c * load;
    const arrivalsPerHour = (a / meanSeconds) * 3600;
    const lambda = arrivalsPerHour / 3600;
    // About 300,000 arrivals. Waits are strongly correlated near saturation: measured over four seeds at
    // utilisation 0.85 the share that waits was within 4% of Erlang C and the mean wait within 8%.
    const s = await simulate(scenario({
      durationSeconds: Math.ceil(300_000 / lambda),
      stepSeconds: 3600,
      providers: hosts(1, c),
      churn: [{ id: "vm", arrivalsPerHour, lifetime: { kind: "exponential", mean: meanSeconds }, request: vcpu(1), whenFull: "wait" }],
    }), { seed: 11 * c });
    const q = s.queues![0]!;
    const pWait = erlangC(c, a);
    const meanWait = pWait / (c / meanSeconds - lambda);
    expect(Math.abs(q.waitedShare - pWait)).toBeLessThanOrEqual(0.05 * pWait + 0.005);
    expect(Math.abs(q.meanWaitSeconds - meanWait)).toBeLessThanOrEqual(0.1 * meanWait + 0.5);
    // Nothing is lost in a delay system: every arrival is placed or still waiting.
    expect(s.placements.rejected).toBe(0);
    expect(s.firstRejectionSeconds).toBeUndefined();
    expect(s.placements.requested).toBe(q.arrivals);
    expect(s.placements.placed + q.waitingAtEnd).toBe(s.placements.requested);
  });

  it("Erlang C from Erlang B agrees with the closed form (a^c/c! x c/(c-a)) / (sum_{k<c} a^k/k! + a^c/c! x c/(c-a))", () => {
    const closed = (c: number, a: number) => {
      let term = 1;
      let sum = 0;
      for (let k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
      }
      const top = (term * c) / (c - a);
      return top / (sum + top);
    };
    for (const [c, a] of [[1, 0.5], [5, 3], [12, 10], [40, 35]] as const) expect(erlangC(c, a)).toBeCloseTo(closed(c, a), 12);
  });

  it("serves first come first served, and a request that waits longer than maxWaitSeconds gives up (counted as rejected)", async () => {
    // One slot, lifetimes of exactly 100 s, arrivals every ~10 s: a queue forms; with maxWaitSeconds 50
    // every request that would wait more than 50 s gives up, so no admitted request waited longer.
    const s = await simulate(scenario({
      durationSeconds: 20_000,
      stepSeconds: 1000,
      providers: hosts(1, 1),
      output: { series: true },
      churn: [{ id: "vm", arrivalsPerHour: 360, lifetime: { kind: "fixed", value: 100 }, request: vcpu(1), whenFull: "wait", maxWaitSeconds: 50 }],
    }), { seed: 5 });
    const q = s.queues![0]!;
    expect(q.abandoned).toBeGreaterThan(0);
    expect(q.maxWaitSeconds).toBeLessThanOrEqual(50);
    expect(s.placements.rejected).toBe(q.abandoned);
    expect(s.placements.placed + s.placements.rejected + q.waitingAtEnd).toBe(s.placements.requested);
    // One slot of 100 s: at most one placement per 100 s.
    expect(s.placements.placed).toBeLessThanOrEqual(20_000 / 100 + 1);
    expect(s.series!.every((row) => row["waiting/vm"]! >= 0)).toBe(true);
  });

  it("admits the head of the queue when a failed host comes back", async () => {
    // One slot, VMs living 10,000 s, about one arrival a second: the first VM takes the slot, the rest
    // wait. The host fails at 100 s (its VM is evacuated, finds no host, is lost) and is repaired at 200 s,
    // when exactly one waiting request is admitted.
    const s = await simulate(scenario({
      durationSeconds: 300,
      stepSeconds: 50,
      providers: hosts(1, 1),
      output: { series: true },
      churn: [{ id: "vm", arrivalsPerHour: 3600, lifetime: { kind: "fixed", value: 10_000 }, request: vcpu(1), whenFull: "wait" }],
      failures: [{ at: 100, target: "h-1", repairSeconds: 100 }],
    }), { seed: 2 });
    const q = s.queues![0]!;
    // A bucket [t, t + 50) holds the events of (t, t + 50]: the failure at 100 falls in the row t = 50,
    // the repair (and admission) at 200 in the row t = 150.
    const row = (t: number) => s.series!.find((r) => r.t === t)!;
    expect([0, 50, 100, 150, 200, 250].map((t) => row(t).placed)).toEqual([1, 0, 0, 1, 0, 0]);
    expect(row(50).rejected).toBe(1);
    expect(row(100)["waiting/vm"]).toBeGreaterThan(row(50)["waiting/vm"]!);
    expect(s.placements.placed).toBe(2);
    expect(s.placements.rejected).toBe(1); // the evacuated VM, lost
    expect(s.firstRejectionSeconds).toBe(100);
    expect(q.waitingAtEnd).toBe(q.arrivals - 2);
  });

  it("is refused where it makes no sense: maxWaitSeconds without whenFull wait", async () => {
    const { parseScenario } = await import("../scenario/validate");
    const bad = scenario({ providers: hosts(1, 1), churn: [{ id: "vm", arrivalsPerHour: 1, lifetime: { kind: "fixed", value: 1 }, request: vcpu(1), maxWaitSeconds: 5 }] });
    const out = parseScenario(bad, {});
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.issues.map((i) => i.path.join("."))).toContain("churn.0.maxWaitSeconds");
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
