-- A session also ends after 30 minutes without a request (beside its
-- absolute lifetime): when it was last used, kept to the minute.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
ALTER TABLE staff_sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE staff_sessions SET last_seen_at = created_at;
