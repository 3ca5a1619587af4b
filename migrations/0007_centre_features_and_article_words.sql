CREATE TABLE "article_word" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_investigation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"holding_id" uuid,
	"order_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" uuid,
	"opening_note" text,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"outcome_note" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_pick_up" (
	"line_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"unit_id" uuid,
	"holding_id" uuid,
	"registered_on" date NOT NULL,
	"pick_up_by" date NOT NULL,
	"deregister_by" date NOT NULL,
	"picked_up_on" date,
	"deregistered_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_buffer_unit" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"buffer_store_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"placed_on" date NOT NULL,
	"placed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_case" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assigned_to" uuid,
	"assigned_to_name" text,
	"assigned_at" timestamp with time zone,
	"answer" text,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"closed_by_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_case_note" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"text" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_buffer_level" (
	"buffer_store_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"article_number" text NOT NULL,
	"article_name" text NOT NULL,
	"unit_tracked" boolean NOT NULL,
	"safety_level" integer DEFAULT 0 NOT NULL,
	"quantity" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provision_buffer_level_buffer_store_id_article_id_pk" PRIMARY KEY("buffer_store_id","article_id"),
	CONSTRAINT "provision_buffer_level_quantity_not_negative" CHECK ("provision_buffer_level"."quantity" >= 0),
	CONSTRAINT "provision_buffer_level_safety_not_negative" CHECK ("provision_buffer_level"."safety_level" >= 0)
);
--> statement-breakpoint
CREATE TABLE "provision_buffer_proposal" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_area_id" uuid NOT NULL,
	"delivery_area_name" text NOT NULL,
	"delivery_date" date NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"delivered_at" timestamp with time zone,
	"delivered_by" uuid,
	"warehouse_id" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_buffer_proposal_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"buffer_store_id" uuid NOT NULL,
	"buffer_store_name" text NOT NULL,
	"customer_number" text NOT NULL,
	"customer_name" text NOT NULL,
	"article_id" uuid NOT NULL,
	"article_number" text NOT NULL,
	"article_name" text NOT NULL,
	"unit_tracked" boolean NOT NULL,
	"safety_level" integer NOT NULL,
	"quantity_before" integer NOT NULL,
	"proposed_quantity" integer NOT NULL,
	"delivered_quantity" integer,
	CONSTRAINT "provision_buffer_proposal_line_qty" CHECK ("provision_buffer_proposal_line"."proposed_quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "provision_buffer_transaction" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provision_buffer_transaction_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"buffer_store_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"kind" text NOT NULL,
	"unit_id" uuid,
	"order_id" uuid,
	"line_id" uuid,
	"proposal_id" uuid,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	CONSTRAINT "provision_buffer_tx_nonzero" CHECK ("provision_buffer_transaction"."quantity" <> 0)
);
--> statement-breakpoint
CREATE TABLE "provision_work_order" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"type_code" text NOT NULL,
	"special_adaptation" boolean NOT NULL,
	"state" text NOT NULL,
	"booked_for" timestamp with time zone,
	"technician_name" text,
	"technician_user_id" uuid,
	"started_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"notes" text,
	"minutes_spent" integer,
	"closed_at" timestamp with time zone,
	"cancel_reason" text,
	"cancel_comment" text,
	"risk_analysis" text,
	"risk_analysed_at" timestamp with time zone,
	"risk_analysed_by" text,
	"quote_amount" numeric(12, 2),
	"quote_text" text,
	"quote_sent_at" timestamp with time zone,
	"quote_approved" boolean,
	"quote_answered_by" text,
	"quote_answer_comment" text,
	"quote_answered_at" timestamp with time zone,
	"ce_question" text,
	"ce_answer" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provision_work_order_minutes" CHECK ("provision_work_order"."minutes_spent" is null or "provision_work_order"."minutes_spent" >= 0),
	CONSTRAINT "provision_work_order_quote" CHECK ("provision_work_order"."quote_amount" is null or "provision_work_order"."quote_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "provision_work_order_material" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provision_work_order_material_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"article_number" text NOT NULL,
	"article_name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_tracked" boolean NOT NULL,
	"warehouse_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	CONSTRAINT "provision_work_order_material_quantity" CHECK ("provision_work_order_material"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "provision_holding" ADD COLUMN "rent_stops_on" date;--> statement-breakpoint
ALTER TABLE "provision_investigation" ADD CONSTRAINT "provision_investigation_unit_id_provision_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."provision_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_investigation" ADD CONSTRAINT "provision_investigation_holding_id_provision_holding_id_fk" FOREIGN KEY ("holding_id") REFERENCES "public"."provision_holding"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_investigation" ADD CONSTRAINT "provision_investigation_order_id_provision_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_investigation" ADD CONSTRAINT "provision_investigation_line_id_provision_order_line_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."provision_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_pick_up" ADD CONSTRAINT "provision_pick_up_line_id_provision_order_line_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."provision_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_pick_up" ADD CONSTRAINT "provision_pick_up_order_id_provision_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_pick_up" ADD CONSTRAINT "provision_pick_up_unit_id_provision_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."provision_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_pick_up" ADD CONSTRAINT "provision_pick_up_holding_id_provision_holding_id_fk" FOREIGN KEY ("holding_id") REFERENCES "public"."provision_holding"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_buffer_unit" ADD CONSTRAINT "provision_buffer_unit_unit_id_provision_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."provision_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_case" ADD CONSTRAINT "provision_case_order_id_provision_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_case_note" ADD CONSTRAINT "provision_case_note_order_id_provision_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_buffer_proposal" ADD CONSTRAINT "provision_buffer_proposal_warehouse_id_provision_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."provision_warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_buffer_proposal_line" ADD CONSTRAINT "provision_buffer_proposal_line_proposal_id_provision_buffer_proposal_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."provision_buffer_proposal"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_buffer_transaction" ADD CONSTRAINT "provision_buffer_transaction_unit_id_provision_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."provision_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_work_order" ADD CONSTRAINT "provision_work_order_order_id_provision_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_work_order_material" ADD CONSTRAINT "provision_work_order_material_order_id_provision_work_order_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."provision_work_order"("order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_work_order_material" ADD CONSTRAINT "provision_work_order_material_warehouse_id_provision_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."provision_warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_word_trgm_idx" ON "article_word" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "provision_investigation_state_idx" ON "provision_investigation" USING btree ("state","opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "provision_investigation_open_unit_uq" ON "provision_investigation" USING btree ("unit_id") WHERE state = 'open';--> statement-breakpoint
CREATE INDEX "provision_pick_up_order_idx" ON "provision_pick_up" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "provision_pick_up_unit_idx" ON "provision_pick_up" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "provision_buffer_unit_store_idx" ON "provision_buffer_unit" USING btree ("buffer_store_id");--> statement-breakpoint
CREATE INDEX "provision_case_assigned_idx" ON "provision_case" USING btree ("assigned_to") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "provision_case_note_order_idx" ON "provision_case_note" USING btree ("order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "provision_buffer_proposal_open_uq" ON "provision_buffer_proposal" USING btree ("delivery_area_id","delivery_date") WHERE status = 'proposed';--> statement-breakpoint
CREATE INDEX "provision_buffer_proposal_area_idx" ON "provision_buffer_proposal" USING btree ("delivery_area_id","delivery_date");--> statement-breakpoint
CREATE INDEX "provision_buffer_proposal_line_idx" ON "provision_buffer_proposal_line" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "provision_buffer_tx_store_idx" ON "provision_buffer_transaction" USING btree ("buffer_store_id","article_id","id");--> statement-breakpoint
CREATE INDEX "provision_work_order_state_idx" ON "provision_work_order" USING btree ("state");--> statement-breakpoint
CREATE INDEX "provision_work_order_material_order_idx" ON "provision_work_order_material" USING btree ("order_id");--> statement-breakpoint
-- Backfill: the words of the names already in the register (the same rule as src/catalogue/articles/article-words.ts).
INSERT INTO "article_word" ("word")
SELECT DISTINCT w FROM "article", regexp_split_to_table(lower("article"."name"), '[^[:alpha:]]+') AS w
 WHERE length(w) >= 3
ON CONFLICT DO NOTHING;
