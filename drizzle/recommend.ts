/**
 * Recommendation runs (DESIGN §7): what to buy before the peak, worked out by the pg-boss job
 * "recommend.run" (server/recommend/job.ts) on a worker thread. The row is the truth the page polls:
 * status, the simulation under way and its progress, the last step in words, the answer or why not.
 */
import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { runStatus } from "./scenarios";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const recommendationRuns = pgTable(
  "recommendation_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    status: runStatus("status").notNull().default("queued"),
    /** The pg-boss job that works it. */
    jobId: text("job_id"),
    /** The request as validated: the scenario (resolved when a saved one was named), the models, the targets. */
    input: jsonb("input").notNull(),
    /** The scenario's name (for the list). */
    scenarioName: text("scenario_name").notNull(),
    /** The saved scenario and version it was asked for, when it was one. */
    scenarioId: uuid("scenario_id"),
    version: integer("version"),
    /** Simulations started so far, and how far the current one is (0..1). */
    simulations: integer("simulations").notNull().default(0),
    progress: doublePrecision("progress").notNull().default(0),
    /** The last step in words ("raised (2): 48 hosts, cost 1054080: misses them"). */
    message: text("message"),
    /** The contract's Recommendation. */
    result: jsonb("result"),
    /** Why it failed, in words, and the input field it names when it is one. */
    error: text("error"),
    errorField: text("error_field"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("recommendation_runs_created_idx").on(t.createdAt)],
);
