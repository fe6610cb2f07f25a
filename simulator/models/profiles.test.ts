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
});
