import { describe, expect, it } from "vitest";
import { estimate, replicate, tFactor } from "./replicate";
import type { Scenario } from "./scenario/schema";
import { parseScenario } from "./scenario/validate";
import { simulate } from "./simulate";
import { formatSummary } from "./summary";
import type { SimulationSummary } from "./summary";
import { erlangB } from "./testing/queueing";
import { hosts, scenario, vcpu } from "./testing/scenarios";

/**
 * Two-sided coverage of [-t, t] under Student's t with nu degrees of freedom, by numeric
 * integration of the density, independent of the library under test. With t = sqrt(nu) tan(theta)
 * the density (1 + t^2/nu)^(-(nu+1)/2) dt becomes sqrt(nu) cos(theta)^(nu-1) dtheta, a smooth
 * integrand on [0, pi/2], so P(|T| <= t) = I(atan(t / sqrt(nu))) / I(pi/2) with
 * I(x) = integral_0^x cos^(nu-1); composite Simpson's rule with 20,000 panels.
 */
function tCoverage(t: number, nu: number): number {
  const integral = (x: number) => {
    const n = 20_000;
    const h = x / n;
    const f = (theta: number) => Math.cos(theta) ** (nu - 1);
    let sum = f(0) + f(x);
    for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * f(k * h);
    return (sum * h) / 3;
  };
  return integral(Math.atan(t / Math.sqrt(nu))) / integral(Math.PI / 2);
}

/** M/M/c/c: one host of c one-VCPU slots, Poisson arrivals, exponential lifetimes of `meanSeconds`, offered load a Erlangs. */
function lossSystem(c: number, a: number, hours: number, runs: number, meanSeconds = 60): Scenario {
  return scenario({
    durationSeconds: hours * 3600,
    stepSeconds: 3600,
    providers: hosts(1, c),
    churn: [{ id: "vm", arrivalsPerHour: (a / meanSeconds) * 3600, lifetime: { kind: "exponential", mean: meanSeconds }, request: vcpu(1) }],
    replications: { runs },
  });
}

