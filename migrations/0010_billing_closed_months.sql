-- A closed billing month never changes, enforced by the database (issue 12): no line of a closed period
-- may be inserted, updated or deleted, and a closed period cannot be reopened or removed. The line checks
-- are statement-level (one query per statement over its transition table, not one per row: a month's run
-- inserts millions of lines), and they take a share lock on each period the statement touches, so a close
-- running at the same time either commits first (and the statement fails) or waits for the statement's
-- transaction. They also stand in for a foreign key to billing_period: a line's period must exist.
CREATE OR REPLACE FUNCTION billing_check_periods_open(periods text[]) RETURNS void AS $$
DECLARE
  p text;
  s text;
BEGIN
  FOREACH p IN ARRAY periods LOOP
    SELECT state INTO s FROM billing_period WHERE period = p FOR SHARE;
    IF s IS NULL THEN
      RAISE EXCEPTION 'billing_line: period % does not exist', p USING ERRCODE = 'foreign_key_violation';
    ELSIF s <> 'draft' THEN
      RAISE EXCEPTION 'billing_line: period % is closed and never changes', p USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION billing_line_insert_open() RETURNS trigger AS $$
BEGIN
  PERFORM billing_check_periods_open(ARRAY(SELECT DISTINCT period FROM new_lines));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION billing_line_delete_open() RETURNS trigger AS $$
BEGIN
  PERFORM billing_check_periods_open(ARRAY(SELECT DISTINCT period FROM old_lines));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION billing_line_update_open() RETURNS trigger AS $$
BEGIN
  PERFORM billing_check_periods_open(ARRAY(SELECT period FROM old_lines UNION SELECT period FROM new_lines));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER billing_line_insert_open AFTER INSERT ON billing_line
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_line_insert_open();
--> statement-breakpoint
CREATE TRIGGER billing_line_delete_open AFTER DELETE ON billing_line
  REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_line_delete_open();
--> statement-breakpoint
CREATE TRIGGER billing_line_update_open AFTER UPDATE ON billing_line
  REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_line_update_open();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION billing_line_no_truncate() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM billing_period WHERE state = 'closed') THEN
    RAISE EXCEPTION 'billing_line: closed periods never change' USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER billing_line_no_truncate BEFORE TRUNCATE ON billing_line
  FOR EACH STATEMENT EXECUTE FUNCTION billing_line_no_truncate();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION billing_period_closed_stays() RETURNS trigger AS $$
BEGIN
  IF OLD.state = 'closed' THEN
    RAISE EXCEPTION 'billing_period: % is closed and never changes', OLD.period USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER billing_period_closed_stays BEFORE UPDATE OR DELETE ON billing_period
  FOR EACH ROW EXECUTE FUNCTION billing_period_closed_stays();
--> statement-breakpoint
CREATE TRIGGER billing_period_no_truncate BEFORE TRUNCATE ON billing_period
  FOR EACH STATEMENT EXECUTE FUNCTION billing_line_no_truncate();
