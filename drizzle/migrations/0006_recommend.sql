CREATE TABLE "recommendation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "run_status" DEFAULT 'queued' NOT NULL,
	"job_id" text,
	"input" jsonb NOT NULL,
	"scenario_name" text NOT NULL,
	"scenario_id" uuid,
	"version" integer,
	"simulations" integer DEFAULT 0 NOT NULL,
	"progress" double precision DEFAULT 0 NOT NULL,
	"message" text,
	"result" jsonb,
	"error" text,
	"error_field" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "recommendation_runs_created_idx" ON "recommendation_runs" USING btree ("created_at");