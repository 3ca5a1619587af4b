CREATE TABLE "ordering_follow_up" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"patient_id" uuid,
	"care_provider_id" uuid NOT NULL,
	"prescriber_id" uuid NOT NULL,
	"responsible_name" text,
	"due_date" date NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"done_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ordering_follow_up_order_id_unique" UNIQUE("order_id")
);
--> statement-breakpoint
CREATE TABLE "ordering_prescription_class" (
	"iso_prefix" text PRIMARY KEY NOT NULL,
	"title_sv" text NOT NULL,
	"title_en" text NOT NULL,
	"aim_required" boolean DEFAULT false NOT NULL,
	"measurements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ordering_order" ADD COLUMN "prescription" jsonb;--> statement-breakpoint
ALTER TABLE "ordering_order_line" ADD COLUMN "measurements" jsonb;--> statement-breakpoint
ALTER TABLE "ordering_follow_up" ADD CONSTRAINT "ordering_follow_up_order_id_ordering_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ordering_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ordering_follow_up_open_idx" ON "ordering_follow_up" USING btree ("prescriber_id","due_date") WHERE done_at is null;--> statement-breakpoint
-- The classes a prescription records measurements for (issue 16 item 7), as a region starts; changed in the table.
-- Required only where the order cannot be filled without it (a powered wheelchair is built to the user's weight and
-- seat); for the other classes the measurements are asked for and optional, so a region makes them required itself.
INSERT INTO "ordering_prescription_class" ("iso_prefix", "title_sv", "title_en", "aim_required", "measurements") VALUES
('1222', 'Manuella rullstolar', 'Manual wheelchairs', false, '[
  {"code":"userWeight","labelSv":"Brukarens vikt","labelEn":"User''s weight","unit":"kg","min":20,"max":250,"required":false},
  {"code":"seatWidth","labelSv":"Sittbredd","labelEn":"Seat width","unit":"cm","min":30,"max":70,"required":false},
  {"code":"seatDepth","labelSv":"Sittdjup","labelEn":"Seat depth","unit":"cm","min":30,"max":65,"required":false}]'::jsonb),
('1223', 'Eldrivna rullstolar', 'Powered wheelchairs', true, '[
  {"code":"userWeight","labelSv":"Brukarens vikt","labelEn":"User''s weight","unit":"kg","min":20,"max":250,"required":true},
  {"code":"seatWidth","labelSv":"Sittbredd","labelEn":"Seat width","unit":"cm","min":30,"max":70,"required":true},
  {"code":"seatDepth","labelSv":"Sittdjup","labelEn":"Seat depth","unit":"cm","min":30,"max":65,"required":false}]'::jsonb),
('1206', 'Gåhjälpmedel för användning med båda armarna (rollatorer, gåbord)', 'Walking aids manipulated by both arms (rollators, walking tables)', false, '[
  {"code":"userWeight","labelSv":"Brukarens vikt","labelEn":"User''s weight","unit":"kg","min":20,"max":250,"required":false},
  {"code":"handleHeight","labelSv":"Handtagshöjd","labelEn":"Handle height","unit":"cm","min":60,"max":110,"required":false}]'::jsonb),
('0433', 'Hjälpmedel för att förebygga trycksår (sittdynor)', 'Assistive products for pressure-sore prevention (cushions)', true, '[
  {"code":"userWeight","labelSv":"Brukarens vikt","labelEn":"User''s weight","unit":"kg","min":20,"max":250,"required":true},
  {"code":"seatWidth","labelSv":"Sittbredd","labelEn":"Seat width","unit":"cm","min":30,"max":70,"required":false}]'::jsonb);
--> statement-breakpoint
-- Seeded here: a restore replaces the seed with the backup's rows (src/platform/db/backup.ts).
COMMENT ON TABLE "ordering_prescription_class" IS 'bista:seeded-by-migrations';
