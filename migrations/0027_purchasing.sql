CREATE TABLE "provision_purchase_order" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "provision_purchase_order_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1001 CACHE 1),
	"number" text GENERATED ALWAYS AS ('IO-' || seq::text) STORED,
	"status" text DEFAULT 'draft' NOT NULL,
	"agreement_id" uuid NOT NULL,
	"agreement_number" text NOT NULL,
	"supplier_id" uuid NOT NULL,
	"supplier_name" text NOT NULL,
	"supplier_gln" text NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"delivery_address" text,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"sent_at" timestamp with time zone,
	"sent_by" uuid,
	"sent_by_name" text,
	"sent_via" text,
	"sent_to" text,
	"expected_date" date,
	"confirmed_date" date,
	"confirmed_at" timestamp with time zone,
	"supplier_reference" text,
	"below_minimum_accepted" boolean DEFAULT false NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_purchase_order_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"line_number" smallint NOT NULL,
	"source" text NOT NULL,
	"article_id" uuid NOT NULL,
	"article_number" text NOT NULL,
	"article_name" text NOT NULL,
	"supplier_article_number" text,
	"unit" text NOT NULL,
	"unit_tracked" boolean NOT NULL,
	"serial_required" boolean NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" numeric(12, 2) NOT NULL,
	"received_quantity" integer DEFAULT 0 NOT NULL,
	"short_quantity" integer DEFAULT 0 NOT NULL,
	"short_reason" text,
	"order_id" uuid,
	"order_line_id" uuid,
	"centre_order_number" text,
	"order_line_number" smallint,
	CONSTRAINT "provision_purchase_order_line_quantity" CHECK ("provision_purchase_order_line"."quantity" > 0 and "provision_purchase_order_line"."received_quantity" >= 0 and "provision_purchase_order_line"."short_quantity" >= 0),
	CONSTRAINT "provision_purchase_order_line_short" CHECK ("provision_purchase_order_line"."short_quantity" <= greatest("provision_purchase_order_line"."quantity" - "provision_purchase_order_line"."received_quantity", 0))
);
--> statement-breakpoint
CREATE TABLE "provision_purchase_receipt" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provision_purchase_receipt_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"purchase_order_id" uuid NOT NULL,
	"purchase_order_line_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"over_quantity" integer DEFAULT 0 NOT NULL,
	"unit_cost" numeric(12, 2) NOT NULL,
	"received_on" date NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"unit_numbers" text[],
	"reserved_for_line_id" uuid,
	"reserved_count" integer DEFAULT 0 NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	CONSTRAINT "provision_purchase_receipt_quantity" CHECK ("provision_purchase_receipt"."quantity" > 0 and "provision_purchase_receipt"."over_quantity" >= 0 and "provision_purchase_receipt"."over_quantity" <= "provision_purchase_receipt"."quantity")
);
--> statement-breakpoint
CREATE TABLE "provision_reorder_point" (
	"warehouse_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"article_number" text NOT NULL,
	"article_name" text NOT NULL,
	"unit_tracked" boolean NOT NULL,
	"reorder_point" integer NOT NULL,
	"reorder_quantity" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "provision_reorder_point_warehouse_id_article_id_pk" PRIMARY KEY("warehouse_id","article_id"),
	CONSTRAINT "provision_reorder_point_values" CHECK ("provision_reorder_point"."reorder_point" >= 0 and "provision_reorder_point"."reorder_quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "outgoing_mail" ADD COLUMN "attachments" jsonb;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "delivery_working_days" smallint;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "minimum_order_amount" numeric(12, 2);--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "order_email" text;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "order_address" text;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "contact_name" text;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "terms_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "terms_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provision_stock_balance" ADD COLUMN "average_cost" numeric(14, 4);--> statement-breakpoint
ALTER TABLE "provision_stock_transaction" ADD COLUMN "unit_cost" numeric(14, 4);--> statement-breakpoint
ALTER TABLE "provision_warehouse" ADD COLUMN "delivery_address" text;--> statement-breakpoint
ALTER TABLE "provision_purchase_order" ADD CONSTRAINT "provision_purchase_order_warehouse_id_provision_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."provision_warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_purchase_order_line" ADD CONSTRAINT "provision_purchase_order_line_purchase_order_id_provision_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."provision_purchase_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_purchase_receipt" ADD CONSTRAINT "provision_purchase_receipt_purchase_order_id_provision_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."provision_purchase_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_purchase_receipt" ADD CONSTRAINT "provision_purchase_receipt_purchase_order_line_id_provision_purchase_order_line_id_fk" FOREIGN KEY ("purchase_order_line_id") REFERENCES "public"."provision_purchase_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_purchase_receipt" ADD CONSTRAINT "provision_purchase_receipt_warehouse_id_provision_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."provision_warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_reorder_point" ADD CONSTRAINT "provision_reorder_point_warehouse_id_provision_warehouse_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."provision_warehouse"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "provision_purchase_order_seq_uq" ON "provision_purchase_order" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "provision_purchase_order_status_idx" ON "provision_purchase_order" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "provision_purchase_order_supplier_idx" ON "provision_purchase_order" USING btree ("supplier_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "provision_purchase_order_line_number_uq" ON "provision_purchase_order_line" USING btree ("purchase_order_id","line_number");--> statement-breakpoint
CREATE INDEX "provision_purchase_order_line_order_line_idx" ON "provision_purchase_order_line" USING btree ("order_line_id") WHERE order_line_id is not null;--> statement-breakpoint
CREATE INDEX "provision_purchase_order_line_article_idx" ON "provision_purchase_order_line" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "provision_purchase_receipt_order_idx" ON "provision_purchase_receipt" USING btree ("purchase_order_id","id");