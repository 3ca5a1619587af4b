CREATE TABLE "agreement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_number" text NOT NULL,
	"supplier_id" uuid NOT NULL,
	"name" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "agreement_agreement_number_unique" UNIQUE("agreement_number")
);
--> statement-breakpoint
CREATE TABLE "article" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"article_number" text NOT NULL,
	"product_id" uuid,
	"name" text NOT NULL,
	"sort_key" text NOT NULL,
	"description" text,
	"article_type" text NOT NULL,
	"iso_code" text,
	"iso_edition" text,
	"supplier_id" uuid,
	"supplier_article_number" text,
	"gtin" text,
	"charging_form" text NOT NULL,
	"stock_form" text NOT NULL,
	"unit_tracked" boolean DEFAULT false NOT NULL,
	"serial_required" boolean DEFAULT false NOT NULL,
	"inspection_interval_months" smallint,
	"maintenance_interval_months" smallint,
	"depreciation_years" smallint,
	"unit" text DEFAULT 'st' NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"orderable" boolean DEFAULT false NOT NULL,
	"in_assortment" boolean DEFAULT false NOT NULL,
	"may_be_component" boolean DEFAULT false NOT NULL,
	"source" text DEFAULT 'local' NOT NULL,
	"import_hash" text,
	"version" integer DEFAULT 1 NOT NULL,
	"removed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('swedish', coalesce(name, '')), 'A') || setweight(to_tsvector('swedish', coalesce(description, '')), 'C')) STORED,
	CONSTRAINT "article_article_number_unique" UNIQUE("article_number")
);
--> statement-breakpoint
CREATE TABLE "article_fit" (
	"part_id" uuid NOT NULL,
	"main_id" uuid NOT NULL,
	CONSTRAINT "article_fit_part_id_main_id_pk" PRIMARY KEY("part_id","main_id")
);
--> statement-breakpoint
CREATE TABLE "import_batch" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"status" text NOT NULL,
	"rows" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"report" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "iso_code" (
	"edition" text NOT NULL,
	"code" text NOT NULL,
	"level" smallint NOT NULL,
	"parent_code" text,
	"title_sv" text NOT NULL,
	"title_en" text,
	"sort_key" text NOT NULL,
	CONSTRAINT "iso_code_edition_code_pk" PRIMARY KEY("edition","code")
);
--> statement-breakpoint
CREATE TABLE "iso_mapping" (
	"from_edition" text NOT NULL,
	"from_code" text NOT NULL,
	"to_edition" text NOT NULL,
	"to_code" text NOT NULL,
	CONSTRAINT "iso_mapping_from_edition_from_code_to_edition_to_code_pk" PRIMARY KEY("from_edition","from_code","to_edition","to_code")
);
--> statement-breakpoint
CREATE TABLE "media" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"article_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text,
	"storage_key" text NOT NULL,
	"thumbnail_key" text,
	"content_type" text NOT NULL,
	"bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"source_url" text,
	"position" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"article_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"agreement_id" uuid,
	"amount" numeric(12, 2) NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "product" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_number" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"iso_code" text,
	"iso_edition" text,
	"supplier_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_product_number_unique" UNIQUE("product_number")
);
--> statement-breakpoint
CREATE TABLE "supplier" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gln" text NOT NULL,
	"name" text NOT NULL,
	"sort_key" text NOT NULL,
	"organisation_number" text,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supplier_gln_unique" UNIQUE("gln")
);
--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_supplier_id_supplier_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."supplier"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article" ADD CONSTRAINT "article_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article" ADD CONSTRAINT "article_supplier_id_supplier_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."supplier"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_fit" ADD CONSTRAINT "article_fit_part_id_article_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."article"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_fit" ADD CONSTRAINT "article_fit_main_id_article_id_fk" FOREIGN KEY ("main_id") REFERENCES "public"."article"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_article_id_article_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."article"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price" ADD CONSTRAINT "price_article_id_article_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."article"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price" ADD CONSTRAINT "price_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_supplier_id_supplier_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."supplier"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_search_idx" ON "article" USING gin ("search");--> statement-breakpoint
CREATE INDEX "article_name_trgm_idx" ON "article" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "article_iso_idx" ON "article" USING btree ("iso_code");--> statement-breakpoint
CREATE INDEX "article_supplier_idx" ON "article" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "article_product_idx" ON "article" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "article_supplier_number_idx" ON "article" USING btree ("supplier_article_number");--> statement-breakpoint
CREATE INDEX "article_gtin_idx" ON "article" USING btree ("gtin");--> statement-breakpoint
CREATE INDEX "article_sort_idx" ON "article" USING btree ("sort_key");--> statement-breakpoint
CREATE INDEX "article_fit_main_idx" ON "article_fit" USING btree ("main_id");--> statement-breakpoint
CREATE INDEX "iso_code_parent_idx" ON "iso_code" USING btree ("edition","parent_code");--> statement-breakpoint
CREATE INDEX "media_article_idx" ON "media" USING btree ("article_id");--> statement-breakpoint
CREATE UNIQUE INDEX "media_article_sha_idx" ON "media" USING btree ("article_id","sha256");--> statement-breakpoint
CREATE INDEX "price_article_idx" ON "price" USING btree ("article_id","kind","valid_from");--> statement-breakpoint
CREATE INDEX "product_iso_idx" ON "product" USING btree ("iso_code");--> statement-breakpoint
CREATE INDEX "supplier_sort_idx" ON "supplier" USING btree ("sort_key");