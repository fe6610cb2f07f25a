/**
 * What-if planning (DESIGN §7): scenarios saved and versioned, uploaded traces, and runs.
 *
 * - A scenario is a name; every save is a new immutable version holding the planner's spec (the
 *   forms' document, server/scenarios/spec.ts) and what it compiled to at that moment (the
 *   contract's Scenario, with the live inventory read then), so a version runs the same next month.
 * - A run simulates one version (as a pg-boss job): status, progress, and at the end the summary
 *   and the series downsampled for charts, or why it failed.
 */
import { sql } from "drizzle-orm";
import { check, doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const scenarios = pgTable(
  "scenarios",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** The newest version's number (1 after the first save). */
    latestVersion: integer("latest_version").notNull().default(0),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("scenarios_name_key").on(t.name)],
);

export const scenarioVersions = pgTable(
  "scenario_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scenarioId: uuid("scenario_id").notNull().references(() => scenarios.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    /** The planner's document (server/scenarios/spec.ts ScenarioSpec). */
    spec: jsonb("spec").notNull(),
    /** The contract's Scenario it compiled to when saved (simulator/scenario/schema.ts). */
    compiled: jsonb("compiled").notNull(),
    /** Host id -> hardware model id of the compiled providers, where known (a later version's ratio changes need it). */
    hostModels: jsonb("host_models").$type<Record<string, string>>().notNull().default({}),
    /** In words: what the base was (e.g. "live inventory at 2026-12-03 17:00 UTC: 466 hosts"). */
    baseLabel: text("base_label").notNull().default(""),
    /** What compiling said (providers left out, models assumed, ...). */
    notes: jsonb("notes").$type<string[]>().notNull().default([]),
    /** A hash of `compiled` and the traces' contents: two versions with the same one run the same. */
    digest: text("digest").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("scenario_versions_key").on(t.scenarioId, t.version), index("scenario_versions_digest_idx").on(t.digest)],
);

/** A CSV a planner uploaded as a load trace (the shipped ones are read from data/traces). */
export const scenarioTraces = pgTable(
  "scenario_traces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    csv: text("csv").notNull(),
    columns: jsonb("columns").$type<string[]>().notNull(),
    rows: integer("rows").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
);

export const runStatus = pgEnum("run_status", ["queued", "running", "succeeded", "failed", "cancelled"]);

export const scenarioRuns = pgTable(
  "scenario_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scenarioId: uuid("scenario_id").notNull().references(() => scenarios.id, { onDelete: "cascade" }),
    versionId: uuid("version_id").notNull().references(() => scenarioVersions.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    status: runStatus("status").notNull().default("queued"),
    /** The pg-boss job that runs it. */
    jobId: text("job_id"),
    seed: integer("seed").notNull(),
    /** Replications asked for (1: a single run). */
    replications: integer("replications").notNull().default(1),
    /** 0..1 of simulated time (over all replications). */
    progress: doublePrecision("progress").notNull().default(0),
    simulatedSeconds: doublePrecision("simulated_seconds").notNull().default(0),
    events: integer("events").notNull().default(0),
    /** Why it failed, in words. */
    error: text("error"),
    summary: jsonb("summary"),
    /** The series downsampled for charts (server/scenarios/downsample.ts). */
    series: jsonb("series"),
    /** The run whose stored result this one took instead of simulating again (same digest, seed and replications). */
    reusedFrom: uuid("reused_from"),
    digest: text("digest").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("scenario_runs_scenario_idx").on(t.scenarioId, t.createdAt),
    index("scenario_runs_digest_idx").on(t.digest, t.seed, t.replications),
    check("scenario_runs_progress", sql`${t.progress} >= 0 AND ${t.progress} <= 1`),
  ],
);
