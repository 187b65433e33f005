-- Staff accounts an administrator manages: a first password to change at
-- first sign-in (set by the administrator or the create-admin command), a
-- member disabled instead of removed (their name stays on the cases and in
-- the audit log they signed), and who created whom.
ALTER TABLE staff ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN disabled_at BIGINT;
ALTER TABLE staff ADD COLUMN created_by TEXT;
