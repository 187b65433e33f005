-- A licence's annex is a document of its own (seed 003:315-317): the kinds
-- of activity, issued with the licence or later to it, and duplicated on
-- its own. It belongs to the licence's first number, so a re-registered
-- version keeps its annexes, and it is valid while that licence is.
CREATE TABLE licence_annexes (
    number TEXT PRIMARY KEY,
    licence TEXT NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications (id),
    owner_id TEXT NOT NULL,
    activities TEXT NOT NULL,
    duplicate_of TEXT,
    signed_by TEXT NOT NULL,
    certificate_serial TEXT NOT NULL,
    issued_at BIGINT NOT NULL
);
CREATE INDEX licence_annexes_licence ON licence_annexes (licence, issued_at);
CREATE INDEX licence_annexes_application ON licence_annexes (application_id);
