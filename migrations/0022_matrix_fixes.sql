ALTER TABLE "article" ADD COLUMN "prescribed_by" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "provision_order_line" ADD COLUMN "planned_date_required_after" date;