import { describe, expect, it } from "vitest";
import { baseUnit, formatAmount, formatPercent, formatRatio, utilisation } from "./units";

describe("formatAmount", () => {
  it.each([
    ["VCPU", 1536, "1,536 vCPU"],
    ["MEMORY_MB", 512, "512 MiB"],
    ["MEMORY_MB", 524_288, "512 GiB"],
    ["MEMORY_MB", 1024 * 1024 * 3, "3 TiB"],
    ["MEMORY_MB", 1536, "1.5 GiB"],
    ["DISK_GB", 900, "900 GiB"],
    ["DISK_GB", 1024 * 1024 * 2.25, "2.25 PiB"],
    ["VOLUME_GB", 10 * 1024 + 512, "10.5 TiB"],
    ["NET_BW_MBPS", 25_000, "25 Gbit/s"],
    ["NET_BW_MBPS", 800, "800 Mbit/s"],
    ["IPV4_ADDRESS", 254, "254 addr"],
    ["CUSTOM_LICENSE", 12_000, "12,000"],
    ["VCPU", Number.NaN, "—"],
  ])("%s %d -> %s", (rc, value, expected) => {
    expect(formatAmount(rc, value)).toBe(expected);
  });

  it("never switches unit below one step", () => {
    for (const v of [0, 1, 1023]) expect(formatAmount("MEMORY_MB", v)).toMatch(/MiB$/);
  });
});

describe("formatPercent and utilisation", () => {
  it.each([
    [0, 100, "0%"],
    [1, 1000, "<1%"],
    [734, 1000, "73%"],
    [100, 100, "100%"],
    [120, 100, "120%"],
  ])("%d of %d -> %s", (used, capacity, expected) => {
    expect(formatPercent(utilisation(used, capacity))).toBe(expected);
  });

  it("treats use on zero capacity as unbounded, and no use as empty", () => {
    expect(utilisation(5, 0)).toBe(Infinity);
    expect(utilisation(0, 0)).toBe(0);
  });
});

describe("units and ratios", () => {
  it.each([
    ["MEMORY_MB", "MiB"],
    ["VCPU", "vCPU"],
    ["DISK_GB", "GiB"],
    ["CUSTOM_X", "units"],
  ])("base unit of %s is %s", (rc, unit) => expect(baseUnit(rc)).toBe(unit));

  it.each([
    [1, "1.0×"],
    [1.5, "1.5×"],
    [16, "16×"],
  ])("ratio %d -> %s", (r, s) => expect(formatRatio(r)).toBe(s));
});
