-- Inspections already recorded are numbered in the order they were recorded (BES-000001 first), then the identity
-- continues after the highest number.
ALTER TABLE "provision_inspection" ADD COLUMN "seq" bigint;--> statement-breakpoint
UPDATE "provision_inspection" i SET "seq" = n."rn"
FROM (SELECT "id", row_number() OVER (ORDER BY "recorded_at", "id") AS "rn" FROM "provision_inspection") n
WHERE n."id" = i."id";--> statement-breakpoint
ALTER TABLE "provision_inspection" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "provision_inspection" ALTER COLUMN "seq" ADD GENERATED ALWAYS AS IDENTITY (sequence name "provision_inspection_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
SELECT setval('"provision_inspection_seq_seq"', (SELECT coalesce(max("seq"), 0) + 1 FROM "provision_inspection"), false);--> statement-breakpoint
ALTER TABLE "provision_inspection" ADD COLUMN "inspection_number" text GENERATED ALWAYS AS ('BES-' || case when seq < 1000000 then lpad(seq::text, 6, '0') else seq::text end) STORED;--> statement-breakpoint
CREATE UNIQUE INDEX "provision_inspection_number_uq" ON "provision_inspection" USING btree ("inspection_number");
