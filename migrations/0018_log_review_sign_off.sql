CREATE TABLE "log_review_sign_off" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"care_provider_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"reads" integer NOT NULL,
	"outliers" integer NOT NULL,
	"comment" text,
	"signed_by_user_id" uuid NOT NULL,
	"signed_by_name" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "log_review_sign_off_period_idx" ON "log_review_sign_off" USING btree ("care_provider_id","period_from","period_to");--> statement-breakpoint
CREATE INDEX "log_review_sign_off_signed_idx" ON "log_review_sign_off" USING btree ("care_provider_id","signed_at");