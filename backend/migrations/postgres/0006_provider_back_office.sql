-- The provider's side: staff and their sessions, the case columns the inbox
-- sorts and filters on, conclusions, inspections, decisions, the licence
-- register, and the hash-chained audit log.

-- Staff of a provider (and users of external bodies answering its
-- conclusion requests). `absent` marks a head who is away: the deputy acts.
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    role TEXT NOT NULL,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    iin TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    absent BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX staff_provider ON staff (provider, role);

-- Staff sessions are kept apart from applicants': one never opens the other.
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Staff certificates sit beside applicants' in the authority's list.
ALTER TABLE certificates ADD COLUMN staff_id TEXT REFERENCES staff (id);

-- Where a sent application is in its provider's chain. `stage` is the
-- status's tag, `step_*` the current step of the catalogue chain with the
-- deadline computed in working time when it started; `assignee` the person
-- a resolution named (none: anyone with the step's role).
ALTER TABLE applications ADD COLUMN provider TEXT;
ALTER TABLE applications ADD COLUMN stage TEXT;
ALTER TABLE applications ADD COLUMN step_id TEXT;
ALTER TABLE applications ADD COLUMN step_role TEXT;
ALTER TABLE applications ADD COLUMN step_started_at BIGINT;
ALTER TABLE applications ADD COLUMN step_due_at BIGINT;
ALTER TABLE applications ADD COLUMN assignee TEXT;
ALTER TABLE applications ADD COLUMN incoming_number TEXT;
ALTER TABLE applications ADD COLUMN applicant_name TEXT;
ALTER TABLE applications ADD COLUMN applicant_id TEXT;
ALTER TABLE applications ADD COLUMN registered_at BIGINT;
-- The inbox: a provider's open cases by urgency, then id (keyset).
CREATE INDEX applications_inbox ON applications (provider, step_due_at, id);
CREATE INDEX applications_inbox_role ON applications (provider, step_role, step_due_at, id);
CREATE INDEX applications_inbox_assignee ON applications (assignee, step_due_at, id);
CREATE INDEX applications_applicant_id ON applications (applicant_id);

-- Conclusions asked of external bodies.
CREATE TABLE conclusions (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    question TEXT NOT NULL,
    requested_by TEXT NOT NULL REFERENCES staff (id),
    requested_at BIGINT NOT NULL,
    positive BIGINT,
    answer TEXT,
    answered_by TEXT REFERENCES staff (id),
    answered_at BIGINT
);
CREATE INDEX conclusions_application ON conclusions (application_id, requested_at);

-- The pre-licensing inspection's information form.
CREATE TABLE inspections (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    report TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff (id),
    recorded_at BIGINT NOT NULL
);

-- The decision: drafted by the executor, signed by the head (or deputy).
CREATE TABLE decisions (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    outcome TEXT NOT NULL,
    drafted_by TEXT NOT NULL REFERENCES staff (id),
    drafted_at BIGINT NOT NULL,
    signed_by TEXT REFERENCES staff (id),
    signed_at BIGINT,
    signature TEXT,
    certificate TEXT,
    certificate_serial TEXT,
    document_sha256 TEXT
);

-- The licence register.
ALTER TABLE licences ADD COLUMN holder_name TEXT NOT NULL DEFAULT '';
ALTER TABLE licences ADD COLUMN holder_id TEXT NOT NULL DEFAULT '';
ALTER TABLE licences ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE licences ADD COLUMN valid_until TEXT;
ALTER TABLE licences ADD COLUMN annex TEXT NOT NULL DEFAULT '';
ALTER TABLE licences ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE licences ADD COLUMN supersedes TEXT;
ALTER TABLE licences ADD COLUMN duplicate_of TEXT;
ALTER TABLE licences ADD COLUMN signed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE licences ADD COLUMN certificate_serial TEXT NOT NULL DEFAULT '';
ALTER TABLE licences ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX licences_holder ON licences (holder_id);
CREATE INDEX licences_service ON licences (service, issued_at);

-- Every action on a case, each entry hashing the one before it. The head
-- row serialises appenders (its UPDATE takes the write lock on both
-- engines), so the chain never forks.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    application_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    role TEXT NOT NULL,
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    status_before TEXT NOT NULL,
    status_after TEXT NOT NULL,
    step_id TEXT,
    step_due_at BIGINT,
    note TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_application ON audit_log (application_id, seq);
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
