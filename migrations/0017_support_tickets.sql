CREATE TABLE "support_attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_ticket" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"channel" text NOT NULL,
	"level" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"requester_user_id" uuid,
	"requester_name" text NOT NULL,
	"requester_email" text,
	"care_provider_id" uuid,
	"page_url" text,
	"user_agent" text,
	"work_order_reference" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"first_response_by" uuid,
	"resolved_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_ticket_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" serial NOT NULL,
	"ticket_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text,
	"visible_to_requester" boolean NOT NULL,
	"from_level" integer,
	"to_level" integer,
	"from_status" text,
	"to_status" text,
	"author_user_id" uuid,
	"author_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support_attachment" ADD CONSTRAINT "support_attachment_ticket_id_support_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."support_ticket"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_ticket_event" ADD CONSTRAINT "support_ticket_event_ticket_id_support_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."support_ticket"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_attachment_ticket_idx" ON "support_attachment" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "support_ticket_created_idx" ON "support_ticket" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "support_ticket_requester_idx" ON "support_ticket" USING btree ("requester_user_id");--> statement-breakpoint
CREATE INDEX "support_ticket_event_ticket_idx" ON "support_ticket_event" USING btree ("ticket_id","at");