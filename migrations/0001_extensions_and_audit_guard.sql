-- Trigram search (typo-tolerant catalogue and name search). Swedish full-text search uses the built-in
-- 'swedish' text search configuration, which both PostgreSQL 15 and PGlite ship.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- The audit log is append-only: no row may be changed or removed, not even by the application.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- Sort keys (see src/platform/i18n/sort-key.ts) compare byte-wise, the same on PostgreSQL and PGlite.
ALTER TABLE app_user ALTER COLUMN sort_key TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE customer ALTER COLUMN sort_key TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE care_provider ALTER COLUMN sort_key TYPE text COLLATE "C";
