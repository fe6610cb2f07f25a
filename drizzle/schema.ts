/**
 * The data model of DESIGN.md §2: one inventory for compute, storage and network, after OpenStack
 * Placement. Everything with capacity is a resource provider; providers form a tree
 * (region > zone > rack > host); inventories, traits and aggregates hang off providers; a placed
 * request is a consumer holding allocations on several providers at once. Providers and consumers
 * carry a generation: every write names the generation it read, and a mismatch is a conflict.
 *
 * Migrations are generated from this file by drizzle-kit (`npm run db:generate`) into
 * drizzle/migrations and never edited by hand.
 */
import { sql } from "drizzle-orm";
import {
  bigserial, boolean, check, doublePrecision, index, integer, jsonb, pgEnum, pgTable, pgView, primaryKey,
  text, timestamp, uniqueIndex, uuid, type AnyPgColumn,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------------------------------------
// Providers and their tree
// ---------------------------------------------------------------------------------------------

/** region, zone, rack are groupings (no inventory); host, storage, network have capacity. */
export const providerKind = pgEnum("provider_kind", ["region", "zone", "rack", "host", "storage", "network"]);
/** active: schedulable; maintenance / disabled: keeps its allocations, takes no new ones; retired: gone, kept for history. */
export const providerState = pgEnum("provider_state", ["active", "maintenance", "disabled", "retired"]);

export const hardwareModels = pgTable("hardware_models", {
  id: text("id").primaryKey(),                         // e.g. "model-a"
  vendor: text("vendor").notNull(),
  description: text("description").notNull(),
  vcpus: integer("vcpus").notNull(),
  memoryMb: integer("memory_mb").notNull(),
  diskGb: integer("disk_gb").notNull(),
  traits: jsonb("traits").$type<string[]>().notNull().default([]),
  unitCostPerMonth: doublePrecision("unit_cost_per_month"),
});

export const resourceProviders = pgTable(
  "resource_providers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The name people and the placement contract use ("cn-az1-r03-h12", "ceph-ssd-az1"). Unique. */
    name: text("name").notNull(),
    kind: providerKind("kind").notNull(),
    /** Finer kind: "ceph-pool", "cinder-backend", "swift-cluster", "ovs-network", "subnet", "floating-ip-pool", ... */
    subtype: text("subtype"),
    parentId: uuid("parent_id").references((): AnyPgColumn => resourceProviders.id, { onDelete: "restrict" }),
    state: providerState("state").notNull().default("active"),
    hardwareModelId: text("hardware_model_id").references(() => hardwareModels.id),
    /** Free-form facts: a subnet's CIDR, a Ceph pool's replication, a backend's volume_backend_name. */
    attributes: jsonb("attributes").$type<Record<string, string | number | boolean>>().notNull().default({}),
    generation: integer("generation").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("resource_providers_name_key").on(t.name),
    index("resource_providers_parent_idx").on(t.parentId),
    index("resource_providers_kind_state_idx").on(t.kind, t.state),
    check("resource_providers_generation_nonneg", sql`${t.generation} >= 0`),
  ],
);

/**
 * Where each provider sits: its region, zone and rack, from the tree (the nearest ancestor of each
 * kind, the provider itself included). A recursive view, so any query can filter or group by zone
 * and rack without walking the tree itself.
 */
export const providerLocations = pgView("provider_locations", {
  providerId: uuid("provider_id").notNull(),
  region: text("region"),
  zone: text("zone"),
  rack: text("rack"),
  depth: integer("depth").notNull(),
}).as(sql`WITH RECURSIVE t(id, region, zone, rack, depth) AS (
    SELECT id,
      CASE WHEN kind = 'region' THEN name END,
      CASE WHEN kind = 'zone' THEN name END,
      CASE WHEN kind = 'rack' THEN name END,
      0
    FROM resource_providers WHERE parent_id IS NULL
  UNION ALL
    SELECT c.id,
      COALESCE(CASE WHEN c.kind = 'region' THEN c.name END, t.region),
      COALESCE(CASE WHEN c.kind = 'zone' THEN c.name END, t.zone),
      COALESCE(CASE WHEN c.kind = 'rack' THEN c.name END, t.rack),
      t.depth + 1
    FROM resource_providers c JOIN t ON c.parent_id = t.id
    WHERE t.depth < 32
  )
  SELECT id AS provider_id, region, zone, rack, depth FROM t`);

export const resourceClasses = pgTable("resource_classes", {
  name: text("name").primaryKey(),                     // VCPU, MEMORY_MB, ..., CUSTOM_*
  standard: boolean("standard").notNull().default(true),
  unit: text("unit").notNull(),                        // "vCPU", "MiB", "GiB", "Mbit/s", "address", ...
  description: text("description").notNull().default(""),
});

