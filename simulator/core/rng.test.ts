import { describe, expect, it } from "vitest";
import { createRng } from "./rng";
import { exponential, lognormalParams, meanOf, sampler, type Distribution } from "./distributions";

describe("createRng", () => {
  it("repeats for a seed and differs across seeds and streams", () => {
    const draw = (seed: number, stream = 0) => {
      const rng = createRng(seed, stream);
      return Array.from({ length: 8 }, () => rng.nextU32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7, 0)).not.toEqual(draw(7, 1));
    expect(draw(0)).not.toEqual(draw(2 ** 32));
  });

  it("gives uniform numbers in [0, 1): mean, variance and a chi-square over 20 cells", () => {
    const rng = createRng(42);
    const n = 200_000;
    const cells = new Array<number>(20).fill(0);
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
      cells[Math.floor(u * 20)]!++;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
    const expected = n / 20;
    const chi2 = cells.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(43.8); // 19 degrees of freedom, p = 0.001
  });

  it("successive draws are uncorrelated", () => {
    const rng = createRng(3);
    let prev = rng.next();
    let acc = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      acc += (u - 0.5) * (prev - 0.5);
      prev = u;
    }
    expect(Math.abs(acc / n / (1 / 12))).toBeLessThan(0.02);
  });
});

describe("distributions", () => {
  const moments = (dist: Distribution, n = 200_000) => {
    const draw = sampler(dist);
    const rng = createRng(11);
    let sum = 0;
    let sumSq = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = draw(rng);
      sum += x;
      sumSq += x * x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    const mean = sum / n;
    return { mean, sd: Math.sqrt(sumSq / n - mean * mean), min, max };
  };

  it.each<{ dist: Distribution; sd: number }>([
    { dist: { kind: "fixed", value: 4 }, sd: 0 },
    { dist: { kind: "exponential", mean: 90 }, sd: 90 },
    { dist: { kind: "lognormal", mean: 90, sd: 30 }, sd: 30 },
    { dist: { kind: "lognormal", mean: 2, sd: 5 }, sd: 5 },
    { dist: { kind: "uniform", min: 10, max: 30 }, sd: 20 / Math.sqrt(12) },
  ])("$dist.kind $dist has the mean and sd it was given", ({ dist, sd }) => {
    const m = moments(dist);
    const mean = meanOf(dist);
    expect(Math.abs(m.mean - mean)).toBeLessThanOrEqual(0.02 * mean);
    expect(Math.abs(m.sd - sd)).toBeLessThanOrEqual(dist.kind === "lognormal" && dist.sd > dist.mean ? 0.15 * sd : 0.03 * sd + 1e-12);
    expect(m.min).toBeGreaterThanOrEqual(0);
    if (dist.kind === "uniform") expect(m.max).toBeLessThan(dist.max);
  });

  it("lognormalParams inverts the lognormal's moments", () => {
    const { mu, sigma } = lognormalParams(90, 30);
    expect(Math.exp(mu + sigma ** 2 / 2)).toBeCloseTo(90, 9);
    expect(Math.sqrt((Math.exp(sigma ** 2) - 1) * Math.exp(2 * mu + sigma ** 2))).toBeCloseTo(30, 9);
  });

  it("exponential is memoryless: P(X > s + t | X > s) = P(X > t)", () => {
    const rng = createRng(5);
    const xs = Array.from({ length: 200_000 }, () => exponential(rng, 1));
    const beyond = (t: number) => xs.filter((x) => x > t).length;
    expect(beyond(2) / beyond(1)).toBeCloseTo(beyond(1) / xs.length, 1);
  });

  it.each<Distribution>([
    { kind: "exponential", mean: 0 },
    { kind: "lognormal", mean: -1, sd: 1 },
    { kind: "uniform", min: 5, max: 1 },
    { kind: "fixed", value: -1 },
  ])("refuses impossible parameters %o", (dist) => {
    expect(() => sampler(dist)).toThrow(RangeError);
  });
});
