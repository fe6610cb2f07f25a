import { describe, expect, it } from "vitest";
import { tQuantile } from "../../simulator/stats/student-t";
import { DAY_MS, fitRunway } from "./runway";

const NOW = Date.UTC(2026, 11, 3);
/** Points at days -(n-1)..0 with the given uses. */
const series = (ys: number[]) => ys.map((used, i) => ({ at: new Date(NOW + (i - (ys.length - 1)) * DAY_MS), used }));
const days = (iso: string | null) => (iso === null ? null : (Date.parse(iso) - NOW) / DAY_MS);

// Hand-computed on x = 0, 1, 2, 3 (the last point is day 3 of the fit, today), y = 1, 3, 2, 4:
// x̄ = 1.5, ȳ = 2.5, Sxx = 5, Sxy = 4: slope 0.8, intercept 1.3 at x = 0; residuals -0.3, 0.9, -0.9, 0.3:
// SSE = 1.8, s = sqrt(1.8 / 2) = sqrt(0.9), SST = 5, R² = 1 - 1.8 / 5 = 0.64. Capacity 10: the line
// reaches it at x = 8.7 / 0.8 = 10.875, 7.875 days after today.
const hand = { ys: [1, 3, 2, 4], slope: 0.8, today: 1.3 + 0.8 * 3, r2: 0.64, sd: Math.sqrt(0.9), capacity: 10, central: 7.875 };

describe("fitRunway", () => {
  it("matches the hand-computed fit", () => {
    const r = fitRunway(series(hand.ys), hand.capacity);
    expect(r.growthPerDay).toBeCloseTo(hand.slope, 12);
    expect(r.fit.intercept).toBeCloseTo(hand.today, 12);
    expect(r.fit.r2).toBeCloseTo(hand.r2, 12);
    expect(r.fit.residualSd).toBeCloseTo(hand.sd, 12);
    expect(r.fit.points).toBe(4);
    expect(r.used).toBe(4);
    expect(days(r.exhaustsAt)).toBeCloseTo(hand.central, 6);
    expect(r.daysRemaining).toBeCloseTo(hand.central, 9);
  });

  it("puts the conservative crossing where the band's upper edge meets capacity (the quadratic solved by hand)", () => {
    const r = fitRunway(series(hand.ys), hand.capacity);
    // Upper edge in fit days u (today = 3): 1.3 + 0.8u + k·sqrt(1.25 + (u - 1.5)²/5) = 10, k = t(0.975, 2)·s.
    // Square (10 - 1.3 - 0.8u)² = k²(1.25 + (u - 1.5)²/5): a quadratic A u² + B u + C = 0, smaller root.
    const k = tQuantile(0.975, 2) * hand.sd;
    const A = 0.64 - (k * k) / 5;
    const B = -2 * 8.7 * 0.8 + (k * k * 3) / 5;
    const C = 8.7 * 8.7 - k * k * (1.25 + 2.25 / 5);
    const roots = [(-B - Math.sqrt(B * B - 4 * A * C)) / (2 * A), (-B + Math.sqrt(B * B - 4 * A * C)) / (2 * A)];
    const u = Math.min(...roots.filter((x) => 8.7 - 0.8 * x >= 0 && x >= 3));
    expect(days(r.exhaustsAtConservative)).toBeCloseTo(u - 3, 6);
    expect(r.daysRemainingConservative!).toBeLessThan(r.daysRemaining!);
    const bandHalf = k * Math.sqrt(1 + 1 / 4 + (93 - 1.5) ** 2 / 5);
    expect(r.band[0]).toBeCloseTo(1.3 + 0.8 * 93 - bandHalf, 9);
    expect(r.band[1]).toBeCloseTo(1.3 + 0.8 * 93 + bandHalf, 9);
  });

  it.each([
    { name: "flat use", ys: [5, 5, 5, 5, 5], capacity: 10, central: null, conservative: null },
    { name: "falling use", ys: [9, 8, 7, 6, 5], capacity: 10, central: null, conservative: null },
    { name: "noisy but falling", ys: [6, 8, 5, 6, 4, 5], capacity: 10, central: null, conservative: null },
    { name: "already full", ys: [8, 9, 10], capacity: 10, central: 0, conservative: 0 },
    { name: "a perfect line: no band, both edges agree", ys: [1, 2, 3, 4], capacity: 10, central: 6, conservative: 6 },
    { name: "beyond ten years is never", ys: [1, 1.0001, 1.0002], capacity: 1000, central: null, conservative: null },
  ])("$name", ({ ys, capacity, central, conservative }) => {
    const r = fitRunway(series(ys), capacity);
    if (central === null) expect(r.exhaustsAt).toBeNull();
    else expect(days(r.exhaustsAt)).toBeCloseTo(central, 6);
    if (conservative === null) expect(r.exhaustsAtConservative).toBeNull();
    else expect(days(r.exhaustsAtConservative)).toBeCloseTo(conservative, 6);
  });

  it("takes points in any order, and refuses fewer than two", () => {
    const a = fitRunway(series(hand.ys), 10);
    const b = fitRunway([...series(hand.ys)].reverse(), 10);
    expect(b).toEqual(a);
    expect(() => fitRunway(series([1]), 10)).toThrow(RangeError);
  });
});
