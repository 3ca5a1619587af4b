-- Byte-wise order for sort keys (Swedish order, see src/platform/i18n/sort-key.ts) and for ISO codes, so that
-- an ISO subtree is a prefix range ('12 22%') that a plain btree index serves on PostgreSQL and PGlite alike.
ALTER TABLE article ALTER COLUMN sort_key TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE supplier ALTER COLUMN sort_key TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE iso_code ALTER COLUMN sort_key TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE article ALTER COLUMN iso_code TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE product ALTER COLUMN iso_code TYPE text COLLATE "C";
