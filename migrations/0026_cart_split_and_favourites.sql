CREATE TABLE "ordering_favourite" (
	"user_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ordering_favourite_user_id_article_id_pk" PRIMARY KEY("user_id","article_id")
);
--> statement-breakpoint
ALTER TABLE "ordering_order" ADD COLUMN "split_from_order_id" uuid;--> statement-breakpoint
ALTER TABLE "ordering_order_line" ADD COLUMN "separate_order" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "ordering_order_split_from_idx" ON "ordering_order" USING btree ("split_from_order_id") WHERE split_from_order_id is not null;