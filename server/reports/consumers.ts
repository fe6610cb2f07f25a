/**
 * Top consumers: per project (business line) and class, the use in the latest snapshot that splits
 * use by project, its share of the class's capacity, and its growth since the split nearest to
 * `sinceDays` before it.
 */
import { and, desc, eq, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { utilisationSnapshots as u } from "../../drizzle/schema";
import type { DbOrTx } from "../db/client";
import { DAY_MS } from "./runway";

export type TopConsumer = { project: string; class: string; used: number; share: number; usedBefore: number | null; growth: number | null };

async function latestProjectAt(db: DbOrTx, before?: Date): Promise<Date | null> {
  const [row] = await db.select({ at: u.at }).from(u)
    .where(and(isNotNull(u.project), before ? lte(u.at, before) : undefined)).orderBy(desc(u.at)).limit(1);
  return row?.at ?? null;
}

async function useAt(db: DbOrTx, at: Date) {
  return db.select({ project: u.project, rc: u.resourceClass, used: sql<string>`sum(${u.used})`.mapWith(Number) })
    .from(u).where(and(isNotNull(u.project), eq(u.at, at))).groupBy(u.project, u.resourceClass);
}

export async function topConsumers(db: DbOrTx, options: { sinceDays?: number; limit?: number } = {}) {
  const at = await latestProjectAt(db);
  if (!at) return { at: null, since: null, consumers: [] as TopConsumer[] };
  const sinceAt = await latestProjectAt(db, new Date(at.getTime() - (options.sinceDays ?? 30) * DAY_MS));
  const [now, before, capacity] = await Promise.all([
    useAt(db, at),
    sinceAt ? useAt(db, sinceAt) : Promise.resolve([]),
    // Capacity per class from the cell rows of the latest snapshot at or before the split.
    db.select({ rc: u.resourceClass, capacity: sql<string>`sum(${u.capacity})`.mapWith(Number) }).from(u)
      .where(and(isNull(u.project), eq(u.at, sql`(select max(${u.at}) from ${u} where ${u.project} is null and ${u.at} <= ${at.toISOString()})`)))
      .groupBy(u.resourceClass),
  ]);
  const cap = new Map(capacity.map((c) => [c.rc, c.capacity]));
  const prior = new Map(before.map((b) => [`${b.project}|${b.rc}`, b.used]));
  const consumers: TopConsumer[] = now.map((r) => {
    const usedBefore = prior.get(`${r.project}|${r.rc}`) ?? null;
    const c = cap.get(r.rc) ?? 0;
    return { project: r.project!, class: r.rc, used: r.used, share: c > 0 ? r.used / c : 0, usedBefore, growth: usedBefore && usedBefore > 0 ? r.used / usedBefore - 1 : null };
  });
  consumers.sort((a, b) => b.share - a.share || a.project.localeCompare(b.project) || a.class.localeCompare(b.class));
  return { at: at.toISOString(), since: sinceAt?.toISOString() ?? null, consumers: options.limit ? consumers.slice(0, options.limit) : consumers };
}
