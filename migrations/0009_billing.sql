CREATE TABLE "billing_cost_rule" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"priority" integer NOT NULL,
	"max_patient_age" smallint,
	"iso_code_prefix" text,
	"home_municipality_code" text,
	"payer_customer_number" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_cost_rule_has_condition" CHECK ("billing_cost_rule"."max_patient_age" is not null or "billing_cost_rule"."iso_code_prefix" is not null or "billing_cost_rule"."home_municipality_code" is not null),
	CONSTRAINT "billing_cost_rule_valid" CHECK ("billing_cost_rule"."valid_to" is null or "billing_cost_rule"."valid_to" >= "billing_cost_rule"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "billing_line" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "billing_line_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"period" text NOT NULL,
	"customer_number" text NOT NULL,
	"ordering_customer_number" text NOT NULL,
	"cost_rule_id" uuid,
	"kind" text NOT NULL,
	"fact_id" text NOT NULL,
	"fact_month" text NOT NULL,
	"fact_date" date NOT NULL,
	"order_number" text,
	"centre_order_number" text,
	"line_number" smallint,
	"order_type" text,
	"order_date" date,
	"delivery_date" date,
	"prescriber" text,
	"patient_identifier" text,
	"patient_name" text,
	"patient_protected" boolean DEFAULT false NOT NULL,
	"article_number" text,
	"article_name" text,
	"iso_code" text,
	"unit_number" text,
	"charging_form" text,
	"rent_from" date,
	"rent_to" date,
	"days" smallint,
	"quantity" numeric(12, 3) NOT NULL,
	"unit_price_ore" bigint,
	"amount_ore" bigint,
	"comment" text,
	"corrects_line_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_line_price_amount" CHECK (("billing_line"."unit_price_ore" is null) = ("billing_line"."amount_ore" is null))
);
--> statement-breakpoint
CREATE TABLE "billing_period" (
	"period" text PRIMARY KEY NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"proration" text NOT NULL,
	"computed_at" timestamp with time zone,
	"computed_by" text,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "billing_period_format" CHECK ("billing_period"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "billing_service_price" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"amount_ore" bigint NOT NULL,
	"valid_from" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "billing_service_price_amount" CHECK ("billing_service_price"."amount_ore" >= 0)
);
--> statement-breakpoint
CREATE TABLE "billing_setting" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE UNIQUE INDEX "billing_line_fact_uq" ON "billing_line" USING btree ("fact_id","kind","fact_month") WHERE corrects_line_id is null;--> statement-breakpoint
CREATE INDEX "billing_line_period_customer_idx" ON "billing_line" USING btree ("period","customer_number");--> statement-breakpoint
CREATE INDEX "billing_line_corrects_idx" ON "billing_line" USING btree ("corrects_line_id") WHERE corrects_line_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_service_price_code_from_uq" ON "billing_service_price" USING btree ("code","valid_from");