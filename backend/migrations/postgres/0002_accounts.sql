-- Applicant accounts, their sessions, and failed sign-ins for rate limiting.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('ie', 'le')),
    identifier TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Only a SHA-256 of the session token is stored: a copy of the table does
-- not let anyone sign in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE login_failures (
    scope TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_scope ON login_failures (scope, at);
