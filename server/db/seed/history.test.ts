import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../simulator/trace/csv";
import { FIXED_NOW } from "../../../test/db/harness";
import { cellKey, cellsOf } from "../../reports/cells";
import { buildPlan } from ".";
import { ALIBABA_TRACE, buildHistory, HISTORY_DAYS, PROJECT_EVERY_DAYS, saleLift } from "./history";

const trace = parseCsv(readFileSync(ALIBABA_TRACE, "utf8"));
const plan = buildPlan(7, FIXED_NOW);
const rows = buildHistory(plan, FIXED_NOW, trace);
const DAY = 86_400_000;

describe("buildHistory (pure)", () => {
  it("is the same for the same plan, clock and trace", () => {
    expect(JSON.stringify(buildHistory(plan, FIXED_NOW, trace))).toBe(JSON.stringify(rows));
  });

  it("ends at today's real allocations: the last day's cells are the plan's own cells", () => {
    const today = cellsOf(plan);
    const last = rows.filter((r) => r.at.getTime() === FIXED_NOW.getTime());
    const byKey = new Map(last.map((r) => [cellKey(r), r]));
    for (const c of today) {
      const r = byKey.get(cellKey(c.project === null ? c : { ...c, rack: null, hardwareModel: null }));
      if (c.project !== null) continue; // projects are split at (class, zone) grain: checked below
      expect(r, cellKey(c)).toBeDefined();
      expect(r!.used).toBe(c.used);
      expect(r!.capacity).toBe(c.capacity);
    }
    // Per (class, zone), today's project rows add up to today's use.
    const sums = new Map<string, number>();
    for (const r of last) if (r.project !== null) sums.set(`${r.resourceClass}|${r.zone}`, (sums.get(`${r.resourceClass}|${r.zone}`) ?? 0) + r.used);
    for (const [key, sum] of sums) {
      const [rc, zone] = key.split("|");
      const total = today.filter((c) => c.project === null && c.resourceClass === rc && String(c.zone) === zone).reduce((s, c) => s + c.used, 0);
      expect(sum).toBeCloseTo(total, 6);
    }
  });

  it("covers 18 months a day at a time, projects a week at a time, and never uses more than the capacity", () => {
    const cellDays = new Set(rows.filter((r) => r.project === null).map((r) => r.at.getTime()));
    expect(cellDays.size).toBe(HISTORY_DAYS);
    expect(Math.min(...cellDays)).toBe(FIXED_NOW.getTime() - (HISTORY_DAYS - 1) * DAY);
    const projectDays = new Set(rows.filter((r) => r.project !== null).map((r) => r.at.getTime()));
    expect(projectDays.size).toBe(Math.ceil(HISTORY_DAYS / PROJECT_EVERY_DAYS));
    for (const r of rows) {
      expect(r.used).toBeGreaterThanOrEqual(0);
      if (r.project === null) expect(r.used).toBeLessThanOrEqual(r.capacity);
    }
  });

  it("grows: total VCPU use a year ago is well below today's, and the Double 11 run-up lifts use above the weeks around it", () => {
    const total = (t: number) => rows.filter((r) => r.project === null && r.resourceClass === "VCPU" && r.at.getTime() === t).reduce((s, r) => s + r.used, 0);
    const now = FIXED_NOW.getTime();
    expect(total(now - 365 * DAY)).toBeLessThan(0.8 * total(now));
    // FIXED_NOW is 1 Nov 2026: Double 11 2025 is 355 days back; compare it with four weeks before.
    const d11 = Date.UTC(2025, 10, 11, FIXED_NOW.getUTCHours());
    expect(total(d11)).toBeGreaterThan(total(d11 - 28 * DAY));
  });

  it.each([
    [new Date(Date.UTC(2026, 10, 11)), 1],
    [new Date(Date.UTC(2026, 5, 18)), 0.6],
    [new Date(Date.UTC(2026, 2, 1)), 0],
    [new Date(Date.UTC(2026, 9, 21)), 0],
  ])("saleLift(%s) is %d of the amplitude", (at, share) => {
    expect(saleLift(at, 1)).toBeCloseTo(share, 9);
  });
});
