CREATE TABLE "app_setting" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "access_application" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'received' NOT NULL,
	"applicant_user_id" uuid NOT NULL,
	"care_provider_id" uuid,
	"customer_id" uuid,
	"user_id" uuid,
	"first_name" text,
	"last_name" text,
	"email" text,
	"phone" text,
	"hsa_id" text,
	"profession" text,
	"roles" jsonb,
	"manager_name" text NOT NULL,
	"manager_email" text NOT NULL,
	"manager_phone" text NOT NULL,
	"note" text,
	"received_at" timestamp with time zone NOT NULL,
	"target_days" smallint NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_user_id" uuid,
	"refusal_reason" text
);
--> statement-breakpoint
ALTER TABLE "access_application" ADD CONSTRAINT "access_application_applicant_user_id_app_user_id_fk" FOREIGN KEY ("applicant_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_application" ADD CONSTRAINT "access_application_care_provider_id_care_provider_id_fk" FOREIGN KEY ("care_provider_id") REFERENCES "public"."care_provider"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_application" ADD CONSTRAINT "access_application_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_application" ADD CONSTRAINT "access_application_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_application" ADD CONSTRAINT "access_application_decided_by_user_id_app_user_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_application_queue_idx" ON "access_application" USING btree ("state","received_at","id");--> statement-breakpoint
CREATE INDEX "access_application_care_provider_idx" ON "access_application" USING btree ("care_provider_id","received_at");--> statement-breakpoint
CREATE INDEX "access_application_received_idx" ON "access_application" USING btree ("received_at");