import { count, getTableName, sql } from "drizzle-orm";
import * as s from "../../../drizzle/schema";
import type { Db, Tx } from "../client";
import { flavorRows, hostModels, resourceClassRows, traitRows, volumeTypeRows } from "./catalog";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseCsv } from "../../../simulator/trace/csv";
import { insertSnapshotRows } from "../../reports/snapshot";
import { buildDatacenter } from "./datacenter";
import { ALIBABA_TRACE, buildHistory } from "./history";
import { Ledger, type Plan } from "./plan";
import { createRng } from "./prng";
import { buildRequests } from "./requests";
import { buildWorkload } from "./workload";

export const DEFAULT_SEED = 20261111; // Double 11

/**
 * history: also write 18 months of utilisation snapshots (history.ts); default true.
 * accounts: a hook that adds accounts in the seed's transaction (the embedded demo's, server/auth/demo.ts).
 */
export type SeedOptions = { seed?: number; now?: Date; reset?: boolean; history?: boolean; accounts?: (tx: Tx) => Promise<number> };
export type SeedResult = { seeded: boolean; counts: Record<string, number> };

/** The demo data centre as rows, the same for the same seed and clock on every machine. */
export function buildPlan(seed = DEFAULT_SEED, now = new Date()): Plan {
  const rng = createRng(seed);
  const plan: Plan = {
    resourceClasses: resourceClassRows, traits: traitRows,
    hardwareModels: hostModels.map(({ id, vendor, description, vcpus, memoryMb, diskGb, traits, unitCostPerMonth }) => ({ id, vendor, description, vcpus, memoryMb, diskGb, traits, unitCostPerMonth })),
    flavors: flavorRows, volumeTypes: volumeTypeRows,
    providers: [], inventories: [], providerTraits: [], aggregates: [], providerAggregates: [], serverGroups: [],
    consumers: [], allocations: [], placementRequests: [], placementRequestEvents: [], auditLog: [],
  };
  const ledger = new Ledger();
  const topology = buildDatacenter(rng, plan, ledger);
  const instances = buildWorkload(rng, plan, ledger, topology, now);
  buildRequests(rng, plan, instances, now);
  const seededAt = new Date(now.getTime() - 430 * 86_400_000);
  for (const p of plan.providers) {
    p.createdAt = seededAt;
    p.updatedAt = seededAt;
    plan.auditLog.push({
      at: seededAt, actor: "seed", action: "provider.create", entityType: "provider", entityId: p.id, before: null,
      after: { name: p.name, kind: p.kind, subtype: p.subtype ?? null, parentId: p.parentId ?? null, state: p.state ?? "active", hardwareModelId: p.hardwareModelId ?? null },
    });
  }
  plan.auditLog.push({
    at: now, actor: "seed", action: "seed.load", entityType: "database", entityId: "demo", before: null,
    after: { seed, providers: plan.providers.length, consumers: plan.consumers.length, allocations: plan.allocations.length },
  });
  return plan;
}

/** Insert order: parents before children, referenced tables before referencing ones. */
const tables = [
  ["resourceClasses", s.resourceClasses], ["traits", s.traits], ["hardwareModels", s.hardwareModels], ["flavors", s.flavors],
  ["volumeTypes", s.volumeTypes], ["providers", s.resourceProviders], ["inventories", s.inventories],
  ["providerTraits", s.providerTraits], ["aggregates", s.aggregates], ["providerAggregates", s.providerAggregates],
  ["serverGroups", s.serverGroups], ["consumers", s.consumers], ["allocations", s.allocations],
  ["placementRequests", s.placementRequests], ["placementRequestEvents", s.placementRequestEvents], ["auditLog", s.auditLog],
] as const;

const SEED_LOCK = 0x5365_6564; // "Seed"
const PARAMS_PER_STATEMENT = 30_000; // well under PostgreSQL's 65,535 bind parameters

async function insertAll(tx: Tx, plan: Plan) {
  for (const [key, table] of tables) {
    const rows = plan[key] as Record<string, unknown>[];
    if (rows.length === 0) continue;
    const columns = Math.max(1, Object.keys(rows[0] ?? {}).length + 2);
    const batch = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / columns));
    for (let i = 0; i < rows.length; i += batch) {
      await tx.insert(table).values(rows.slice(i, i + batch) as never);
    }
  }
}

/** Only the catalogue (resource classes, traits, hardware models, flavors, volume types): for tests and empty installs. */
export async function insertCatalog(db: Db | Tx) {
  const plan = buildPlan(DEFAULT_SEED, new Date(0));
  await db.insert(s.resourceClasses).values(plan.resourceClasses).onConflictDoNothing();
  await db.insert(s.traits).values(plan.traits).onConflictDoNothing();
  await db.insert(s.hardwareModels).values(plan.hardwareModels).onConflictDoNothing();
  await db.insert(s.flavors).values(plan.flavors).onConflictDoNothing();
  await db.insert(s.volumeTypes).values(plan.volumeTypes).onConflictDoNothing();
}

/** Empties every table of the data model (the migrations stay). */
export async function truncateAll(tx: Tx) {
  const names = [...tables.map(([, t]) => t), s.utilisationSnapshots].map((t) => sql.identifier(getTableName(t)));
  await tx.execute(sql`TRUNCATE ${sql.join(names, sql`, `)} RESTART IDENTITY CASCADE`);
}

/**
 * Loads the demo data centre in one transaction. Idempotent: a database that already holds
 * providers is left alone unless `reset` empties it first. An advisory lock keeps two processes
 * from seeding one PostgreSQL at once.
 */
export async function seedDatabase(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const plan = buildPlan(options.seed ?? DEFAULT_SEED, now);
  const result = await db.transaction(async (tx): Promise<SeedResult> => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    if (options.reset) await truncateAll(tx);
    const [existing] = await tx.select({ n: count() }).from(s.resourceProviders);
    if ((existing?.n ?? 0) > 0) return { seeded: false, counts: {} };
    await insertAll(tx, plan);
    const counts: Record<string, number> = Object.fromEntries(tables.map(([key]) => [key, plan[key].length]));
    if (options.history !== false) {
      const history = buildHistory(plan, now, parseCsv(readFileSync(path.resolve(process.cwd(), ALIBABA_TRACE), "utf8")));
      await insertSnapshotRows(tx, history);
      counts.utilisationSnapshots = history.length;
    }
    if (options.accounts) await options.accounts(tx);
    return { seeded: true, counts };
  });
  // Table statistics for the planner: PGlite never gathers them on its own (no autovacuum), and without
  // them the inventory reads that join allocations pick per-row plans that grow with the square of the hosts.
  if (result.seeded) await db.execute(sql`analyze`);
  return result;
}
