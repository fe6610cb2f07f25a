import { describe, expect, it } from "vitest";
import { clock, column, seriesCsv, sumOf, thin, zonesOf, type StoredSeries } from "./run-series";

const s: StoredSeries = {
  stepSeconds: 60, rowsPerPoint: 1,
  columns: ["t", "offered/a", "offered/b", "util/VCPU", "util/az1/VCPU", "util/storage/VOLUME_GB"],
  rows: [[0, 1, 2, 0.5, 0.4, 0.1], [60, 3, 4, 0.6, 0.5, 0.2]],
};

describe("run series", () => {
  it("reads a column, sums a prefix, finds zones", () => {
    expect(column(s, "util/VCPU")).toEqual([[0, 0.5], [60, 0.6]]);
    expect(sumOf(s, "offered/")).toEqual([[0, 3], [60, 7]]);
    expect(zonesOf(s, "VCPU")).toEqual(["az1"]);
    expect(column(s, "nope")).toEqual([]);
  });
  it("writes CSV with the header", () => {
    expect(seriesCsv(s).split("\n")[0]).toBe(s.columns.join(","));
    expect(seriesCsv(s).trim().split("\n")).toHaveLength(3);
  });
  it.each([[0, "00:00"], [3661, "01:01"], [86400 + 7200, "d2 02:00"]])("clock(%d) = %s", (t, want) => expect(clock(t)).toBe(want));
  it("thins by bucket means, keeping the total", () => {
    const pts = Array.from({ length: 10_080 }, (_, i) => [i * 60, i % 2] as [number, number]);
    const out = thin(pts, 700);
    expect(out.length).toBeLessThanOrEqual(700);
    expect(out.every(([, v]) => v >= 0 && v <= 1)).toBe(true);
  });
});
