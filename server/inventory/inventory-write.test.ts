import { describe, expect, it } from "vitest";
import { inventoryWidens } from "./inventory-write";

const base = { total: 64, reserved: 4, allocationRatio: 2, minUnit: 1, maxUnit: 16, stepSize: 1 };

describe("inventoryWidens: does a new inventory record let in what did not fit?", () => {
  it.each<[string, Partial<typeof base> | undefined, Partial<typeof base>, boolean]>([
    ["a new record with room", undefined, {}, true],
    ["a new record with no room", undefined, { total: 4, reserved: 4 }, false],
    ["the same record", {}, {}, false],
    ["a raised total", {}, { total: 65 }, true],
    ["a lowered total", {}, { total: 63 }, false],
    ["a raised ratio", {}, { allocationRatio: 2.5 }, true],
    ["a lowered ratio", {}, { allocationRatio: 1.5 }, false],
    ["a lowered reserved amount", {}, { reserved: 3 }, true],
    ["a raised reserved amount", {}, { reserved: 5 }, false],
    ["a larger largest unit", {}, { maxUnit: 32 }, true],
    ["a smaller smallest unit", { minUnit: 2 }, { minUnit: 1 }, true],
    ["a larger smallest unit", {}, { minUnit: 2 }, false],
    ["another step size", {}, { stepSize: 2 }, true],
    ["more total, more reserved, same capacity", {}, { total: 66, reserved: 6 }, false],
  ])("%s", (_what, before, after, widens) => {
    expect(inventoryWidens(before && { ...base, ...before }, { ...base, ...after })).toBe(widens);
  });
});
