CREATE TABLE "care_relationship" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "care_relationship_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"customer_id" uuid,
	"care_provider_id" uuid,
	"day" date NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identifier" text NOT NULL,
	"kind" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"protected_identity" boolean DEFAULT false NOT NULL,
	"home_municipality_code" text,
	"home_municipality_name" text,
	"street" text,
	"postal_code" text,
	"city" text,
	"refreshed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patient_identifier_unique" UNIQUE("identifier"),
	CONSTRAINT "patient_identifier_check" CHECK ("patient"."identifier" ~ '^[0-9]{12}$'),
	CONSTRAINT "patient_protected_has_no_address" CHECK (not "patient"."protected_identity" or ("patient"."street" is null and "patient"."postal_code" is null and "patient"."city" is null))
);
--> statement-breakpoint
CREATE TABLE "register_patient" (
	"identifier" text PRIMARY KEY NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"protected_identity" boolean DEFAULT false NOT NULL,
	"municipality_code" text,
	"municipality_name" text,
	"street" text,
	"postal_code" text,
	"city" text,
	CONSTRAINT "register_patient_identifier_check" CHECK ("register_patient"."identifier" ~ '^[0-9]{12}$')
);
--> statement-breakpoint
CREATE TABLE "ordering_order_number" (
	"year" smallint PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ordering_attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ordering_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ordering_order" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_number" text,
	"order_type" text NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"customer_id" uuid NOT NULL,
	"customer_number" text NOT NULL,
	"customer_name" text NOT NULL,
	"care_provider_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"patient_id" uuid,
	"delivery" jsonb DEFAULT '{"kind":"patientAddress"}'::jsonb NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"message_to_centre" text,
	"details" jsonb,
	"message_id" uuid,
	"centre_order_number" text,
	"expected_date" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "ordering_order_order_number_unique" UNIQUE("order_number")
);
--> statement-breakpoint
CREATE TABLE "ordering_order_event" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"line_id" uuid,
	"sequence" integer NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ordering_order_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_number" smallint NOT NULL,
	"article_id" uuid,
	"article_number" text,
	"article_name" text,
	"quantity" integer DEFAULT 1 NOT NULL,
	"delivered_quantity" integer DEFAULT 0 NOT NULL,
	"unit_number" text,
	"accessory_for_line_id" uuid,
	"note" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"planned_date" date,
	"cancel_reason" text
);
--> statement-breakpoint
CREATE TABLE "ordering_patient_device" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"care_provider_id" uuid NOT NULL,
	"order_id" uuid,
	"unit_number" text NOT NULL,
	"serial_number" text,
	"article_number" text NOT NULL,
	"article_name" text NOT NULL,
	"iso_code" text,
	"charging_form" text,
	"since" date NOT NULL,
	"until" date,
	"end_reason" text,
	"pick_up_order_id" uuid
);
--> statement-breakpoint
CREATE TABLE "provision_equivalent" (
	"article_id" uuid NOT NULL,
	"equivalent_article_id" uuid NOT NULL,
	CONSTRAINT "provision_equivalent_article_id_equivalent_article_id_pk" PRIMARY KEY("article_id","equivalent_article_id"),
	CONSTRAINT "provision_equivalent_not_self" CHECK ("provision_equivalent"."article_id" <> "provision_equivalent"."equivalent_article_id")
);
--> statement-breakpoint
CREATE TABLE "provision_holding" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"patient_id" uuid,
	"customer_id" uuid NOT NULL,
	"order_id" uuid,
	"line_id" uuid,
	"from_date" date NOT NULL,
	"to_date" date,
	"end_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_inbound_message" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"order_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"receipt" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_order" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "provision_order_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100001 CACHE 1),
	"centre_order_number" text GENERATED ALWAYS AS ('K-' || seq::text) STORED,
	"message_id" uuid NOT NULL,
	"order_number" text NOT NULL,
	"order_type" text NOT NULL,
	"urgent" boolean NOT NULL,
	"queue" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"customer_id" uuid NOT NULL,
	"customer_number" text NOT NULL,
	"customer_name" text NOT NULL,
	"care_provider_id" uuid NOT NULL,
	"delivery_area_id" uuid NOT NULL,
	"delivery_area_name" text NOT NULL,
	"delivery_weekday" smallint NOT NULL,
	"urgent_fee_exempt" boolean DEFAULT false NOT NULL,
	"ordered_by" jsonb NOT NULL,
	"ordered_by_name" text NOT NULL,
	"delivery" jsonb NOT NULL,
	"contact" jsonb,
	"message_to_centre" text,
	"details" jsonb NOT NULL,
	"work_order_type_code" text,
	"due_date" date,
	"acknowledge_by" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"sent_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"sending_until" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provision_order_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "provision_order_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provision_order_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_id" uuid NOT NULL,
	"line_id" uuid,
	"type" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text,
	"data" jsonb,
	"event_id" uuid,
	"sequence" integer,
	"contract_event" jsonb,
	"sent_at" timestamp with time zone,
	"refusal" text
);
--> statement-breakpoint
CREATE TABLE "provision_order_line" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"line_number" smallint NOT NULL,
	"article_id" uuid,
	"article_number" text,
	"article_name" text,
	"iso_code" text,
	"charging_form" text,
	"stock_form" text,
	"unit_tracked" boolean DEFAULT false NOT NULL,
	"quantity" integer NOT NULL,
	"delivered_quantity" integer DEFAULT 0 NOT NULL,
	"unit_number" text,
	"accessory_for_line_id" uuid,
	"note" text,
	"state" text NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"due_date" date,
	"due_at" timestamp with time zone,
	"planned_date" date,
	"expected_date" date,
	"cancel_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provision_order_line_quantity" CHECK ("provision_order_line"."delivered_quantity" >= 0 and "provision_order_line"."delivered_quantity" <= "provision_order_line"."quantity")
);
--> statement-breakpoint
CREATE TABLE "provision_patient" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"identifier_kind" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"protected_identity" boolean NOT NULL,
	"home_municipality_code" text,
	"care_of" text,
	"street" text,
	"postal_code" text,
	"city" text,
	"captured_at" timestamp with time zone NOT NULL,
	CONSTRAINT "provision_patient_protected_no_address" CHECK (not "provision_patient"."protected_identity" or ("provision_patient"."street" is null and "provision_patient"."postal_code" is null and "provision_patient"."city" is null and "provision_patient"."care_of" is null))
);
--> statement-breakpoint
CREATE TABLE "provision_setting" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "provision_stock_balance" (
	"warehouse_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"article_number" text NOT NULL,
	"article_name" text NOT NULL,
	"balance" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provision_stock_balance_warehouse_id_article_id_pk" PRIMARY KEY("warehouse_id","article_id"),
	CONSTRAINT "provision_stock_balance_not_negative" CHECK ("provision_stock_balance"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "provision_stock_transaction" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provision_stock_transaction_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"warehouse_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"kind" text NOT NULL,
	"order_id" uuid,
	"line_id" uuid,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	CONSTRAINT "provision_stock_tx_nonzero" CHECK ("provision_stock_transaction"."quantity" <> 0)
);
--> statement-breakpoint
CREATE TABLE "provision_unit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "provision_unit_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"unit_number" text GENERATED ALWAYS AS ('U-' || case when seq < 1000000 then lpad(seq::text, 6, '0') else seq::text end) STORED,
	"article_id" uuid NOT NULL,
	"article_number" text NOT NULL,
	"article_name" text NOT NULL,
	"serial_number" text,
	"purchase_date" date NOT NULL,
	"purchase_cost" numeric(12, 2) NOT NULL,
	"status" text NOT NULL,
	"recondition_count" integer DEFAULT 0 NOT NULL,
	"warehouse_id" uuid,
	"reserved_for_line_id" uuid,
	"write_off_code" text,
	"written_off_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provision_unit_reserved_has_line" CHECK (("provision_unit"."status" = 'reserved') = ("provision_unit"."reserved_for_line_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "provision_unit_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provision_unit_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"unit_id" uuid NOT NULL,
	"type" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text,
	"order_id" uuid,
	"line_id" uuid,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "provision_warehouse" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "provision_warehouse_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "care_relationship" ADD CONSTRAINT "care_relationship_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ordering_attachment" ADD CONSTRAINT "ordering_attachment_order_id_ordering_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ordering_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ordering_message" ADD CONSTRAINT "ordering_message_order_id_ordering_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ordering_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ordering_order_event" ADD CONSTRAINT "ordering_order_event_order_id_ordering_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ordering_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ordering_order_line" ADD CONSTRAINT "ordering_order_line_order_id_ordering_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ordering_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ordering_patient_device" ADD CONSTRAINT "ordering_patient_device_order_id_ordering_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ordering_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_holding" ADD CONSTRAINT "provision_holding_unit_id_provision_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."provision_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_holding" ADD CONSTRAINT "provision_holding_patient_id_provision_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."provision_patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_holding" ADD CONSTRAINT "provision_holding_order_id_provision_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_holding" ADD CONSTRAINT "provision_holding_line_id_provision_order_line_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."provision_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_order_event" ADD CONSTRAINT "provision_order_event_order_id_provision_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_order_line" ADD CONSTRAINT "provision_order_line_order_id_provision_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_patient" ADD CONSTRAINT "provision_patient_order_id_provision_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_stock_balance" ADD CONSTRAINT "provision_stock_balance_warehouse_id_provision_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."provision_warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_stock_transaction" ADD CONSTRAINT "provision_stock_transaction_warehouse_id_provision_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."provision_warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_unit" ADD CONSTRAINT "provision_unit_warehouse_id_provision_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."provision_warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_unit" ADD CONSTRAINT "provision_unit_reserved_for_line_id_provision_order_line_id_fk" FOREIGN KEY ("reserved_for_line_id") REFERENCES "public"."provision_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_unit_event" ADD CONSTRAINT "provision_unit_event_unit_id_provision_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."provision_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "care_relationship_user_patient_day_idx" ON "care_relationship" USING btree ("user_id","patient_id","day");--> statement-breakpoint
CREATE INDEX "care_relationship_patient_idx" ON "care_relationship" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "ordering_attachment_order_idx" ON "ordering_attachment" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "ordering_message_user_idx" ON "ordering_message" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "ordering_order_created_by_idx" ON "ordering_order" USING btree ("created_by","created_at");--> statement-breakpoint
CREATE INDEX "ordering_order_customer_idx" ON "ordering_order" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "ordering_order_patient_idx" ON "ordering_order" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "ordering_order_event_order_idx" ON "ordering_order_event" USING btree ("order_id","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "ordering_order_line_number_uq" ON "ordering_order_line" USING btree ("order_id","line_number");--> statement-breakpoint
CREATE INDEX "ordering_patient_device_patient_idx" ON "ordering_patient_device" USING btree ("patient_id","since");--> statement-breakpoint
CREATE UNIQUE INDEX "ordering_patient_device_current_uq" ON "ordering_patient_device" USING btree ("unit_number") WHERE until is null;--> statement-breakpoint
CREATE UNIQUE INDEX "provision_holding_current_uq" ON "provision_holding" USING btree ("unit_id") WHERE to_date is null;--> statement-breakpoint
CREATE INDEX "provision_holding_patient_idx" ON "provision_holding" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "provision_holding_customer_idx" ON "provision_holding" USING btree ("customer_id","from_date");--> statement-breakpoint
CREATE UNIQUE INDEX "provision_order_seq_uq" ON "provision_order" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "provision_order_customer_idx" ON "provision_order" USING btree ("customer_id","received_at");--> statement-breakpoint
CREATE INDEX "provision_order_open_idx" ON "provision_order" USING btree ("queue","order_type") WHERE status = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "provision_order_event_seq_uq" ON "provision_order_event" USING btree ("order_id","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "provision_order_line_number_uq" ON "provision_order_line" USING btree ("order_id","line_number");--> statement-breakpoint
CREATE INDEX "provision_order_line_deadline_idx" ON "provision_order_line" USING btree (coalesce("planned_date", "due_date", '9999-12-31'::date),(not "urgent"),"id") WHERE state not in ('delivered', 'cancelled', 'done');--> statement-breakpoint
CREATE UNIQUE INDEX "provision_patient_order_uq" ON "provision_patient" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "provision_patient_identifier_idx" ON "provision_patient" USING btree ("identifier");--> statement-breakpoint
CREATE INDEX "provision_stock_tx_article_idx" ON "provision_stock_transaction" USING btree ("warehouse_id","article_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "provision_unit_seq_uq" ON "provision_unit" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "provision_unit_number_uq" ON "provision_unit" USING btree ("unit_number");--> statement-breakpoint
CREATE INDEX "provision_unit_serial_idx" ON "provision_unit" USING btree ("serial_number");--> statement-breakpoint
CREATE INDEX "provision_unit_pick_idx" ON "provision_unit" USING btree ("article_id","status","purchase_date","seq") WHERE status in ('newInStock', 'reconditionedInStock');--> statement-breakpoint
CREATE INDEX "provision_unit_reserved_idx" ON "provision_unit" USING btree ("reserved_for_line_id") WHERE reserved_for_line_id is not null;--> statement-breakpoint
CREATE INDEX "provision_unit_event_unit_idx" ON "provision_unit_event" USING btree ("unit_id","id");