import { describe, expect, it } from "vitest";
import { between, formatAgoPrecise, formatDuration } from "./durations";

describe("formatDuration", () => {
  const s = 1000, min = 60 * s, h = 60 * min, d = 24 * h;
  it.each([
    [850, "850 ms"],
    [1300, "1.3 s"],
    [42 * s, "42 s"],
    [3 * min + 20 * s, "3 min 20 s"],
    [3 * min, "3 min"],
    [2 * h + 5 * min, "2 h 5 min"],
    [3 * d + 4 * h, "3 d 4 h"],
    [-5, "0 ms"],
  ])("%d ms -> %s", (ms, expected) => expect(formatDuration(ms)).toBe(expected));

  it("coarse drops the second unit and decimals", () => {
    expect(formatDuration(3 * min + 20 * s, { coarse: true })).toBe("3 min");
    expect(formatDuration(1300, { coarse: true })).toBe("1 s");
  });
});

describe("formatAgoPrecise", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it.each([
    ["2026-11-25T12:00:00.400Z", "now"],
    ["2026-11-25T11:59:56Z", "4 s ago"],
    ["2026-11-25T11:57:00Z", "3 min ago"],
    ["2026-11-25T09:00:00Z", "3 h ago"],
    ["2026-11-20T12:00:00Z", "5 d ago"],
    ["2026-11-25T12:00:12Z", "in 12 s"],
  ])("%s -> %s", (at, expected) => expect(formatAgoPrecise(at, now)).toBe(expected));
});

describe("between", () => {
  it("is the difference, or null when a side is missing", () => {
    expect(between("2026-11-25T12:00:00Z", "2026-11-25T12:00:01.5Z")).toBe(1500);
    expect(between(null, "2026-11-25T12:00:00Z")).toBeNull();
  });
});
