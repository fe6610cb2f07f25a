import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DbHandle } from "./client";

/**
 * The migrations folder, relative to the working directory so that the CLI (tsx) and Next's server
 * bundle both find it: both run from the project root.
 */
export function migrationsFolder(cwd = process.cwd()): string {
  return path.resolve(cwd, "drizzle/migrations");
}

/** Any integer: the advisory lock that keeps two processes from migrating one PostgreSQL at once. */
const MIGRATION_LOCK = 0x4865_6164; // "Head"

/**
 * Applies the generated migrations (idempotent: the applied ones are skipped). On PostgreSQL a
 * dedicated single connection takes an advisory lock first, so app servers and CLI runs starting
 * together never race.
 */
export async function migrateDatabase(handle: DbHandle, url?: string, folder = migrationsFolder()): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    return;
  }
  if (url === undefined) throw new Error("migrateDatabase: PostgreSQL needs its URL");
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: folder });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
