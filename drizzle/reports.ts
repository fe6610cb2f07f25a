/**
 * Utilisation snapshots (DESIGN §8): capacity and use per resource class x zone x rack x hardware
 * model x project, taken on a schedule, on demand and, for the demo, generated as history by the seed.
 *
 * Two kinds of rows share the table: a cell row (project null) holds the capacity and the total use
 * of one (class, zone, rack, model) cell; a project row holds one project's use of a cell, with
 * capacity 0. Sums of cell rows are the totals; sums of project rows split the use by business line.
 * Providers without a zone (Swift, floating-IP pools) have zone null; storage and networks have rack
 * and model null. A snapshot's rows share one `at`.
 */
import { sql } from "drizzle-orm";
import { bigserial, check, doublePrecision, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const utilisationSnapshots = pgTable(
  "utilisation_snapshots",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** seed (generated history), schedule (the periodic job), manual (taken on demand). */
    source: text("source").notNull(),
    resourceClass: text("resource_class").notNull(),
    zone: text("zone"),
    rack: text("rack"),
    hardwareModel: text("hardware_model"),
    project: text("project"),
    capacity: doublePrecision("capacity").notNull().default(0),
    used: doublePrecision("used").notNull().default(0),
  },
  (t) => [
    index("utilisation_snapshots_class_at_idx").on(t.resourceClass, t.at),
    index("utilisation_snapshots_at_idx").on(t.at),
    check("utilisation_snapshots_nonneg", sql`${t.capacity} >= 0 AND ${t.used} >= 0`),
  ],
);
