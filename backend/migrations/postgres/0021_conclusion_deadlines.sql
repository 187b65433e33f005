-- A conclusion request carries its own deadline (10 working days unless the
-- catalogue says otherwise; inferred from the Law on Permits and
-- Notifications), which the external body's inbox shows while it is open;
-- the asking step's own deadline is kept to come back to.
ALTER TABLE conclusions ADD COLUMN due_at BIGINT;
ALTER TABLE conclusions ADD COLUMN step_due_at BIGINT;
