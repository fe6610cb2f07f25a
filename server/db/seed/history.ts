/**
 * 18 months of utilisation history for the demo data centre, generated at seed time and ending at
 * today's real allocations: every cell's last point is exactly what the seeded inventory holds.
 *
 * Going back from today, each cell's use is today's use times a shape that is 1 today:
 *   - steady growth (per class, 30-70% a year: storage and object data grow fastest);
 *   - the two sale peaks of each year, 6.18 and Double 11 (11.11): capacity allocated in the three
 *     weeks before the day, released over the ten days after; Double 11 is the larger;
 *   - a weekly rhythm and day-to-day variation taken from the Alibaba 2018 cluster trace
 *     (data/traces/alibaba2018-datacenter-usage-300s.csv: Alibaba cluster-trace-v2018,
 *     github.com/alibaba/clusterdata, via doi 10.5281/zenodo.14564847, CC BY 4.0): the trace's
 *     seven daily means set the weekday factors, and its 300 s samples the daily wobble, using the
 *     column that matches the class (CPU for VCPU, memory for MEMORY_MB, network for bandwidth and
 *     floating IPs, disk I/O for storage);
 *   - racks of the newer hardware models come online part-way (model-b 14 months ago, model-c
 *     7 months ago), with zero capacity before and use ramping up over two months after.
 * Use never exceeds a cell's capacity. Cells (project null) get one point a day; the split by
 * project one point a week at (class, zone) grain, each project drifting at its own rate.
 * Pure: the trace's columns come in parsed; the same plan, clock and trace give the same rows.
 */
import type { Cell } from "../../reports/cells";
import { cellsOf } from "../../reports/cells";
import type { Plan } from "./plan";
import { createRng } from "./prng";

export const HISTORY_DAYS = 548; // 18 months
export const PROJECT_EVERY_DAYS = 7;
export const ALIBABA_TRACE = "data/traces/alibaba2018-datacenter-usage-300s.csv";
const DAY = 86_400_000;
const SAMPLES_PER_DAY = 288; // 300 s rows

type ClassShape = { growthPerYear: number; sale: number; weekly: number; wobble: number; column: string };
const shapes: Record<string, ClassShape> = {
  VCPU: { growthPerYear: 0.42, sale: 0.2, weekly: 0.012, wobble: 0.05, column: "cpu_util_percent" },
  MEMORY_MB: { growthPerYear: 0.4, sale: 0.16, weekly: 0.01, wobble: 0.04, column: "mem_util_percent" },
  DISK_GB: { growthPerYear: 0.36, sale: 0.12, weekly: 0.008, wobble: 0.03, column: "cpu_util_percent" },
  IPV4_ADDRESS: { growthPerYear: 0.4, sale: 0.2, weekly: 0.012, wobble: 0.04, column: "cpu_util_percent" },
  NET_BW_MBPS: { growthPerYear: 0.45, sale: 0.3, weekly: 0.02, wobble: 0.06, column: "net_in" },
  FLOATING_IP: { growthPerYear: 0.3, sale: 0.12, weekly: 0.004, wobble: 0.02, column: "net_out" },
  VOLUME_GB: { growthPerYear: 0.55, sale: 0.04, weekly: 0.002, wobble: 0.01, column: "disk_io_percent" },
  IOPS: { growthPerYear: 0.5, sale: 0.08, weekly: 0.004, wobble: 0.02, column: "disk_io_percent" },
  OBJECT_GB: { growthPerYear: 0.7, sale: 0.02, weekly: 0.001, wobble: 0.005, column: "disk_io_percent" },
};
const defaultShape: ClassShape = { growthPerYear: 0.4, sale: 0.1, weekly: 0.01, wobble: 0.03, column: "cpu_util_percent" };

/** Days before today at which racks of each hardware model came online (absent: before the history). */
const ONLINE_DAYS_AGO: Record<string, number> = { "model-b": 425, "model-c": 210 };
const RAMP_DAYS = 60;

export type TraceColumns = Record<string, string[]>;

/** A trace column as numbers, abnormal values (outside 0..100, as the trace marks them) replaced by the previous sample. */
function column(trace: TraceColumns, name: string): number[] {
  const raw = trace[name] ?? trace.cpu_util_percent;
  if (!raw || raw.length < SAMPLES_PER_DAY * 7) throw new Error(`the Alibaba trace needs a column ${name} of at least 7 days`);
  const out: number[] = [];
  let last = 50;
  for (const text of raw) {
    const v = Number(text);
    last = Number.isFinite(v) && v >= 0 && v <= 100 ? v : last;
    out.push(last);
  }
  return out;
}

/** Weekday factors (standardised daily means of the trace's first seven days) and the 300 s samples relative to their mean. */
function traceShape(values: number[]) {
  const means = Array.from({ length: 7 }, (_, d) => {
    const day = values.slice(d * SAMPLES_PER_DAY, (d + 1) * SAMPLES_PER_DAY);
    return day.reduce((s, v) => s + v, 0) / day.length;
  });
  const mean = means.reduce((s, v) => s + v, 0) / 7;
  const sd = Math.sqrt(means.reduce((s, v) => s + (v - mean) ** 2, 0) / 7) || 1;
  const all = values.reduce((s, v) => s + v, 0) / values.length || 1;
  return { weekday: means.map((m) => (m - mean) / sd), relative: values.map((v) => v / all - 1) };
}

