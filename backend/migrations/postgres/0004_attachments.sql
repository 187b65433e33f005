-- Files attached to applications. The content lives outside the database,
-- named by its SHA-256; this table says whose it is and where it belongs.
CREATE TABLE attachments (
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (application_id, document, sha256)
);
