CREATE TABLE "utilisation_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"resource_class" text NOT NULL,
	"zone" text,
	"rack" text,
	"hardware_model" text,
	"project" text,
	"capacity" double precision DEFAULT 0 NOT NULL,
	"used" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "utilisation_snapshots_nonneg" CHECK ("utilisation_snapshots"."capacity" >= 0 AND "utilisation_snapshots"."used" >= 0)
);
--> statement-breakpoint
CREATE INDEX "utilisation_snapshots_class_at_idx" ON "utilisation_snapshots" USING btree ("resource_class","at");--> statement-breakpoint
CREATE INDEX "utilisation_snapshots_at_idx" ON "utilisation_snapshots" USING btree ("at");