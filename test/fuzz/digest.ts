/**
 * A fingerprint of everything a database holds: every table of every schema but the system ones
 * (the app's, better-auth's, pg-boss's), each row as its canonical JSON, sorted, hashed per table by
 * the server. Two equal digests mean the same rows, byte for byte, in every table.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../server/db/client";
import { rows } from "../db/harness";

let tablesCache = new WeakMap<Db, { schema: string; name: string }[]>();

async function tables(db: Db) {
  let list = tablesCache.get(db);
  if (!list) {
    list = await rows<{ schema: string; name: string }>(db, sql`select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`);
    tablesCache.set(db, list);
  }
  return list;
}

export function forgetTables(): void {
  tablesCache = new WeakMap();
}

export async function databaseDigest(db: Db): Promise<Record<string, string>> {
  const list = await tables(db);
  if (list.length === 0) return {};
  const parts = list.map((t) => {
    const ident = sql.raw(`"${t.schema.replaceAll('"', '""')}"."${t.name.replaceAll('"', '""')}"`);
    return sql`select ${`${t.schema}.${t.name}`} as t, count(*)::text || ':' || coalesce(md5(string_agg(to_jsonb(x)::text, ',' order by to_jsonb(x)::text)), '') as d from ${ident} x`;
  });
  const result = await rows<{ t: string; d: string }>(db, sql.join(parts, sql` union all `));
  return Object.fromEntries(result.map((r) => [r.t, r.d]));
}

/** The tables whose digests differ. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}
