-- The register's lookups, which a million licences turn into table scans
-- without an index: the licence that supersedes another (read with every
-- licence shown, and so with every verification by number or QR code),
-- the duplicates of a licence, the licence an application produced, and
-- the register's newest-first page.
CREATE INDEX licences_supersedes ON licences (supersedes);
CREATE INDEX licences_duplicate_of ON licences (duplicate_of);
CREATE INDEX licences_application ON licences (application_id);
CREATE INDEX licences_issued ON licences (issued_at DESC, number);
