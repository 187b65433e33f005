-- Ruqsat's first schema: a record of the server's starts, so that the
-- database is known to be writable and migrated. Capabilities add their own
-- tables in later migrations.
CREATE TABLE server_start (
    id BIGSERIAL PRIMARY KEY,
    version TEXT NOT NULL,
    started_at BIGINT NOT NULL
);
