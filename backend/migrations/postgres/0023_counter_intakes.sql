-- The counter: applications taken in person at a public service centre or
-- at the provider's office (seed 001 §9-10, seed 002 §7, seed 003:361,
-- seed 004 §8.1). An intake belongs to the organisation whose counter took
-- it; its application is the applicant's, in their cabinet.
ALTER TABLE applications ADD COLUMN channel TEXT NOT NULL DEFAULT 'portal';

CREATE TABLE intakes (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL,
    channel TEXT NOT NULL,
    operator_id TEXT NOT NULL REFERENCES staff (id),
    application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
    applicant_kind TEXT NOT NULL,
    applicant_id TEXT NOT NULL,
    representative TEXT NULL,
    consent_at BIGINT NULL,
    consent_by TEXT NULL REFERENCES staff (id),
    documents TEXT NOT NULL,
    stage TEXT NOT NULL,
    receipt TEXT NULL UNIQUE,
    sent_at BIGINT NULL,
    received_at BIGINT NULL,
    received_by TEXT NULL REFERENCES staff (id),
    handed_out_at BIGINT NULL,
    handed_out_by TEXT NULL REFERENCES staff (id),
    handed_to TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The counter's queue, newest first, a page at a time.
CREATE INDEX intakes_org ON intakes (org, updated_at, id);

-- A power of attorney once checked, offered at the principal's next intake.
CREATE TABLE kept_powers (
    principal TEXT NOT NULL,
    org TEXT NOT NULL,
    representative TEXT NOT NULL,
    kept_at BIGINT NOT NULL,
    PRIMARY KEY (principal, org)
);
