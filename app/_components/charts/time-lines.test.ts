import { describe, expect, it } from "vitest";
import { hourTicks } from "./time-lines";

describe("hour ticks", () => {
  it.each([
    [[0, 86400], 8, 10800],
    [[0, 86400], 30, 3600],
    [[0, 7 * 86400], 8, 86400],
  ] as const)("over %j with at most %d: every %d s", (domain, max, step) => {
    const ticks = hourTicks([domain[0], domain[1]], max);
    expect(ticks.length).toBeLessThanOrEqual(max + 1);
    expect(ticks[1]! - ticks[0]!).toBe(step);
    expect(ticks.every((t) => t % 900 === 0)).toBe(true);
  });
});
