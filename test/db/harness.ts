/**
 * Every database suite runs on each available backend (DESIGN §7): a fresh in-memory PGlite always,
 * and, when DATABASE_URL is set, a fresh PostgreSQL database created through that URL's server,
 * migrated, and dropped after the suite.
 *
 *   describe.each(backends())("providers on %s", (backend) => {
 *     const t = useTestDatabase(backend, { seed: "catalog" });
 *     it("...", async () => { const api = t.caller(); ... });
 *   });
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import postgres from "postgres";
import * as schema from "../../drizzle/schema";
import { afterAll, beforeAll } from "vitest";
import { createCaller } from "../../server/api/root";
import { createTRPCContext } from "../../server/api/trpc";
import { openDatabase, type Db, type DbHandle } from "../../server/db/client";
import { migrateDatabase, migrationsFolder } from "../../server/db/migrate";
import { insertCatalog, seedDatabase } from "../../server/db/seed";

export type BackendName = "pglite" | "postgresql";
export type TestDatabase = { handle: DbHandle; db: Db; url: string | undefined; close: () => Promise<void> };

/** The backends this run can use: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function backends(): BackendName[] {
  return process.env.DATABASE_URL ? ["pglite", "postgresql"] : ["pglite"];
}

/**
 * A migrated PGlite data folder, dumped once per set of migrations and kept in the OS temp folder:
 * loading it takes a fraction of PGlite's own initdb + migrate, which every suite would pay otherwise.
 */
async function migratedPgliteImage(): Promise<Blob> {
  const folder = migrationsFolder();
  const hash = createHash("sha256");
  for (const file of readdirSync(folder, { recursive: true }).map(String).sort()) {
    const full = path.join(folder, file);
    if (file.endsWith(".sql") || file.endsWith(".json")) hash.update(file).update(readFileSync(full));
  }
  const cacheDir = path.join(tmpdir(), "headroom-test-cache");
  const image = path.join(cacheDir, `pglite-${hash.digest("hex").slice(0, 16)}.tar`);
  if (existsSync(image)) return new Blob([readFileSync(image)]);
  const handle = await openDatabase({ kind: "pglite" });
  try {
    await migrateDatabase(handle);
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir("none");
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${image}.${process.pid}.${randomUUID()}`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, image); // atomic: parallel workers never read half a file
    return dump;
  } finally {
    await handle.close();
  }
}

/** A fresh, migrated database on the backend. */
export async function createTestDatabase(backend: BackendName): Promise<TestDatabase> {
  if (backend === "pglite") {
    const client = new PGlite({ loadDataDir: await migratedPgliteImage() });
    await client.waitReady;
    const db = drizzle({ client, schema }) as unknown as Db;
    const handle: DbHandle = { db, kind: "pglite", location: "memory", close: () => client.close() };
    return { handle, db, url: undefined, close: handle.close };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("postgresql backend needs DATABASE_URL");
  const name = `headroom_test_${process.pid}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgresql", url: url.toString() });
  const close = async () => {
    await handle.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  };
  try {
    await migrateDatabase(handle, url.toString());
  } catch (error) {
    await close();
    throw error;
  }
  return { handle, db: handle.db, url: url.toString(), close };
}

export type Fixture = {
  readonly db: Db;
  readonly database: TestDatabase;
  caller: (user?: string) => ReturnType<typeof createCaller>;
};

/**
 * Registers beforeAll/afterAll for a suite: a fresh database, optionally holding the catalogue only
 * or the whole demo data centre (with a fixed clock, so it is the same every run).
 */
export function useTestDatabase(backend: BackendName, options: { seed?: "none" | "catalog" | "demo" } = {}): Fixture {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    if (options.seed === "catalog") await insertCatalog(database.db);
    if (options.seed === "demo") await seedDatabase(database.db, { now: FIXED_NOW });
  });
  afterAll(async () => {
    await database?.close();
  });
  const get = () => {
    if (!database) throw new Error("the test database is not open yet (use it inside a test or hook)");
    return database;
  };
  return {
    get db() { return get().db; },
    get database() { return get(); },
    caller: (user = "test-user") => createCaller(createTRPCContext({ db: get().db, user })),
  };
}

export const FIXED_NOW = new Date("2026-11-01T00:00:00Z");

/** Rows of a raw query on either driver (PGlite answers `{ rows }`, postgres-js an array). */
export async function rows<T = Record<string, unknown>>(db: Db, query: Parameters<Db["execute"]>[0]): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
