import { parseEnv, type Env } from "../env";
import { openDatabase, type DbHandle } from "./client";
import { migrateDatabase } from "./migrate";

export type { Db, DbHandle, DbOrTx, DatabaseKind, Tx } from "./client";

/** Opens the database the environment names (PGlite in the data folder, or DATABASE_URL). */
export function openFromEnv(env: Env = parseEnv()): Promise<DbHandle> {
  return env.databaseUrl === undefined
    ? openDatabase({ kind: "pglite", dataDir: env.dataDir })
    : openDatabase({ kind: "postgresql", url: env.databaseUrl });
}

/** Opens and migrates: what a process does before it serves. */
export async function openMigrated(env: Env = parseEnv()): Promise<DbHandle> {
  const handle = await openFromEnv(env);
  try {
    await migrateDatabase(handle, env.databaseUrl);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

const globalKey = Symbol.for("headroom.db");
type Holder = { [globalKey]?: Promise<DbHandle> };

/**
 * The process's one database (CONVENTIONS 12). Kept on globalThis, so Next's module reloading in
 * development never opens a second PGlite on the same folder (PGlite is single-process). A failed
 * open is forgotten, so the next call tries again (health answers 503 meanwhile).
 */
export function getDb(): Promise<DbHandle> {
  const holder = globalThis as Holder;
  let pending = holder[globalKey];
  if (pending === undefined) {
    pending = openMigrated();
    holder[globalKey] = pending;
    pending.catch(() => {
      if (holder[globalKey] === pending) delete holder[globalKey];
    });
  }
  return pending;
}

/** Closes the process's database, if open (tests; a graceful shutdown). The next getDb() opens it again. */
export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[globalKey];
  delete holder[globalKey];
  if (pending === undefined) return;
  try {
    await (await pending).close();
  } catch {
    // It never opened: nothing to close.
  }
}
