/**
 * The runway of one resource class in one zone (DESIGN §8): a least-squares line through the daily
 * use (simple-statistics' linearRegression and rSquared), its 95% prediction band
 *   yhat(x) ± t(1 - α/2, n - 2) · s · sqrt(1 + 1/n + (x - x̄)² / Sxx),   s² = SSE / (n - 2),
 * (t from simulator/stats/student-t.ts) and when use reaches capacity: at the central estimate
 * (the line) and at the conservative edge (the band's upper edge), as VMware Aria reports "time
 * remaining". "Never" (null) where use is not growing, or not within `maxDays`. Pure.
 */
import { linearRegression, rSquared } from "simple-statistics";
import { tQuantile } from "../../simulator/stats/student-t";

export const DAY_MS = 86_400_000;

export type RunwayOptions = {
  /** Of the prediction band; default 0.95. */
  confidence?: number;
  /** The band is reported this many days after the last point; default 90. */
  horizonDays?: number;
  /** Crossings further out than this many days count as never; default 3650. */
  maxDays?: number;
};

export type RunwayFit = {
  used: number;
  capacity: number;
  /** The line's slope, in the class's unit per day. */
  growthPerDay: number;
  exhaustsAt: string | null;
  exhaustsAtConservative: string | null;
  /** The prediction band of use `horizonDays` after the last point: [low, high]. */
  band: [number, number];
  daysRemaining: number | null;
  daysRemainingConservative: number | null;
  horizonDays: number;
  fit: { points: number; r2: number; residualSd: number; from: string; to: string; intercept: number };
  /** The line and its band from the first point to past the later crossing (or the horizon), for charts: 64 samples. */
  projection: { at: string; mid: number; low: number; high: number }[];
};

/** points: (time, use), in time order or not; capacity: the ceiling (today's). Needs two points or more. */
export function fitRunway(points: readonly { at: Date; used: number }[], capacity: number, options: RunwayOptions = {}): RunwayFit {
  if (points.length < 2) throw new RangeError("a runway needs at least two points");
  const confidence = options.confidence ?? 0.95;
  const horizonDays = options.horizonDays ?? 90;
  const maxDays = options.maxDays ?? 3650;
  const sorted = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = sorted[sorted.length - 1]!;
  const origin = last.at.getTime();
  // x: days relative to the last point (0 today, negative before).
  const data = sorted.map((p) => [(p.at.getTime() - origin) / DAY_MS, p.used]);
  const n = data.length;
  const { m, b } = linearRegression(data);
  const line = (x: number) => b + m * x;
  const xbar = data.reduce((s, [x]) => s + x!, 0) / n;
  const sxx = data.reduce((s, [x]) => s + (x! - xbar) ** 2, 0);
  const sse = data.reduce((s, [x, y]) => s + (y! - line(x!)) ** 2, 0);
  const residualSd = n > 2 ? Math.sqrt(sse / (n - 2)) : 0;
  const t = n > 2 ? tQuantile(1 - (1 - confidence) / 2, n - 2) : 0;
  const half = (x: number) => t * residualSd * Math.sqrt(1 + 1 / n + (sxx > 0 ? (x - xbar) ** 2 / sxx : 0));
  const upper = (x: number) => line(x) + half(x);
  const r2 = sse === 0 ? 1 : rSquared(data, line);

  const used = last.used;
  const at = (days: number) => new Date(origin + days * DAY_MS).toISOString();
  let central: number | null = null;
  if (used >= capacity) central = 0;
  else if (m > 0) {
    const x = Math.max(0, (capacity - b) / m);
    central = x <= maxDays ? x : null;
  }
  let conservative: number | null = used >= capacity || (m > 0 && upper(0) >= capacity) ? 0 : null;
  // Not growing: never, whatever the band's widening alone would say.
  if (conservative === null && m > 0) {
    // The upper edge is convex in x (a line plus the root of a positive quadratic): step a day at a
    // time to the first day at or above capacity, then bisect inside it.
    let lo = 0;
    for (let x = 1; x <= maxDays; x++) {
      if (upper(x) >= capacity) {
        let hi = x;
        for (let i = 0; i < 50; i++) {
          const mid = (lo + hi) / 2;
          if (upper(mid) >= capacity) hi = mid;
          else lo = mid;
        }
        conservative = hi;
        break;
      }
      lo = x;
    }
  }
  const first = data[0]![0]!;
  const end = Math.max(horizonDays, Math.min(maxDays, Math.max(central ?? 0, conservative ?? 0) * 1.25 + 14));
  const projection = Array.from({ length: 64 }, (_, i) => {
    const x = first + ((end - first) * i) / 63;
    return { at: at(x), mid: line(x), low: line(x) - half(x), high: upper(x) };
  });
  return {
    used, capacity, growthPerDay: m, projection,
    exhaustsAt: central === null ? null : at(central),
    exhaustsAtConservative: conservative === null ? null : at(conservative),
    band: [line(horizonDays) - half(horizonDays), upper(horizonDays)],
    daysRemaining: central, daysRemainingConservative: conservative, horizonDays,
    fit: { points: n, r2, residualSd, from: sorted[0]!.at.toISOString(), to: last.at.toISOString(), intercept: b },
  };
}
