CREATE TABLE "provision_inspection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"holding_id" uuid,
	"inspected_on" date NOT NULL,
	"due_on" date,
	"result" text NOT NULL,
	"checklist" jsonb NOT NULL,
	"checklist_name" text NOT NULL,
	"rule_set_id" integer NOT NULL,
	"comment" text,
	"next_inspection_on" date,
	"technician_user_id" uuid,
	"technician_name" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "provision_inspection_next_unless_failed" CHECK (("provision_inspection"."result" = 'failed') = ("provision_inspection"."next_inspection_on" is null))
);
--> statement-breakpoint
ALTER TABLE "ordering_patient_device" ADD COLUMN "failed_inspection_on" date;--> statement-breakpoint
ALTER TABLE "ordering_patient_device" ADD COLUMN "failed_inspection_remark" text;--> statement-breakpoint
ALTER TABLE "provision_unit" ADD COLUMN "next_inspection_on" date;--> statement-breakpoint
ALTER TABLE "provision_unit" ADD COLUMN "out_of_use_since" date;--> statement-breakpoint
ALTER TABLE "provision_inspection" ADD CONSTRAINT "provision_inspection_unit_id_provision_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."provision_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_inspection" ADD CONSTRAINT "provision_inspection_holding_id_provision_holding_id_fk" FOREIGN KEY ("holding_id") REFERENCES "public"."provision_holding"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provision_inspection_unit_idx" ON "provision_inspection" USING btree ("unit_id","inspected_on");--> statement-breakpoint
CREATE INDEX "provision_unit_next_inspection_idx" ON "provision_unit" USING btree ("next_inspection_on") WHERE next_inspection_on is not null and status <> 'scrapped';--> statement-breakpoint
-- Units already on a patient (or at a customer) whose article has an inspection interval: due the interval after the delivery.
UPDATE "provision_unit" u SET "next_inspection_on" = (h."from_date" + make_interval(months => a."inspection_interval_months"))::date
FROM "provision_holding" h, "article" a
WHERE h."unit_id" = u."id" AND h."to_date" IS NULL AND a."id" = u."article_id" AND a."inspection_interval_months" IS NOT NULL AND u."next_inspection_on" IS NULL;
