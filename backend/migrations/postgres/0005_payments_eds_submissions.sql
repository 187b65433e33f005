-- Keys of the sandboxes that stand in for state systems (the certification
-- authority's root, the payment gateway's notification key). Kept in the
-- database so that certificates and payments outlive a restart.
CREATE TABLE sandbox_keys (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Online payments of licence fees through the gateway.
CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    amount BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'cancelled', 'failed')),
    reference TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX payments_application ON payments (application_id, created_at);

-- Certificates issued by the certification authority; revoked_at is its
-- revocation list.
CREATE TABLE certificates (
    serial TEXT PRIMARY KEY,
    account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    subject TEXT NOT NULL,
    der TEXT NOT NULL,
    not_before BIGINT NOT NULL,
    not_after BIGINT NOT NULL,
    revoked_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX certificates_account ON certificates (account_id, created_at);

-- What the applicant signed: the content, the signature and the certificate.
-- Never changed, never deleted.
CREATE TABLE submissions (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    idempotency_key TEXT NOT NULL,
    form TEXT NOT NULL,
    canonical_sha256 TEXT NOT NULL,
    signature TEXT NOT NULL,
    certificate TEXT NOT NULL,
    certificate_serial TEXT NOT NULL,
    signed_at BIGINT NOT NULL
);
CREATE FUNCTION submissions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a signed submission is immutable';
END;
$$;
CREATE TRIGGER submissions_no_change BEFORE UPDATE OR DELETE ON submissions
    FOR EACH ROW EXECUTE FUNCTION submissions_immutable();

-- Counters for registration numbers, one per year.
CREATE TABLE number_sequences (
    name TEXT PRIMARY KEY,
    next BIGINT NOT NULL
);

-- "My notifications".
CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    message TEXT NOT NULL,
    args TEXT NOT NULL,
    application_id TEXT
);
CREATE INDEX notifications_account ON notifications (account_id, at);

-- Licences, as the provider issues them.
CREATE TABLE licences (
    number TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES accounts (id),
    application_id TEXT NOT NULL REFERENCES applications (id),
    service TEXT NOT NULL,
    status TEXT NOT NULL,
    issued_at BIGINT NOT NULL
);
CREATE INDEX licences_owner ON licences (owner_id, issued_at);
