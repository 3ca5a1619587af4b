ALTER TABLE "provision_pick_up" ADD COLUMN "picked_up_by" uuid;--> statement-breakpoint
ALTER TABLE "provision_pick_up" ADD COLUMN "picked_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provision_pick_up" ADD COLUMN "deregistered_by" uuid;