/**
 * The scheduler at work (DESIGN §5): the workers that claim placement requests, the journal of
 * their provisioning calls, and the `simulated` driver's cloud (kept in the database so that every
 * worker process sees one cloud). The request state machine itself lives on placement_requests and
 * placement_request_events (schema.ts).
 */
import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** One row per `headroom worker` process (and the web process's own worker): who is alive, what it did. */
export const schedulerWorkers = pgTable(
  "scheduler_workers",
  {
    name: text("name").primaryKey(),
    hostname: text("hostname").notNull(),
    pid: integer("pid").notNull(),
    driver: text("driver").notNull(),
    simulated: boolean("simulated").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set on a clean stop; a worker that died keeps null and stops heartbeating. */
    stoppedAt: timestamp("stopped_at", { withTimezone: true }),
    /** Requests it holds now (at its last heartbeat). */
    claimed: integer("claimed").notNull().default(0),
    placedTotal: integer("placed_total").notNull().default(0),
    activeTotal: integer("active_total").notNull().default(0),
    failedTotal: integer("failed_total").notNull().default(0),
    conflictsTotal: integer("conflicts_total").notNull().default(0),
    /** Requests it brought to active in the last minute, as of its last heartbeat. */
    perMinute: integer("per_minute").notNull().default(0),
  },
  (t) => [index("scheduler_workers_heartbeat_idx").on(t.heartbeatAt)],
);

export const journalStatus = ["open", "done", "failed", "abandoned"] as const;

/**
 * Every driver call of a provisioning, written before the call ("open") and completed after
 * ("done" with the resource, "failed" with the error). An entry left open is a call whose answer
 * nobody recorded (the worker died, the answer was lost): a worker reconciles it on start with
 * findByKey (adopt what the cloud made, or mark it abandoned when the cloud made nothing).
 */
export const provisioningJournal = pgTable(
  "provisioning_journal",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    requestId: text("request_id").notNull(),
    worker: text("worker").notNull(),
    driver: text("driver").notNull(),
    /** createVolume, createPort, createServer, attach, poll, delete. */
    operation: text("operation").notNull(),
    /** server, volume, port. */
    kind: text("kind").notNull(),
    /** The idempotency key carried into the cloud. */
    key: text("key").notNull(),
    status: text("status", { enum: journalStatus }).notNull().default("open"),
    resourceId: text("resource_id"),
    detail: text("detail").notNull().default(""),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("provisioning_journal_request_idx").on(t.requestId, t.id),
    index("provisioning_journal_open_idx").on(t.status).where(sql`${t.status} = 'open'`),
  ],
);

/**
 * The `simulated` driver's cloud: servers, volumes and ports on hosts, backends and networks. Like a
 * real cloud it has no unique key on the idempotency key (metadata), so a driver or worker that
 * made a second server for one key would show as a duplicate.
 */
export const simulatedResources = pgTable(
  "simulated_resources",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["server", "volume", "port"] }).notNull(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    projectId: text("project_id").notNull(),
    /** A server's host, a volume's backend, a port's network. */
    location: text("location").notNull(),
    state: text("state", { enum: ["building", "active", "error", "deleting", "gone"] }).notNull(),
    /** A building server turns active (or error, with `fault`) at this moment. */
    readyAt: timestamp("ready_at", { withTimezone: true }).notNull().defaultNow(),
    fault: text("fault"),
    address: text("address"),
    /** Server: its ports and volumes; volume: its size; anything the driver keeps. */
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("simulated_resources_kind_key_idx").on(t.kind, t.key), index("simulated_resources_location_idx").on(t.location)],
);

