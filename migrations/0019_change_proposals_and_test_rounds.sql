CREATE TABLE "change_proposal" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitter_name" text NOT NULL,
	"cost_estimate_kr" integer,
	"usable_by_several_customers" boolean DEFAULT false NOT NULL,
	"funded_by_user_association" boolean DEFAULT false NOT NULL,
	"preparation_note" text,
	"adopted_from_region" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_proposal_decision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"decision_date" date NOT NULL,
	"minutes" text NOT NULL,
	"decided_by" uuid NOT NULL,
	"decided_by_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_case" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"steps" text NOT NULL,
	"expected_result" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_result" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" serial NOT NULL,
	"case_id" uuid NOT NULL,
	"tester_user_id" uuid NOT NULL,
	"tester_name" text NOT NULL,
	"outcome" text NOT NULL,
	"comment" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_round" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"release" text NOT NULL,
	"planned_date" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"signed_off_at" timestamp with time zone,
	"signed_off_by" uuid,
	"sign_off_note" text
);
--> statement-breakpoint
CREATE TABLE "test_round_tester" (
	"round_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"care_provider_ids" text[] NOT NULL,
	CONSTRAINT "test_round_tester_round_id_user_id_pk" PRIMARY KEY("round_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "change_proposal_decision" ADD CONSTRAINT "change_proposal_decision_proposal_id_change_proposal_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."change_proposal"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_case" ADD CONSTRAINT "test_case_round_id_test_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."test_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_result" ADD CONSTRAINT "test_result_case_id_test_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."test_case"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_round_tester" ADD CONSTRAINT "test_round_tester_round_id_test_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."test_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_proposal_submitted_by_idx" ON "change_proposal" USING btree ("submitted_by");--> statement-breakpoint
CREATE INDEX "change_proposal_decision_proposal_idx" ON "change_proposal_decision" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "test_case_round_idx" ON "test_case" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "test_result_case_idx" ON "test_result" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "test_round_release_idx" ON "test_round" USING btree ("release");