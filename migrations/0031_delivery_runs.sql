CREATE TABLE "provision_delivery_run" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"area_name" text NOT NULL,
	"day" date NOT NULL,
	"state" text DEFAULT 'planned' NOT NULL,
	"driver_id" uuid,
	"driver_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_delivery_stop" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text,
	"protected_identity" boolean DEFAULT false NOT NULL,
	"care_of" text,
	"street" text,
	"postal_code" text,
	"city" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"recipient_name" text,
	"note" text,
	"next_attempt" date,
	"no_new_attempt" boolean DEFAULT false NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"confirmed_by_name" text,
	"confirmation_id" uuid,
	"result" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "provision_delivery_stop_confirmed" CHECK (("provision_delivery_stop"."state" = 'pending') = ("provision_delivery_stop"."confirmed_at" is null))
);
--> statement-breakpoint
CREATE TABLE "provision_delivery_stop_line" (
	"stop_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"line_number" smallint NOT NULL,
	CONSTRAINT "provision_delivery_stop_line_stop_id_line_id_pk" PRIMARY KEY("stop_id","line_id")
);
--> statement-breakpoint
ALTER TABLE "provision_delivery_stop" ADD CONSTRAINT "provision_delivery_stop_run_id_provision_delivery_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."provision_delivery_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_delivery_stop" ADD CONSTRAINT "provision_delivery_stop_order_id_provision_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_delivery_stop_line" ADD CONSTRAINT "provision_delivery_stop_line_stop_id_provision_delivery_stop_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."provision_delivery_stop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_delivery_stop_line" ADD CONSTRAINT "provision_delivery_stop_line_line_id_provision_order_line_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."provision_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "provision_delivery_run_area_day_uq" ON "provision_delivery_run" USING btree ("area_id","day");--> statement-breakpoint
CREATE INDEX "provision_delivery_run_day_idx" ON "provision_delivery_run" USING btree ("day");--> statement-breakpoint
CREATE INDEX "provision_delivery_stop_run_idx" ON "provision_delivery_stop" USING btree ("run_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "provision_delivery_stop_confirmation_uq" ON "provision_delivery_stop" USING btree ("confirmation_id");--> statement-breakpoint
CREATE INDEX "provision_delivery_stop_line_line_idx" ON "provision_delivery_stop_line" USING btree ("line_id");