CREATE TABLE "provision_rule_set" (
	"id" integer PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"kind" text NOT NULL,
	"change" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"created_by_name" text
);
--> statement-breakpoint
-- Version 1: the defaults in code (src/provision/rules/rule-set.ts fills what a version leaves out) and the
-- time limits a region had set before the rules were versioned.
INSERT INTO "provision_rule_set" ("id", "rules", "kind", "change")
VALUES (1, jsonb_build_object('timeLimits', coalesce((SELECT "value" FROM "provision_setting" WHERE "key" = 'timeLimits'), '{}'::jsonb)), 'initial', NULL);
--> statement-breakpoint
ALTER TABLE "provision_order" ADD COLUMN "rule_set_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "provision_order" ALTER COLUMN "rule_set_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "provision_order" ADD CONSTRAINT "provision_order_rule_set_id_provision_rule_set_id_fk" FOREIGN KEY ("rule_set_id") REFERENCES "public"."provision_rule_set"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Version 1 above is made by this migration: a restore into a new database replaces it with the backup's versions (src/platform/db/backup.ts).
COMMENT ON TABLE "provision_rule_set" IS 'bista:seeded-by-migrations';