/** One row per (provider, resource class), with every field of OpenStack Placement's inventory. */
export const inventories = pgTable(
  "inventories",
  {
    providerId: uuid("provider_id").notNull().references(() => resourceProviders.id, { onDelete: "cascade" }),
    resourceClass: text("resource_class").notNull().references(() => resourceClasses.name),
    total: integer("total").notNull(),
    reserved: integer("reserved").notNull().default(0),
    minUnit: integer("min_unit").notNull().default(1),
    maxUnit: integer("max_unit").notNull(),
    stepSize: integer("step_size").notNull().default(1),
    allocationRatio: doublePrecision("allocation_ratio").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.providerId, t.resourceClass] }),
    check("inventories_total_nonneg", sql`${t.total} >= 0`),
    check("inventories_reserved_range", sql`${t.reserved} >= 0 AND ${t.reserved} <= ${t.total}`),
    check("inventories_units", sql`${t.minUnit} >= 1 AND ${t.minUnit} <= ${t.maxUnit} AND ${t.stepSize} >= 1`),
    check("inventories_ratio_pos", sql`${t.allocationRatio} > 0`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Traits and aggregates
// ---------------------------------------------------------------------------------------------

export const traits = pgTable("traits", {
  name: text("name").primaryKey(),                     // STORAGE_DISK_SSD, HW_CPU_X86_AVX2, CUSTOM_*
  standard: boolean("standard").notNull().default(true),
  description: text("description").notNull().default(""),
});

export const providerTraits = pgTable(
  "provider_traits",
  {
    providerId: uuid("provider_id").notNull().references(() => resourceProviders.id, { onDelete: "cascade" }),
    trait: text("trait").notNull().references(() => traits.name),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.trait] }), index("provider_traits_trait_idx").on(t.trait)],
);

/** availability_zone: Nova's AZ; reachability: which storage and networks a host reaches; host_aggregate: any other grouping. */
export const aggregateKind = pgEnum("aggregate_kind", ["availability_zone", "reachability", "host_aggregate"]);

export const aggregates = pgTable(
  "aggregates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: aggregateKind("kind").notNull().default("reachability"),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("aggregates_name_key").on(t.name)],
);

export const providerAggregates = pgTable(
  "provider_aggregates",
  {
    providerId: uuid("provider_id").notNull().references(() => resourceProviders.id, { onDelete: "cascade" }),
    aggregateId: uuid("aggregate_id").notNull().references(() => aggregates.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.aggregateId] }), index("provider_aggregates_agg_idx").on(t.aggregateId)],
);

// ---------------------------------------------------------------------------------------------
// Catalogue: flavors, volume types, server groups
// ---------------------------------------------------------------------------------------------

export const flavors = pgTable(
  "flavors",
  {
    id: text("id").primaryKey(),                       // "m1.large"
    vcpus: integer("vcpus").notNull(),
    memoryMb: integer("memory_mb").notNull(),
    diskGb: integer("disk_gb").notNull(),
    requiredTraits: jsonb("required_traits").$type<string[]>().notNull().default([]),
    forbiddenTraits: jsonb("forbidden_traits").$type<string[]>().notNull().default([]),
    isPublic: boolean("is_public").notNull().default(true),
    description: text("description").notNull().default(""),
  },
  (t) => [check("flavors_positive", sql`${t.vcpus} > 0 AND ${t.memoryMb} > 0 AND ${t.diskGb} >= 0`)],
);

/** A Cinder volume type: which backend traits a volume of this type needs. */
export const volumeTypes = pgTable("volume_types", {
  id: text("id").primaryKey(),                         // "ssd", "hdd", "ssd-replicated"
  requiredTraits: jsonb("required_traits").$type<string[]>().notNull().default([]),
  backendName: text("backend_name"),                   // volume_backend_name extra spec, when pinned to one backend
  description: text("description").notNull().default(""),
});

export const serverGroupPolicy = pgEnum("server_group_policy", ["affinity", "anti-affinity", "soft-anti-affinity"]);
export const serverGroupScope = pgEnum("server_group_scope", ["host", "rack", "zone"]);

export const serverGroups = pgTable(
  "server_groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    projectId: text("project_id").notNull(),
    policy: serverGroupPolicy("policy").notNull(),
    scope: serverGroupScope("scope").notNull().default("host"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("server_groups_project_name_key").on(t.projectId, t.name)],
);

// ---------------------------------------------------------------------------------------------
// Consumers and allocations
// ---------------------------------------------------------------------------------------------

export const consumerKind = pgEnum("consumer_kind", ["instance", "volume", "port", "workload"]);

export const consumers = pgTable(
  "consumers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: consumerKind("kind").notNull().default("workload"),
    projectId: text("project_id").notNull(),
    userId: text("user_id").notNull(),
    flavorId: text("flavor_id").references(() => flavors.id),
    serverGroupId: uuid("server_group_id").references(() => serverGroups.id),
    generation: integer("generation").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("consumers_project_idx").on(t.projectId), index("consumers_server_group_idx").on(t.serverGroupId)],
);