/** Churn, a scaled service and random host failures: every metric of the replication summary varies. */
function mixed(runs: number): Scenario {
  return scenario({
    durationSeconds: 4 * 3600,
    providers: [...hosts(3, 16, { zone: "az1", rack: "r1" }), ...hosts(3, 16, { zone: "az2", rack: "r2" })],
    churn: [{ id: "batch", arrivalsPerHour: 120, lifetime: { kind: "exponential", mean: 1800 }, request: vcpu(2) }],
    services: [{
      id: "shop", request: vcpu(2), rpsPerInstance: 20, minInstances: 2, maxInstances: 20,
      scaling: { targetUtilization: 0.6, cooldownSeconds: 120, bootSeconds: { kind: "lognormal", mean: 90, sd: 40 } },
      load: { profile: "peak-sale", baseRps: 60, peakMultiplier: 4, peakAt: 2 * 3600 },
    }],
    failures: [{ hostMtbfHours: 6, hostMttrHours: 1 }],
    replications: { runs },
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("the t factor", () => {
  it.each([1, 2, 3, 4, 7, 9, 19, 99, 999])("covers the asked share of Student's t with %d degrees of freedom (numeric integration)", (nu) => {
    for (const confidence of [0.5, 0.8, 0.9, 0.95, 0.99, 0.999]) {
      const t = tFactor(confidence, nu);
      expect(Math.abs(tCoverage(t, nu) - confidence)).toBeLessThan(1e-9);
    }
  });

  it("matches the closed forms for 1 and 2 degrees of freedom", () => {
    for (const confidence of [0.8, 0.95, 0.99]) {
      const p = 1 - (1 - confidence) / 2;
      expect(tFactor(confidence, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9); // Cauchy
      expect(tFactor(confidence, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 9);
    }
  });

  it("grows with the confidence and shrinks towards the normal quantile with more degrees of freedom", () => {
    expect(tFactor(0.99, 4)).toBeGreaterThan(tFactor(0.95, 4));
    expect(tFactor(0.95, 4)).toBeGreaterThan(tFactor(0.95, 30));
    // With very many degrees of freedom, the standard normal's 97.5% point.
    expect(tFactor(0.95, 1e7)).toBeCloseTo(1.959964, 5);
  });

  it.each([[0, 4], [1, 4], [1.5, 4], [Number.NaN, 4], [0.95, 0]])("refuses confidence %s with %s degrees of freedom", (confidence, df) => {
    expect(() => tFactor(confidence, df)).toThrow(RangeError);
  });
});

describe("estimate", () => {
  it("mean, sample sd (n - 1) and mean ± t sd / sqrt(n)", () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32.
    const e = estimate([2, 4, 4, 4, 5, 5, 7, 9], 2.5);
    expect(e.mean).toBe(5);
    expect(e.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(e.halfWidth).toBeCloseTo((2.5 * Math.sqrt(32 / 7)) / Math.sqrt(8), 12);
    expect(e.low).toBeCloseTo(5 - e.halfWidth, 12);
    expect(e.high).toBeCloseTo(5 + e.halfWidth, 12);
  });

  it("a constant metric has a zero-width interval; one value is refused", () => {
    expect(estimate([3, 3, 3], 4.3)).toEqual({ mean: 3, sd: 0, halfWidth: 0, low: 3, high: 3 });
    expect(() => estimate([3], 4.3)).toThrow(RangeError);
  });
});

describe("the scenario's replications field", () => {
  it.each([
    [{ runs: 1 }, ["replications", "runs"], /at least 2/],
    [{ runs: 2.5 }, ["replications", "runs"], /whole number/],
    [{ runs: 1001 }, ["replications", "runs"], /at most 1000/],
    [{ runs: "10" }, ["replications", "runs"], /number/],
    [{}, ["replications", "runs"], /./],
    [{ runs: 5, confidence: 1 }, ["replications", "confidence"], /between 0 and 1/],
    [{ runs: 5, confidence: 0 }, ["replications", "confidence"], /between 0 and 1/],
    [{ runs: 5, confidence: 95 }, ["replications", "confidence"], /between 0 and 1/],
    [{ runs: 5, level: 0.9 }, ["replications"], /level/],
  ])("refuses %j, naming the field", (replications, path, message) => {
    const parsed = parseScenario({ ...lossSystem(2, 1, 1, 2), replications }, {});
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]!.path).toEqual(path);
    expect(parsed.issues[0]!.message).toMatch(message);
  });

  it("accepts runs from 2 to 1000 and a confidence inside (0, 1), and is optional", () => {
    for (const replications of [{ runs: 2 }, { runs: 1000, confidence: 0.999 }, { runs: 30, confidence: 0.5 }, undefined]) {
      expect(parseScenario({ ...lossSystem(2, 1, 1, 2), replications }, {}).ok).toBe(true);
    }
  });
});

describe("replicate", () => {
  it("is deterministic, keeps the first run's summary as the top level, and runs seed + i", async () => {
    const s = { ...mixed(4), seed: 11 };
    const seen: { run: number; seed: number; summary: SimulationSummary }[] = [];
    const a = await replicate(s, { onReplication: (r) => seen.push(r) });
    const b = await replicate(s);
    expect(a).toEqual(b);

    const { replications, ...top } = a;
    expect(top).toEqual(await simulate(s, { seed: 11 }));
    expect(replications!.runs).toBe(4);
    expect(replications!.seeds).toEqual([11, 12, 13, 14]);
    expect(seen.map((r) => [r.run, r.seed])).toEqual([[0, 11], [1, 12], [2, 13], [3, 14]]);
    expect(seen[3]!.summary).toEqual(await simulate(s, { seed: 14 }));
    // The runs differ, so the intervals have width.
    expect(new Set(seen.map((r) => r.summary.placements.rejected)).size).toBeGreaterThan(1);

    // Each metric is the mean of the runs' own figures, with the t factor of 3 degrees of freedom.
    const r = replications!;
    expect(r.confidence).toBe(0.95);
    expect(r.t).toBe(tFactor(0.95, 3));
    const runs = seen.map((x) => x.summary);
    expect(r.placements.blockingProbability.mean).toBeCloseTo(mean(runs.map((x) => x.placements.blockingProbability)), 12);
    expect(r.placements.rejected.mean).toBeCloseTo(mean(runs.map((x) => x.placements.rejected)), 12);
    expect(r.hostsUsedPeak.mean).toBeCloseTo(mean(runs.map((x) => x.hostsUsedPeak)), 12);
    const shop = r.services.find((x) => x.id === "shop")!;
    const shops = runs.map((x) => x.services[0]!);
    expect(shop.droppedShare.mean).toBeCloseTo(mean(shops.map((x) => x.droppedRequests / x.offeredRequests)), 12);
    expect(shop.droppedRequests.mean).toBeCloseTo(mean(shops.map((x) => x.droppedRequests)), 9);
    expect(shop.overloadSeconds.mean).toBeCloseTo(mean(shops.map((x) => x.overloadSeconds)), 9);
    expect(shop.peakInstances.mean).toBeCloseTo(mean(shops.map((x) => x.peakInstances)), 12);
    expect(Object.keys(r.utilization.mean).sort()).toEqual(["MEMORY_MB", "VCPU"]);
    expect(r.utilization.peak.VCPU!.mean).toBeCloseTo(mean(runs.map((x) => x.utilization.peak.VCPU!)), 12);
    expect(r.utilization.mean.VCPU!.mean).toBeCloseTo(mean(runs.map((x) => x.utilization.mean.VCPU!)), 12);
    for (const e of [r.placements.blockingProbability, shop.droppedRequests, r.utilization.mean.VCPU!]) {
      expect(e.low).toBeLessThanOrEqual(e.mean);
      expect(e.high).toBeGreaterThanOrEqual(e.mean);
    }
  });

  it("a different seed gives different intervals", async () => {
    const a = await replicate(mixed(3), { seed: 1 });
    const b = await replicate(mixed(3), { seed: 2 });
    expect(a.replications!.placements.rejected).not.toEqual(b.replications!.placements.rejected);
  });

  it("the options override the scenario's runs and confidence; without runs it is simulate()", async () => {
    const s = lossSystem(3, 2, 1, 3);
    const r = (await replicate(s, { runs: 6, confidence: 0.9 })).replications!;
    expect(r.runs).toBe(6);
    expect(r.seeds).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.confidence).toBe(0.9);
    expect(r.t).toBe(tFactor(0.9, 5));
    const plain = await replicate({ ...s, replications: undefined }, { seed: 4 });
    expect(plain.replications).toBeUndefined();
    expect(plain).toEqual(await simulate(s, { seed: 4 }));
    await expect(replicate(s, { runs: 1 })).rejects.toThrow(/replications\.runs: must be at least 2/);
    await expect(replicate(s, { confidence: 1.5 })).rejects.toThrow(/replications\.confidence/);
  });

  it("keeps the series of the first run only, and reports each run's progress with its index", async () => {
    const seen: SimulationSummary[] = [];
    const progress: { run: number; fraction: number }[] = [];
    const s = await replicate({ ...lossSystem(3, 2, 2, 3), output: { series: true } }, {
      onReplication: (r) => seen.push(r.summary),
      onProgress: (p) => progress.push(p),
    });
    expect(s.series).toHaveLength(2);
    expect(seen[0]!.series).toEqual(s.series);
    expect(seen.slice(1).map((x) => x.series)).toEqual([undefined, undefined]);
    for (const run of [0, 1, 2]) {
      const fractions = progress.filter((p) => p.run === run).map((p) => p.fraction);
      expect(fractions.length).toBeGreaterThan(1);
      expect(fractions[fractions.length - 1]).toBe(1);
    }
    expect(progress.map((p) => p.run)).toEqual([...progress.map((p) => p.run)].sort());
  });

  it("the interval narrows as runs are added", async () => {
    const widths: number[] = [];
    for (const runs of [4, 16, 64]) {
      const r = (await replicate(lossSystem(5, 4, 1, runs))).replications!;
      widths.push(r.placements.blockingProbability.halfWidth);
    }
    // Width goes as t(n-1) sd / sqrt(n): expected ratios about 3 (4 -> 16 runs) and 2.1 (16 -> 64).
    expect(widths[1]!).toBeLessThan(widths[0]! / 1.5);
    expect(widths[2]!).toBeLessThan(widths[1]! / 1.5);
  });
});

describe("replicate with queues and shared providers", () => {
  it("gives each queue's waited share, mean wait and gave-up count, and each shared class's utilisation, as the runs' own figures", async () => {
    const sc = scenario({
      durationSeconds: 4 * 3600,
      stepSeconds: 600,
      providers: [...hosts(1, 4), { id: "ceph", kind: "storage", inventory: { VOLUME_GB: { total: 100 } } }],
      churn: [{ id: "vm", arrivalsPerHour: 120, lifetime: { kind: "exponential", mean: 100 }, request: { ...vcpu(1), storage: [{ resources: { VOLUME_GB: 10 } }] },
        whenFull: "wait", maxWaitSeconds: 60 }],
    });
    const r = await replicate(sc, { seed: 4, runs: 3 });
    const runs = await Promise.all([4, 5, 6].map((seed) => simulate(sc, { seed })));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const q = r.replications!.queues![0]!;
    expect(q.id).toBe("vm");
    expect(q.waitedShare.mean).toBeCloseTo(mean(runs.map((s) => s.queues![0]!.waitedShare)), 12);
    expect(q.meanWaitSeconds.mean).toBeCloseTo(mean(runs.map((s) => s.queues![0]!.meanWaitSeconds)), 12);
    expect(q.abandoned.mean).toBeCloseTo(mean(runs.map((s) => s.queues![0]!.abandoned)), 12);
    expect(q.waitedShare.mean).toBeGreaterThan(0);
    const storage = r.replications!.sharedUtilization!.storage!;
    expect(storage.mean.VOLUME_GB!.mean).toBeCloseTo(mean(runs.map((s) => s.sharedUtilization!.storage!.mean.VOLUME_GB!)), 12);
    expect(r.replications!.sharedUtilization!.network).toBeUndefined();
    expect(formatSummary(r)).toMatch(/queue vm: waited share/);
    expect(formatSummary(r)).toMatch(/storage VOLUME_GB mean/);
  });

  it("leaves both out where the runs have neither", async () => {
    const r = await replicate(scenario({ durationSeconds: 600, providers: hosts(1, 4) }), { runs: 2 });
    expect(r.replications!.queues).toBeUndefined();
    expect(r.replications!.sharedUtilization).toBeUndefined();
  });
});

describe("coverage on a loss system (M/M/c/c against Erlang-B)", () => {
  // c = 5 slots, a = 4 Erlangs (B = 0.1991), runs of 4 hours (~960 arrivals, ~240 mean lifetimes),
  // 5 replications per batch, 1,000 batches on disjoint seeds (batch b: seeds 1 + 5b .. 5 + 5b).
  // If the interval procedure is right, each batch's 95% interval covers B with probability ~0.95,
  // independently, so the count X of covering batches is Binomial(1000, 0.95): mean 950, sd 6.9.
  // We accept 926 <= X <= 974 (±3.5 sd); a correct procedure falls outside with probability
  // 4.6e-4 (exact binomial tails: 4.1e-4 below, 5.1e-5 above), and as the seeds are fixed the
  // outcome is the same on every run of the test (measured: 951). Each run starts from an empty
  // host, which biases a run's blocking down by about 1% of B, a tenth of a batch's standard
  // error: coverage drops by well under one point. The band has power on both sides, checked on
  // the same batches: the normal quantile 1.96 instead of t(4) = 2.78 covers ~88% (expected
  // X = 878 ± 10; measured 882), a 90% factor ~90% (905), a 99% factor ~99% (987).
  const c = 5;
  const a = 4;
  const runs = 5;
  const batches = 1000;
  const band = (x: number) => x >= 926 && x <= 974;

  it("the 95% interval covers the Erlang-B value in about 95% of independent batches", async () => {
    const b = erlangB(c, a);
    const s = lossSystem(c, a, 4, runs);
    const covered = { t95: 0, normal: 0, t90: 0, t99: 0 };
    const factors = { normal: 1.959964, t90: tFactor(0.9, runs - 1), t99: tFactor(0.99, runs - 1) };
    for (let batch = 0; batch < batches; batch++) {
      const e = (await replicate(s, { seed: 1 + batch * runs })).replications!.placements.blockingProbability;
      if (e.low <= b && b <= e.high) covered.t95++;
      const se = e.sd / Math.sqrt(runs);
      for (const k of ["normal", "t90", "t99"] as const) if (Math.abs(e.mean - b) <= factors[k] * se) covered[k]++;
    }
    expect(band(covered.t95), `covered ${covered.t95} of ${batches}`).toBe(true);
    expect([band(covered.normal), band(covered.t90), band(covered.t99)], JSON.stringify(covered)).toEqual([false, false, false]);
  }, 300_000);
});

describe("formatSummary with replications", () => {
  it("prints the intervals as a table under the first run's summary", async () => {
    const s = await replicate(mixed(3), { seed: 5 });
    const text = formatSummary(s);
    const r = s.replications!;
    expect(text).toMatch(/^scenario test \(seed 5\)/);
    expect(text).toMatch(/replications: 3 runs, seeds 5\.\.7 \(the figures above are the first run's, seed 5\); 95% intervals by Student's t \(2 df, t = 4\.303\)/);
    expect(text).toMatch(/ {2}metric +mean +sd +95% interval/);
    const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
    const e = r.placements.blockingProbability;
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(text).toMatch(new RegExp(`blocking probability +${esc(pct(e.mean))} +${esc(pct(e.sd))} +${esc(pct(e.low))} \\.\\. +${esc(pct(e.high))}`));
    for (const label of ["rejected placements", "hosts in use at peak", "shop: dropped share", "shop: dropped requests", "shop: overloaded seconds", "shop: peak instances", "utilization VCPU mean", "utilization VCPU peak"]) {
      expect(text).toContain(`  ${label} `);
    }
    // The table's columns line up: every row's interval separator at the same column.
    const rows = text.split("\n").filter((l) => l.includes(" .. ") && !l.startsWith("replications"));
    expect(rows.length).toBe(11);
    expect(new Set(rows.map((l) => l.indexOf(" .. "))).size).toBe(1);
    expect(formatSummary({ ...s, replications: undefined })).not.toMatch(/replications/);
  });
});
