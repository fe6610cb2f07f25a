import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capacityOf, fits } from "./capacity";

describe("capacityOf", () => {
  it.each([
    [{ total: 128, reserved: 0, allocationRatio: 4 }, 512],
    [{ total: 524288, reserved: 4096, allocationRatio: 1.5 }, 780288],
    [{ total: 10, reserved: 0, allocationRatio: 1.1 }, 10 * 1.1],
    [{ total: 100, reserved: 100, allocationRatio: 16 }, 0],
    [{ total: 7, reserved: 0, allocationRatio: 0.5 }, 3.5],
    [{ total: 7 }, 7],
  ])("%j -> %d (not rounded)", (inv, expected) => {
    expect(capacityOf(inv)).toBe(expected);
  });
});

describe("fits", () => {
  const inv = { total: 64, reserved: 4, allocationRatio: 2, minUnit: 2, maxUnit: 16, stepSize: 2 };
  it.each([
    [0, 16, "ok"],
    [104, 16, "ok"],
    [106, 16, "no_capacity"],
    [0, 1, "below_min_unit"],
    [0, 18, "above_max_unit"],
    [0, 3, "step_size"],
  ] as const)("used %i + %i -> %s", (used, amount, code) => {
    expect(fits(inv, used, amount)).toBe(code);
  });

  it("does not round: 3 fits in 3.5 but 4 does not; 11 fits in 10 x 1.1", () => {
    expect(fits({ total: 7, allocationRatio: 0.5 }, 0, 3)).toBe("ok");
    expect(fits({ total: 7, allocationRatio: 0.5 }, 0, 4)).toBe("no_capacity");
    expect(fits({ total: 10, allocationRatio: 1.1, maxUnit: 11 }, 0, 11)).toBe("ok");
    expect(fits({ total: 10, allocationRatio: 1.1, maxUnit: 12 }, 0, 12)).toBe("no_capacity");
  });

  it("agrees with the rule used + amount <= (total - reserved) * ratio for whole amounts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 64 }).map((n) => n / 4), fc.integer({ min: 0, max: 400_000 }), fc.integer({ min: 1, max: 50_000 }),
        (total, reservedRaw, ratio, used, amount) => {
          const reserved = Math.min(total, reservedRaw);
          const ok = fits({ total, reserved, allocationRatio: ratio, maxUnit: amount }, used, amount) === "ok";
          expect(ok).toBe(used + amount <= (total - reserved) * ratio);
        },
      ),
    );
  });
});
