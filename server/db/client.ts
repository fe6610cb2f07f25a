import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "../../drizzle/schema";

export type Schema = typeof schema;
/** One drizzle type for both drivers: every query and domain function takes this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database or a transaction on it: domain functions that compose accept either. */
export type DbOrTx = Db | Tx;

export type DatabaseKind = "pglite" | "postgresql";

export type DbHandle = {
  db: Db;
  kind: DatabaseKind;
  /** Where it lives, for messages: the data folder, "memory", or the URL without its password. */
  location: string;
  close: () => Promise<void>;
};

export type OpenOptions =
  | { kind: "postgresql"; url: string; max?: number }
  | { kind: "pglite"; dataDir?: string };

/** Opens a database: PGlite in a folder (or in memory without one), or PostgreSQL through `postgres`. */
export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.kind === "postgresql") {
    const client = postgres(options.url, { max: options.max ?? 10, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    return { db, kind: "postgresql", location: redactUrl(options.url), close: () => client.end({ timeout: 5 }) };
  }
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir);
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: options.dataDir ?? "memory",
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

/** postgres://user:secret@host/db -> postgres://user@host/db */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    return u.toString();
  } catch {
    return "postgresql";
  }
}
