import { describe, expect, it } from "vitest";
import { formatAgo, formatTime } from "./time";

describe("formatTime", () => {
  it.each([
    ["2026-11-25T17:20:31.123Z", "2026-11-25 17:20:31 UTC"],
    [null, "—"],
    ["not a date", "not a date"],
  ])("%j -> %s", (input, expected) => expect(formatTime(input)).toBe(expected));
});

describe("formatAgo", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it.each([
    ["2026-11-25T11:59:50Z", "just now"],
    ["2026-11-25T11:57:00Z", "3 min ago"],
    ["2026-11-25T09:00:00Z", "3 h ago"],
    ["2026-11-20T12:00:00Z", "5 d ago"],
  ])("%s -> %s", (at, expected) => expect(formatAgo(at, now)).toBe(expected));
});
