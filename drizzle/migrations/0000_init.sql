CREATE TYPE "public"."aggregate_kind" AS ENUM('availability_zone', 'reachability', 'host_aggregate');--> statement-breakpoint
CREATE TYPE "public"."consumer_kind" AS ENUM('instance', 'volume', 'port', 'workload');--> statement-breakpoint
CREATE TYPE "public"."provider_kind" AS ENUM('region', 'zone', 'rack', 'host', 'storage', 'network');--> statement-breakpoint
CREATE TYPE "public"."provider_state" AS ENUM('active', 'maintenance', 'disabled', 'retired');--> statement-breakpoint
CREATE TYPE "public"."request_state" AS ENUM('pending', 'placing', 'placed', 'provisioning', 'active', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."server_group_policy" AS ENUM('affinity', 'anti-affinity', 'soft-anti-affinity');--> statement-breakpoint
CREATE TYPE "public"."server_group_scope" AS ENUM('host', 'rack', 'zone');--> statement-breakpoint
CREATE TABLE "aggregates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "aggregate_kind" DEFAULT 'reachability' NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "allocations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"consumer_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"resource_class" text NOT NULL,
	"used" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "allocations_used_pos" CHECK ("allocations"."used" > 0)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "consumers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "consumer_kind" DEFAULT 'workload' NOT NULL,
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"flavor_id" text,
	"server_group_id" uuid,
	"generation" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flavors" (
	"id" text PRIMARY KEY NOT NULL,
	"vcpus" integer NOT NULL,
	"memory_mb" integer NOT NULL,
	"disk_gb" integer NOT NULL,
	"required_traits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"forbidden_traits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_public" boolean DEFAULT true NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	CONSTRAINT "flavors_positive" CHECK ("flavors"."vcpus" > 0 AND "flavors"."memory_mb" > 0 AND "flavors"."disk_gb" >= 0)
);
--> statement-breakpoint
CREATE TABLE "hardware_models" (
	"id" text PRIMARY KEY NOT NULL,
	"vendor" text NOT NULL,
	"description" text NOT NULL,
	"vcpus" integer NOT NULL,
	"memory_mb" integer NOT NULL,
	"disk_gb" integer NOT NULL,
	"traits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"unit_cost_per_month" double precision
);
--> statement-breakpoint
CREATE TABLE "inventories" (
	"provider_id" uuid NOT NULL,
	"resource_class" text NOT NULL,
	"total" integer NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"min_unit" integer DEFAULT 1 NOT NULL,
	"max_unit" integer NOT NULL,
	"step_size" integer DEFAULT 1 NOT NULL,
	"allocation_ratio" double precision DEFAULT 1 NOT NULL,
	CONSTRAINT "inventories_provider_id_resource_class_pk" PRIMARY KEY("provider_id","resource_class"),
	CONSTRAINT "inventories_total_nonneg" CHECK ("inventories"."total" >= 0),
	CONSTRAINT "inventories_reserved_range" CHECK ("inventories"."reserved" >= 0 AND "inventories"."reserved" <= "inventories"."total"),
	CONSTRAINT "inventories_units" CHECK ("inventories"."min_unit" >= 1 AND "inventories"."min_unit" <= "inventories"."max_unit" AND "inventories"."step_size" >= 1),
	CONSTRAINT "inventories_ratio_pos" CHECK ("inventories"."allocation_ratio" > 0)
);
--> statement-breakpoint
CREATE TABLE "placement_request_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"from_state" "request_state",
	"to_state" "request_state" NOT NULL,
	"actor" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "placement_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"name" text NOT NULL,
	"project_id" text NOT NULL,
	"flavor_id" text,
	"spec" jsonb NOT NULL,
	"server_group_id" uuid,
	"zone" text,
	"pinned_host" text,
	"priority" integer DEFAULT 0 NOT NULL,
	"state" "request_state" DEFAULT 'pending' NOT NULL,
	"consumer_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"last_error" text,
	"generation" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_aggregates" (
	"provider_id" uuid NOT NULL,
	"aggregate_id" uuid NOT NULL,
	CONSTRAINT "provider_aggregates_provider_id_aggregate_id_pk" PRIMARY KEY("provider_id","aggregate_id")
);
--> statement-breakpoint
CREATE TABLE "provider_traits" (
	"provider_id" uuid NOT NULL,
	"trait" text NOT NULL,
	CONSTRAINT "provider_traits_provider_id_trait_pk" PRIMARY KEY("provider_id","trait")
);
--> statement-breakpoint
CREATE TABLE "resource_classes" (
	"name" text PRIMARY KEY NOT NULL,
	"standard" boolean DEFAULT true NOT NULL,
	"unit" text NOT NULL,
	"description" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "provider_kind" NOT NULL,
	"subtype" text,
	"parent_id" uuid,
	"state" "provider_state" DEFAULT 'active' NOT NULL,
	"hardware_model_id" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "resource_providers_generation_nonneg" CHECK ("resource_providers"."generation" >= 0)
);
--> statement-breakpoint
CREATE TABLE "server_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"project_id" text NOT NULL,
	"policy" "server_group_policy" NOT NULL,
	"scope" "server_group_scope" DEFAULT 'host' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "traits" (
	"name" text PRIMARY KEY NOT NULL,
	"standard" boolean DEFAULT true NOT NULL,
	"description" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volume_types" (
	"id" text PRIMARY KEY NOT NULL,
	"required_traits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"backend_name" text,
	"description" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_consumer_id_consumers_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."consumers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_provider_id_resource_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."resource_providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_resource_class_resource_classes_name_fk" FOREIGN KEY ("resource_class") REFERENCES "public"."resource_classes"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consumers" ADD CONSTRAINT "consumers_flavor_id_flavors_id_fk" FOREIGN KEY ("flavor_id") REFERENCES "public"."flavors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consumers" ADD CONSTRAINT "consumers_server_group_id_server_groups_id_fk" FOREIGN KEY ("server_group_id") REFERENCES "public"."server_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventories" ADD CONSTRAINT "inventories_provider_id_resource_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."resource_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventories" ADD CONSTRAINT "inventories_resource_class_resource_classes_name_fk" FOREIGN KEY ("resource_class") REFERENCES "public"."resource_classes"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_request_events" ADD CONSTRAINT "placement_request_events_request_id_placement_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."placement_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_flavor_id_flavors_id_fk" FOREIGN KEY ("flavor_id") REFERENCES "public"."flavors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_server_group_id_server_groups_id_fk" FOREIGN KEY ("server_group_id") REFERENCES "public"."server_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_consumer_id_consumers_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."consumers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_aggregates" ADD CONSTRAINT "provider_aggregates_provider_id_resource_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."resource_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_aggregates" ADD CONSTRAINT "provider_aggregates_aggregate_id_aggregates_id_fk" FOREIGN KEY ("aggregate_id") REFERENCES "public"."aggregates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_traits" ADD CONSTRAINT "provider_traits_provider_id_resource_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."resource_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_traits" ADD CONSTRAINT "provider_traits_trait_traits_name_fk" FOREIGN KEY ("trait") REFERENCES "public"."traits"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_providers" ADD CONSTRAINT "resource_providers_parent_id_resource_providers_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."resource_providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_providers" ADD CONSTRAINT "resource_providers_hardware_model_id_hardware_models_id_fk" FOREIGN KEY ("hardware_model_id") REFERENCES "public"."hardware_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "aggregates_name_key" ON "aggregates" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "allocations_consumer_provider_class_key" ON "allocations" USING btree ("consumer_id","provider_id","resource_class");--> statement-breakpoint
CREATE INDEX "allocations_provider_class_idx" ON "allocations" USING btree ("provider_id","resource_class");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "consumers_project_idx" ON "consumers" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "consumers_server_group_idx" ON "consumers" USING btree ("server_group_id");--> statement-breakpoint
CREATE INDEX "placement_request_events_request_idx" ON "placement_request_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "placement_requests_idempotency_key" ON "placement_requests" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "placement_requests_state_priority_idx" ON "placement_requests" USING btree ("state","priority","created_at");--> statement-breakpoint
CREATE INDEX "provider_aggregates_agg_idx" ON "provider_aggregates" USING btree ("aggregate_id");--> statement-breakpoint
CREATE INDEX "provider_traits_trait_idx" ON "provider_traits" USING btree ("trait");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_providers_name_key" ON "resource_providers" USING btree ("name");--> statement-breakpoint
CREATE INDEX "resource_providers_parent_idx" ON "resource_providers" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "resource_providers_kind_state_idx" ON "resource_providers" USING btree ("kind","state");--> statement-breakpoint
CREATE UNIQUE INDEX "server_groups_project_name_key" ON "server_groups" USING btree ("project_id","name");--> statement-breakpoint
CREATE VIEW "public"."provider_locations" AS (WITH RECURSIVE t(id, region, zone, rack, depth) AS (
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
  SELECT id AS provider_id, region, zone, rack, depth FROM t);