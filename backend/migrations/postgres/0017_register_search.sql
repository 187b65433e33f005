-- The public register pages with a keyset, newest first, ties by number:
-- each filter gets an index in that order, so that a page — the first or
-- one deep in the list — is a seek and at most a page of rows.
DROP INDEX licences_issued;
CREATE INDEX licences_issued ON licences (issued_at, number);
DROP INDEX licences_service;
CREATE INDEX licences_service ON licences (service, issued_at, number);
CREATE INDEX licences_status ON licences (status, issued_at, number);
DROP INDEX licences_owner;
CREATE INDEX licences_owner ON licences (owner_id, issued_at, number);

-- Few licences supersede or duplicate another: once the engine's
-- statistics see a column all but empty, an index over every row looks
-- like one value shared by all, and the licence that supersedes another
-- — read with every licence shown — was looked up by a scan (10 ms a
-- licence at 100 000). Indexes of the rows that have one.
DROP INDEX licences_supersedes;
CREATE INDEX licences_supersedes ON licences (supersedes) WHERE supersedes IS NOT NULL;
DROP INDEX licences_duplicate_of;
CREATE INDEX licences_duplicate_of ON licences (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- Part of a holder's name: a trigram index (pg_trgm, a trusted extension
-- shipped with PostgreSQL) over the lower-cased name, which serves
-- LIKE '%part%'. At a million licences an unindexed LIKE took 0.85 s.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX licence_names ON licences USING gin (lower(holder_name) gin_trgm_ops);
