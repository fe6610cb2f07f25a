import { describe, expect, it } from "vitest";
import { diurnal, profileRate, saleOpensAt } from "./profiles";

describe("load profiles", () => {
  it("flat is constant", () => {
    expect(profileRate({ profile: "flat", baseRps: 7 }, 86_400).integral(0, 86_400)).toBe(7 * 86_400);
  });

  it("diurnal averages baseRps over a day, lowest at 04:00 and highest at 16:00", () => {
    const rate = profileRate({ profile: "diurnal", baseRps: 100 }, 86_400);
    expect(rate.integral(0, 86_400) / 86_400).toBeCloseTo(100, 6);
    expect(rate.at(4 * 3600)).toBeCloseTo(50, 9);
    expect(rate.at(16 * 3600)).toBeCloseTo(150, 9);
    expect(diurnal(0)).toBeGreaterThan(diurnal(4 * 3600));
  });

  it.each<[{ durationSeconds: number; peakAt?: number }, number]>([
    [{ durationSeconds: 86_400 }, 72_000],
    [{ durationSeconds: 7200 }, 3600],
    [{ durationSeconds: 86_400, peakAt: 1000 }, 1000],
  ])("a peak sale opens where it should (%o)", ({ durationSeconds, peakAt }, expected) => {
    expect(saleOpensAt({ profile: "peak-sale", baseRps: 1, peakAt }, durationSeconds)).toBe(expected);
  });

  it("a peak sale reaches exactly peakMultiplier x baseRps at its opening, ramps before and decays after", () => {
    const rate = profileRate({ profile: "peak-sale", baseRps: 100, peakMultiplier: 6 }, 86_400);
    expect(rate.at(72_000)).toBeCloseTo(600, 9);
    expect(rate.at(72_000 - 3600)).toBeCloseTo(100 * diurnal(72_000 - 3600), 9); // before the ramp: the plain day
    expect(rate.at(72_000 - 600)).toBeGreaterThan(100 * diurnal(72_000 - 600));
    expect(rate.at(72_000 + 7200)).toBeLessThan(rate.at(72_000 + 3600));
    expect(rate.at(72_000 + 7200)).toBeGreaterThan(100 * diurnal(72_000 + 7200));
  });

  /** The midpoint rule on `n` points: it never samples an interval's ends, so a jump there cannot leak in. */
  const midpoint = (f: (t: number) => number, t0: number, t1: number, n: number) => {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += f(t0 + ((k + 0.5) * (t1 - t0)) / n);
    return (sum * (t1 - t0)) / n;
  };

  it.each([
    ["the minute before the opening (the rate jumps at its end)", 72_000 - 60, 72_000],
    ["the minute from the opening", 72_000, 72_060],
    ["the start of the ramp", 72_000 - 1800 - 30, 72_000 - 1800 + 30],
    ["the whole day", 0, 86_400],
  ])("a peak sale integrates to what a fine midpoint sum of its rate gives: %s", (_what, t0, t1) => {
    const rate = profileRate({ profile: "peak-sale", baseRps: 100, peakMultiplier: 6 }, 86_400);
    const fine = midpoint((t) => rate.at(t), t0, t1, Math.max(6000, t1 - t0));
    expect(Math.abs(rate.integral(t0, t1) - fine) / fine).toBeLessThan(1e-6);
  });

  it("a sale that opens before its ramp could start begins on the ramp, and one at time 0 on the decay", () => {
    const early = profileRate({ profile: "peak-sale", baseRps: 100, peakMultiplier: 6, peakAt: 600 }, 7200);
    expect(early.at(0)).toBeGreaterThan(100 * diurnal(0));
    expect(early.at(600)).toBeCloseTo(600, 9);
    const atZero = profileRate({ profile: "peak-sale", baseRps: 100, peakMultiplier: 6, peakAt: 0 }, 7200);
    expect(atZero.at(0)).toBeCloseTo(600, 9);
  });
});
