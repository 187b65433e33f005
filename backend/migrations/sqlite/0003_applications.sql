-- Applications, from draft to result. The form is the applicant's content
-- as JSON (shared::form::ApplicationForm); `version` guards against two tabs
-- overwriting each other.
CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    service TEXT NOT NULL,
    request_type TEXT NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL,
    form TEXT NOT NULL,
    number TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    due_at BIGINT
);
CREATE INDEX applications_owner ON applications (owner_id, updated_at);
