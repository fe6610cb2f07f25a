/**
 * One PgBoss per use on the process's database (DESIGN §6): on PGlite through pg-boss's `fromPglite`
 * on the very PGlite client drizzle holds (PGlite is single-process, so nothing else could open
 * it); on PostgreSQL through pg-boss's own `pg` pool, connected with the settings of the postgres-js
 * client drizzle holds (host, port, database, user, password), so the jobs always live in the
 * database the handle names. pg-boss keeps its tables in its own schema (`pgboss`), created and
 * migrated by pg-boss itself at start.
 */
import { fromPglite, PgBoss, type ConstructorOptions } from "pg-boss";
import type { DatabaseKind, Db } from "../db/client";

type PgliteClient = Parameters<typeof fromPglite>[0];
type PostgresJsOptions = { host: string[]; port: number[]; database: string; user: string; pass: string | (() => string | Promise<string>) | null; ssl?: unknown };

/** Which driver a drizzle database runs on: postgres-js's client is a tagged-template function, PGlite's an object. */
export function databaseKind(db: Db): DatabaseKind {
  return typeof (db as unknown as { $client: unknown }).$client === "function" ? "postgresql" : "pglite";
}

/** The connection part of pg-boss's options for a handle's database. */
export function bossConnection(db: Db): ConstructorOptions {
  const client = (db as unknown as { $client: unknown }).$client;
  if (databaseKind(db) === "pglite") return { db: fromPglite(client as PgliteClient), backend: "pglite" };
  const o = (client as { options: PostgresJsOptions }).options;
  const password = typeof o.pass === "function" ? o.pass : o.pass ?? undefined;
  return {
    host: o.host[0], port: o.port[0], database: o.database, user: o.user,
    ...(password === undefined || password === "" ? {} : { password }),
    ...(o.ssl ? { ssl: o.ssl } : {}),
    max: 4,
  };
}

export type BossRole = "worker" | "client";

/**
 * A started PgBoss. A "worker" runs maintenance and the cron schedules; a "client" only sends,
 * cancels and reads jobs (the web process and the CLI when workers run elsewhere).
 */
export async function startBoss(db: Db, role: BossRole, name?: string): Promise<PgBoss> {
  const boss = new PgBoss({
    ...bossConnection(db),
    useListenNotify: true,
    supervise: role === "worker",
    schedule: role === "worker",
    ...(name === undefined ? {} : { instanceName: name }),
  });
  boss.on("error", (error) => console.error(`headroom jobs (${role}):`, error instanceof Error ? error.message : error));
  await boss.start();
  return boss;
}

const clients = new WeakMap<Db, Promise<PgBoss>>();

/** The process's client boss for a database, started once (a failed start is forgotten). */
export function clientBoss(db: Db): Promise<PgBoss> {
  let pending = clients.get(db);
  if (pending === undefined) {
    pending = startBoss(db, "client");
    clients.set(db, pending);
    pending.catch(() => clients.delete(db));
  }
  return pending;
}

/** Stops the client boss of a database, if one was started (tests; shutdown). */
export async function stopClientBoss(db: Db): Promise<void> {
  const pending = clients.get(db);
  clients.delete(db);
  if (pending === undefined) return;
  const boss = await pending.catch(() => undefined);
  await boss?.stop({ graceful: false, close: true });
}
