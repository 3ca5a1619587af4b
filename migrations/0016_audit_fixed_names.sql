-- Audit actions and purposes from fixed lists (issue 13 item 6, CONVENTIONS 18): older rows get the new names so
-- the log review can group by them. The audit log is append-only through the triggers of 0001; this one
-- rewrite of names (never of who, when, which patient or details) is the only change ever made to its rows. The
-- triggers are switched off for the two UPDATEs and on again in the same migration, which runs in one
-- transaction under the migration lock: no other statement sees the table without them, and if anything
-- fails the whole migration (the triggers' state included) rolls back.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
--> statement-breakpoint
UPDATE audit_log SET action = CASE action
  WHEN 'accessApplication.submit' THEN 'access-application.submit'
  WHEN 'accessApplication.approve' THEN 'access-application.approve'
  WHEN 'accessApplication.refuse' THEN 'access-application.refuse'
  WHEN 'care_provider.create' THEN 'care-provider.create'
  WHEN 'care_provider.update' THEN 'care-provider.update'
  WHEN 'delivery_area.create' THEN 'delivery-area.create'
  WHEN 'delivery_area.update' THEN 'delivery-area.update'
  WHEN 'system_client.create' THEN 'system-client.create'
  WHEN 'system_client.revoke' THEN 'system-client.revoke'
  WHEN 'system_client.secret.create' THEN 'system-client.secret.create'
  WHEN 'system_client.secret.revoke' THEN 'system-client.secret.revoke'
  WHEN 'system_client.token' THEN 'system-client.token'
  WHEN 'system_client.token.refused' THEN 'system-client.token.refused'
  WHEN 'user.change_password' THEN 'user.change-password'
  WHEN 'user.reset_password' THEN 'user.reset-password'
  WHEN 'user.update_profile' THEN 'user.update-profile'
  WHEN 'session.login_failed' THEN 'session.login-failed'
  WHEN 'provision.units.receive' THEN 'provision.unit.receive'
  WHEN 'order.add-attachment' THEN 'order.attachment.add'
  ELSE action END
WHERE action IN ('accessApplication.submit', 'accessApplication.approve', 'accessApplication.refuse', 'care_provider.create',
  'care_provider.update', 'delivery_area.create', 'delivery_area.update', 'system_client.create', 'system_client.revoke',
  'system_client.secret.create', 'system_client.secret.revoke', 'system_client.token', 'system_client.token.refused',
  'user.change_password', 'user.reset_password', 'user.update_profile', 'session.login_failed', 'provision.units.receive',
  'order.add-attachment');
--> statement-breakpoint
UPDATE audit_log SET purpose = CASE purpose
  WHEN 'beställning' THEN 'order'
  WHEN 'beställningslista' THEN 'order-list'
  WHEN 'hjälpmedelsbild' THEN 'device-overview'
  WHEN 'makulering' THEN 'order-cancellation'
  WHEN 'bilaga' THEN 'attachment'
  WHEN 'offertsvar' THEN 'quote-answer'
  WHEN 'invoiceBasis' THEN 'invoice-basis'
  WHEN 'order handling' THEN 'order-handling'
  WHEN 'unit card' THEN 'unit-card'
  WHEN 'handling a report' THEN 'report-handling'
  WHEN 'work order' THEN 'work-order'
  WHEN 'order intake' THEN 'order-intake'
  ELSE purpose END
WHERE purpose IN ('beställning', 'beställningslista', 'hjälpmedelsbild', 'makulering', 'bilaga', 'offertsvar', 'invoiceBasis',
  'order handling', 'unit card', 'handling a report', 'work order', 'order intake');
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