export const allocations = pgTable(
  "allocations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    consumerId: uuid("consumer_id").notNull().references(() => consumers.id, { onDelete: "cascade" }),
    providerId: uuid("provider_id").notNull().references(() => resourceProviders.id, { onDelete: "restrict" }),
    resourceClass: text("resource_class").notNull().references(() => resourceClasses.name),
    used: integer("used").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("allocations_consumer_provider_class_key").on(t.consumerId, t.providerId, t.resourceClass),
    index("allocations_provider_class_idx").on(t.providerId, t.resourceClass),
    check("allocations_used_pos", sql`${t.used} > 0`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Placement requests and their life
// ---------------------------------------------------------------------------------------------

export const requestState = pgEnum("request_state", [
  "pending", "placing", "placed", "provisioning", "active", "failed", "cancelled",
]);

/** The request groups of the placement contract (compute, storage[], network[]), stored as given. */
export type RequestSpec = {
  compute: { resources: Record<string, number>; requiredTraits?: string[]; forbiddenTraits?: string[] };
  storage?: { resources: Record<string, number>; requiredTraits?: string[]; forbiddenTraits?: string[] }[];
  network?: { resources: Record<string, number>; requiredTraits?: string[]; forbiddenTraits?: string[] }[];
};

export const placementRequests = pgTable(
  "placement_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The caller's idempotency key: the same key twice is the same request, never a second one. */
    idempotencyKey: text("idempotency_key").notNull(),
    name: text("name").notNull(),
    projectId: text("project_id").notNull(),
    flavorId: text("flavor_id").references(() => flavors.id),
    spec: jsonb("spec").$type<RequestSpec>().notNull(),
    serverGroupId: uuid("server_group_id").references(() => serverGroups.id),
    zone: text("zone"),
    pinnedHost: text("pinned_host"),
    priority: integer("priority").notNull().default(0),
    state: requestState("state").notNull().default("pending"),
    consumerId: uuid("consumer_id").references(() => consumers.id),
    attempts: integer("attempts").notNull().default(0),
    claimedBy: text("claimed_by"),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    lastError: text("last_error"),
    generation: integer("generation").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** The key as submitted: copies of one submission (count > 1) share it; their own keys are `${batchKey}#k`. */
    batchKey: text("batch_key"),
    /** The submitted request, normalised: a second submission with the same key must carry the same body. */
    submission: jsonb("submission"),
    /** Machine-readable code of lastError: the engine's code (NO_CAPACITY, TRAIT_MISSING, ...) or the worker's. */
    lastCode: text("last_code"),
    /** Until when the claiming worker holds it; a worker that stops heartbeating loses it then. */
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    /** A pending request is not claimed before this (retry backoff); null: now. */
    notBefore: timestamp("not_before", { withTimezone: true }),
    /** The chosen host's name, once placed; the driver's server id, once provisioned. */
    host: text("host"),
    /** What the engine chose, as the placement contract's allocations: the host first, then each storage and network group in order. */
    placement: jsonb("placement").$type<{ provider: string; resources: Record<string, number> }[]>(),
    serverId: text("server_id"),
    submittedBy: text("submitted_by"),
    /** A person asked to cancel (not yet active) or delete (active) it; the worker that holds it finishes the job. */
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true }),
    deleteRequestedAt: timestamp("delete_requested_at", { withTimezone: true }),
    placedAt: timestamp("placed_at", { withTimezone: true }),
    activeAt: timestamp("active_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("placement_requests_idempotency_key").on(t.idempotencyKey),
    index("placement_requests_state_priority_idx").on(t.state, t.priority, t.createdAt),
    index("placement_requests_batch_key_idx").on(t.batchKey),
    index("placement_requests_consumer_idx").on(t.consumerId),
    index("placement_requests_claimed_by_idx").on(t.claimedBy),
    // The claim's order among pending requests: highest priority first, oldest first.
    index("placement_requests_pending_idx").on(t.priority.desc(), t.createdAt, t.id).where(sql`${t.state} = 'pending'`),
    index("placement_requests_held_idx").on(t.leaseUntil).where(sql`${t.state} in ('placing', 'placed', 'provisioning') or ${t.deleteRequestedAt} is not null`),
  ],
);

/** Every step of a request's life, with who, when and why. */
export const placementRequestEvents = pgTable(
  "placement_request_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    requestId: uuid("request_id").notNull().references(() => placementRequests.id, { onDelete: "cascade" }),
    fromState: requestState("from_state"),
    toState: requestState("to_state").notNull(),
    actor: text("actor").notNull(),
    reason: text("reason").notNull().default(""),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("placement_request_events_request_idx").on(t.requestId, t.at)],
);

// ---------------------------------------------------------------------------------------------
// Audit trail
// ---------------------------------------------------------------------------------------------

/** Who changed what: one row per write to the inventory or the catalogue, with the before and after. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),                  // "provider.create", "inventory.set", "provider.retire", ...
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [index("audit_log_entity_idx").on(t.entityType, t.entityId, t.at), index("audit_log_at_idx").on(t.at)],
);

export * from "./scheduler";
export * from "./reports";
export * from "./scenarios";
export * from "./auth";
export * from "./recommend";