/** The sale bump at a moment: 6.18 and 11.11 of every year, scaled by the class's `sale`. */
export function saleLift(t: Date, amplitude: number): number {
  let lift = 0;
  for (let y = t.getUTCFullYear() - 1; y <= t.getUTCFullYear() + 1; y++) {
    for (const [month, day, size] of [[5, 18, 0.6], [10, 11, 1]] as const) {
      const u = (t.getTime() - Date.UTC(y, month, day)) / DAY;
      if (u >= -21 && u <= 0) lift = Math.max(lift, size * ((u + 21) / 21) ** 2);
      else if (u > 0 && u <= 12) lift = Math.max(lift, size * Math.exp(-u / 3));
    }
  }
  return amplitude * lift;
}

export type HistoryRow = Cell & { at: Date; source: "seed" };

/** The history's rows for a plan seeded at `now`, from the trace's parsed columns. */
export function buildHistory(plan: Plan, now: Date, trace: TraceColumns, options: { days?: number } = {}): HistoryRow[] {
  const days = options.days ?? HISTORY_DAYS;
  const today = cellsOf({ providers: plan.providers, inventories: plan.inventories, allocations: plan.allocations, consumers: plan.consumers });
  const cells = today.filter((c) => c.project === null);
  const rows: HistoryRow[] = [];
  const shapeCache = new Map<string, (d: number) => number>();
  const factorOf = (rc: string) => {
    const cached = shapeCache.get(rc);
    if (cached) return cached;
    const s = shapes[rc] ?? defaultShape;
    const { weekday, relative } = traceShape(column(trace, s.column));
    const rate = Math.log(1 + s.growthPerYear) / 365;
    const raw = (d: number) => {
      const at = new Date(now.getTime() - d * DAY);
      const wobble = relative[(d * 97 + 131) % relative.length]!;
      return Math.exp(-rate * d) * (1 + saleLift(at, s.sale)) * (1 + s.weekly * weekday[at.getUTCDay()]!) * (1 + s.wobble * wobble);
    };
    const base = raw(0);
    const f = (d: number) => raw(d) / base;
    shapeCache.set(rc, f);
    return f;
  };
  // Totals per (class, zone) and day, for the project split.
  const totals = new Map<string, number[]>();
  for (const cell of cells) {
    const f = factorOf(cell.resourceClass);
    const online = cell.hardwareModel ? ONLINE_DAYS_AGO[cell.hardwareModel] : undefined;
    const rackNo = cell.rack ? Number(/(\d+)$/.exec(cell.rack)?.[1] ?? 0) : 0;
    const onlineAgo = online === undefined ? Infinity : online - (rackNo % 4) * 6;
    const key = `${cell.resourceClass}|${cell.zone ?? ""}`;
    const sums = totals.get(key) ?? totals.set(key, new Array<number>(days).fill(0)).get(key)!;
    for (let d = days - 1; d >= 0; d--) {
      const at = new Date(now.getTime() - d * DAY);
      let capacity = cell.capacity;
      let used: number;
      if (d === 0) used = cell.used;
      else if (d > onlineAgo) {
        capacity = 0;
        used = 0;
      } else {
        const ramp = Math.min(1, (onlineAgo - d) / RAMP_DAYS);
        used = Math.min(capacity, cell.used * f(d) * ramp);
      }
      sums[d]! += used;
      rows.push({ ...cell, capacity, used, at, source: "seed" });
    }
  }
  // Projects: each one's share of its (class, zone) today, drifting back in time at its own rate.
  const rng = createRng(0x4869_7374); // "Hist": the drift rates are the same for every seed
  const shares = new Map<string, { project: string; share: number }[]>();
  for (const c of today) {
    if (c.project === null) continue;
    const key = `${c.resourceClass}|${c.zone ?? ""}`;
    (shares.get(key) ?? shares.set(key, []).get(key)!).push({ project: c.project, share: c.used });
  }
  const drift = new Map<string, number>();
  const driftOf = (project: string) => drift.get(project) ?? drift.set(project, (rng.next() * 0.6 - 0.25) / 365).get(project)!;
  for (const project of [...new Set([...shares.values()].flat().map((s) => s.project))].sort()) driftOf(project); // a stable order of draws
  for (const [key, list] of [...shares.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const merged = new Map<string, number>();
    for (const { project, share } of list) merged.set(project, (merged.get(project) ?? 0) + share);
    const projects = [...merged.entries()].sort(([a], [b]) => a.localeCompare(b));
    const sums = totals.get(key);
    if (!sums) continue;
    const [resourceClass, zoneKey] = key.split("|") as [string, string];
    for (let d = 0; d < days; d += PROJECT_EVERY_DAYS) {
      const weights = projects.map(([project, used]) => used * Math.exp(-driftOf(project) * d));
      const sum = weights.reduce((s, w) => s + w, 0);
      if (sum <= 0) continue;
      const at = new Date(now.getTime() - d * DAY);
      projects.forEach(([project, used], i) => {
        const share = d === 0 ? used : (sums[d]! * weights[i]!) / sum;
        rows.push({ resourceClass, zone: zoneKey === "" ? null : zoneKey, rack: null, hardwareModel: null, project, capacity: 0, used: share, at, source: "seed" });
      });
    }
  }
  return rows;
}
