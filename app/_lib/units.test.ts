import { describe, expect, it } from "vitest";
import { baseUnit, formatAmount, formatKindCounts, formatPair, parseAmount, formatPercent, formatRatio, utilisation } from "./units";

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
    ["IOPS", 5_160_000, "5.16 M IOPS"],
    ["IOPS", 900, "900 IOPS"],
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

describe("formatPair", () => {
  it.each([
    ["MEMORY_MB", 718_848, 780_288, "702 / 762 GiB"],
    ["MEMORY_MB", 0, 1024 * 1024 * 3, "0 / 3 TiB"],
    ["MEMORY_MB", 512, 2048, "512 MiB / 2 GiB"],
    ["DISK_GB", 310_400, 1_494_221, "303 TiB / 1.43 PiB"],
    ["VCPU", 201, 512, "201 / 512 vCPU"],
    ["NET_BW_MBPS", 185_000, 380_000, "185 / 380 Gbit/s"],
    ["CUSTOM_X", 3, 10, "3 / 10"],
  ])("%s %d of %d -> %s", (rc, used, capacity, expected) => {
    expect(formatPair(rc, used, capacity)).toBe(expected);
  });

  it("picks the unit from the larger of the two, so over-use still reads right", () => {
    expect(formatPair("DISK_GB", 2048, 1024)).toBe("2 / 1 TiB");
  });
});

describe("parseAmount", () => {
  it.each([
    ["MEMORY_MB", "", undefined],
    ["MEMORY_MB", "786432", 786_432],
    ["MEMORY_MB", "768 GiB", 786_432],
    ["MEMORY_MB", "768GB", 786_432],
    ["MEMORY_MB", "1.5 t", 1.5 * 1024 * 1024],
    ["MEMORY_MB", "512 MiB", 512],
    ["DISK_GB", "3.5 TiB", 3584],
    ["DISK_GB", "1_024", 1024],
    ["NET_BW_MBPS", "25 Gbit/s", 25_000],
    ["NET_BW_MBPS", "25G", 25_000],
    ["VCPU", "96", 96],
    ["VCPU", "96 vcpu", 96],
    ["VCPU", "-4", -4],
  ])("%s %j -> %j", (rc, raw, expected) => {
    expect(parseAmount(rc, raw)).toBe(expected);
  });

  it.each([
    ["MEMORY_MB", "lots"],
    ["MEMORY_MB", "12 parsecs"],
    ["VCPU", "4 GiB"],
    ["CUSTOM_X", "3 GiB"],
  ])("%s %j is not a number", (rc, raw) => {
    expect(parseAmount(rc, raw)).toBeNaN();
  });

  it("reads back what formatAmount writes", () => {
    for (const [rc, v] of [["MEMORY_MB", 786_432], ["DISK_GB", 3584], ["NET_BW_MBPS", 25_000], ["VCPU", 1536]] as const) {
      expect(parseAmount(rc, formatAmount(rc, v))).toBe(v);
    }
  });
});

describe("formatKindCounts", () => {
  it.each([
    [{ host: 1 }, "1 host"],
    [{ host: 20, storage: 3, network: 2 }, "20 hosts, 3 storage, 2 networks"],
    [{}, ""],
  ])("%j -> %s", (kinds, expected) => expect(formatKindCounts(kinds)).toBe(expected));
});
