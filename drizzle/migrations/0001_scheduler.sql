CREATE TABLE "provisioning_journal" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"worker" text NOT NULL,
	"driver" text NOT NULL,
	"operation" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resource_id" text,
	"detail" text DEFAULT '' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scheduler_workers" (
	"name" text PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"pid" integer NOT NULL,
	"driver" text NOT NULL,
	"simulated" boolean NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone,
	"claimed" integer DEFAULT 0 NOT NULL,
	"placed_total" integer DEFAULT 0 NOT NULL,
	"active_total" integer DEFAULT 0 NOT NULL,
	"failed_total" integer DEFAULT 0 NOT NULL,
	"conflicts_total" integer DEFAULT 0 NOT NULL,
	"per_minute" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "simulated_resources" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"project_id" text NOT NULL,
	"location" text NOT NULL,
	"state" text NOT NULL,
	"ready_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fault" text,
	"address" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "batch_key" text;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "submission" jsonb;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "last_code" text;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "not_before" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "host" text;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "server_id" text;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "submitted_by" text;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "cancel_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "delete_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "placed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "active_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "provisioning_journal_request_idx" ON "provisioning_journal" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "provisioning_journal_open_idx" ON "provisioning_journal" USING btree ("status") WHERE "provisioning_journal"."status" = 'open';--> statement-breakpoint
CREATE INDEX "scheduler_workers_heartbeat_idx" ON "scheduler_workers" USING btree ("heartbeat_at");--> statement-breakpoint
CREATE INDEX "simulated_resources_kind_key_idx" ON "simulated_resources" USING btree ("kind","key");--> statement-breakpoint
CREATE INDEX "simulated_resources_location_idx" ON "simulated_resources" USING btree ("location");--> statement-breakpoint
CREATE INDEX "placement_requests_batch_key_idx" ON "placement_requests" USING btree ("batch_key");--> statement-breakpoint
CREATE INDEX "placement_requests_consumer_idx" ON "placement_requests" USING btree ("consumer_id");--> statement-breakpoint
CREATE INDEX "placement_requests_claimed_by_idx" ON "placement_requests" USING btree ("claimed_by");