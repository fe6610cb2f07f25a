/**
 * Reading the utilisation snapshots: the contract's history points (per snapshot, class and zone),
 * the page's series by one dimension (a day's snapshots averaged to one point a day), and the
 * runway per class and zone fitted to the daily totals. Sums of cell rows (project null) are the
 * totals; the project split sums project rows.
 */
import { and, asc, eq, gte, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { utilisationSnapshots as u } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import type { Outcome } from "../inventory/outcome";
import { DAY_MS, fitRunway, type RunwayFit } from "./runway";
import type { Dimension, HistoryQuery, RunwayQuery, SeriesQuery } from "./schemas";

export type HistoryPoint = { at: string; zone: string | null; class: string; capacity: number; used: number };

function rangeWhere(q: { from?: string; to?: string }): SQL[] {
  const w: SQL[] = [];
  if (q.from !== undefined) w.push(gte(u.at, new Date(q.from)));
  if (q.to !== undefined) w.push(lte(u.at, new Date(q.to)));
  return w;
}

const emptyRange = (q: { from?: string; to?: string }): Outcome<never> => ({
  ok: false, code: "BAD_REQUEST", field: q.from !== undefined ? "from" : q.to !== undefined ? "to" : "range",
  message: q.from === undefined && q.to === undefined ? "there are no utilisation snapshots yet" : "no utilisation snapshots in this range",
});

/** A class or zone that no snapshot has, named as the field at fault (with the ones there are). */
async function unknownFilter(db: DbOrTx, q: { resourceClass?: string; zone?: string }): Promise<Outcome<never> | null> {
  for (const [field, column, value] of [["resourceClass", u.resourceClass, q.resourceClass], ["zone", u.zone, q.zone]] as const) {
    if (value === undefined) continue;
    const known = (await db.selectDistinct({ v: column }).from(u).where(isNull(u.project))).map((r) => r.v).filter((v): v is string => v !== null).sort();
    if (known.length > 0 && !known.includes(value)) return { ok: false, code: "BAD_REQUEST", field, message: `no snapshots of '${value}' (there are: ${known.join(", ")})` };
  }
  return null;
}

/** `headroom report history`: capacity and use per snapshot, class and zone, oldest first. */
export async function historyPoints(db: DbOrTx, q: HistoryQuery): Promise<Outcome<{ points: HistoryPoint[] }>> {
  const where = [isNull(u.project), ...rangeWhere(q)];
  if (q.resourceClass !== undefined) where.push(eq(u.resourceClass, q.resourceClass));
  if (q.zone !== undefined) where.push(eq(u.zone, q.zone));
  const rows = await db
    .select({ at: u.at, zone: u.zone, class: u.resourceClass, capacity: sql<string>`sum(${u.capacity})`.mapWith(Number), used: sql<string>`sum(${u.used})`.mapWith(Number) })
    .from(u).where(and(...where))
    .groupBy(u.at, u.zone, u.resourceClass)
    .orderBy(asc(u.at), asc(u.resourceClass), sql`${u.zone} asc nulls first`);
  if (rows.length === 0) return (await unknownFilter(db, q)) ?? emptyRange(q);
  return { ok: true, value: { points: rows.map((r) => ({ at: r.at.toISOString(), zone: r.zone, class: r.class, capacity: r.capacity, used: r.used })) } };
}

const columnOf: Record<Exclude<Dimension, "class">, AnyPgColumn> = { zone: u.zone, rack: u.rack, hardwareModel: u.hardwareModel, project: u.project };

export type SeriesPoint = { day: string; key: string; capacity: number; used: number };

/**
 * Use over time of one class, split by a dimension, one point per day (the mean of that day's
 * snapshots). Capacity is absent (0) for the project split: projects consume, cells have capacity.
 */
export async function usageSeries(db: DbOrTx, q: SeriesQuery): Promise<Outcome<{ points: SeriesPoint[]; keys: string[] }>> {
  const key = q.by === "class" ? u.resourceClass : columnOf[q.by];
  const where = [q.by === "project" ? isNotNull(u.project) : isNull(u.project), ...rangeWhere(q)];
  if (q.by !== "class") where.push(eq(u.resourceClass, q.resourceClass));
  if (q.zone !== undefined) where.push(eq(u.zone, q.zone));
  const perSnapshot = db
    .select({ at: u.at, key: sql<string>`coalesce(${key}, '(none)')`.as("key"), capacity: sql<number>`sum(${u.capacity})`.as("capacity"), used: sql<number>`sum(${u.used})`.as("used") })
    .from(u).where(and(...where)).groupBy(u.at, sql`2`).as("s");
  const rows = await db
    .select({
      day: sql<string>`to_char(date_trunc('day', ${perSnapshot.at} at time zone 'UTC'), 'YYYY-MM-DD')`,
      key: perSnapshot.key,
      capacity: sql<string>`avg(${perSnapshot.capacity})`.mapWith(Number),
      used: sql<string>`avg(${perSnapshot.used})`.mapWith(Number),
    })
    .from(perSnapshot).groupBy(sql`1`, sql`2`).orderBy(sql`1`, sql`2`);
  if (rows.length === 0) return (await unknownFilter(db, q)) ?? emptyRange(q);
  return { ok: true, value: { points: rows, keys: [...new Set(rows.map((r) => r.key))].sort() } };
}

export type RunwayRow = RunwayFit & { class: string; zone: string | null };

/** Per class and zone: the fit over the last `windowDays` days of daily totals (a day's snapshots averaged). */
export async function runwayReport(db: DbOrTx, q: RunwayQuery = {}): Promise<Outcome<{ runway: RunwayRow[]; windowDays: number }>> {
  const windowDays = q.windowDays ?? 180;
  const [latest] = await db.select({ at: sql<Date | null>`max(${u.at})`.mapWith((v) => (v === null ? null : new Date(v))) }).from(u);
  if (!latest?.at) return emptyRange({});
  const from = new Date(latest.at.getTime() - windowDays * DAY_MS);
  const perSnapshot = db
    .select({ at: u.at, zone: u.zone, rc: u.resourceClass, capacity: sql<number>`sum(${u.capacity})`.as("capacity"), used: sql<number>`sum(${u.used})`.as("used") })
    .from(u).where(and(isNull(u.project), gte(u.at, from))).groupBy(u.at, u.zone, u.resourceClass).as("s");
  const rows = await db
    .select({
      day: sql<string>`date_trunc('day', ${perSnapshot.at} at time zone 'UTC')`.mapWith((v) => new Date(`${String(v).slice(0, 10)}T00:00:00Z`)),
      last: sql<string>`max(${perSnapshot.at})`.mapWith((v) => new Date(v)),
      zone: perSnapshot.zone, rc: perSnapshot.rc,
      capacity: sql<string>`avg(${perSnapshot.capacity})`.mapWith(Number),
      used: sql<string>`avg(${perSnapshot.used})`.mapWith(Number),
    })
    .from(perSnapshot).groupBy(sql`1`, perSnapshot.zone, perSnapshot.rc).orderBy(sql`1`);
  const groups = new Map<string, { zone: string | null; rc: string; points: { at: Date; used: number; capacity: number }[] }>();
  for (const r of rows) {
    const k = `${r.rc}|${r.zone ?? ""}`;
    const g = groups.get(k) ?? groups.set(k, { zone: r.zone, rc: r.rc, points: [] }).get(k)!;
    g.points.push({ at: r.last, used: r.used, capacity: r.capacity });
  }
  const runway: RunwayRow[] = [];
  for (const g of [...groups.values()].sort((a, b) => a.rc.localeCompare(b.rc) || (a.zone ?? "").localeCompare(b.zone ?? ""))) {
    const last = g.points[g.points.length - 1]!;
    if (g.points.length < 2 || last.capacity <= 0) continue;
    runway.push({ class: g.rc, zone: g.zone, ...fitRunway(g.points, last.capacity, { horizonDays: q.horizonDays }) });
  }
  return { ok: true, value: { runway, windowDays } };
}
