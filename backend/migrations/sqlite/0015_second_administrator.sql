-- Four eyes over staff accounts: a member whose credentials an
-- administrator set (added, or password reset) acts on nothing until a
-- second administrator, or the operator, confirms them. `unconfirmed_by`
-- is the administrator who set them (NULL once confirmed, and for members
-- the operator made); `confirmed_by` and `confirmed_at` record who confirmed
-- last (`operator` for the ruqsat-admin command).
ALTER TABLE staff ADD COLUMN unconfirmed_by TEXT;
ALTER TABLE staff ADD COLUMN confirmed_by TEXT;
ALTER TABLE staff ADD COLUMN confirmed_at BIGINT;
