import { describe, expect, it } from "vitest";
import { incompleteBeta, lnGamma, tCdf, tQuantile } from "./student-t";

describe("Student's t", () => {
  it("lnGamma matches factorials and Γ(1/2) = √π", () => {
    let f = 1;
    for (let n = 1; n <= 30; n++) {
      expect(lnGamma(n)).toBeCloseTo(Math.log(f), 10);
      f *= n;
    }
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });

  it("the incomplete beta has its closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b, and I_x(a, b) = 1 - I_{1-x}(b, a)", () => {
    for (const x of [0.01, 0.2, 0.5, 0.8, 0.99]) {
      for (const a of [0.5, 1, 2.5, 7, 40]) {
        expect(incompleteBeta(x, a, 1)).toBeCloseTo(x ** a, 12);
        expect(incompleteBeta(x, 1, a)).toBeCloseTo(1 - (1 - x) ** a, 12);
        expect(incompleteBeta(x, a, 3.5)).toBeCloseTo(1 - incompleteBeta(1 - x, 3.5, a), 12);
      }
    }
  });

  it("the CDF and quantile agree with the closed forms for 1 and 2 degrees of freedom, and invert each other", () => {
    for (const t of [-30, -3, -0.5, 0, 0.7, 2, 12.5]) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(tCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
    for (const p of [0.001, 0.05, 0.3, 0.5, 0.9, 0.975, 0.9995]) {
      expect(tQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      expect(tQuantile(p, 2)).toBeCloseTo((2 * p - 1) * Math.sqrt(2 / (4 * p * (1 - p))), 9);
      for (const df of [3, 9, 29, 120, 999]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 13);
    }
  });

  it("approaches the normal quantile as the degrees of freedom grow", () => {
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959963984540054, 5);
  });

  it("refuses p outside (0, 1) and df <= 0", () => {
    expect(() => tQuantile(0, 3)).toThrow(RangeError);
    expect(() => tQuantile(1, 3)).toThrow(RangeError);
    expect(() => tQuantile(0.5, 0)).toThrow(RangeError);
  });
});
