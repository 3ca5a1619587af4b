-- The each-fact-once key of billing_line (fact_id, kind, fact_month) compares bytes (collation "C"), not by the
-- database's language collation: the month's run inserts millions of lines into the unique index on it, and a
-- byte comparison is cheaper than a locale comparison (the values are ids and codes, never words to sort).
-- Changing only the collation rewrites no rows; the index is rebuilt.
ALTER TABLE "billing_line" ALTER COLUMN "fact_id" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "billing_line" ALTER COLUMN "kind" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "billing_line" ALTER COLUMN "fact_month" TYPE text COLLATE "C";
