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

-- Part of a holder's name: a trigram full-text index (SQLite's FTS5 with
-- its trigram tokenizer, case-insensitive), kept by triggers over the
-- register's own rows. At a million licences an unindexed LIKE took 1.3 s.
CREATE VIRTUAL TABLE licence_names USING fts5 (
    holder_name, content = 'licences', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO licence_names (licence_names) VALUES ('rebuild');
CREATE TRIGGER licence_names_insert AFTER INSERT ON licences BEGIN
    INSERT INTO licence_names (rowid, holder_name) VALUES (new.rowid, new.holder_name);
END;
CREATE TRIGGER licence_names_delete AFTER DELETE ON licences BEGIN
    INSERT INTO licence_names (licence_names, rowid, holder_name) VALUES ('delete', old.rowid, old.holder_name);
END;
CREATE TRIGGER licence_names_update AFTER UPDATE OF holder_name ON licences BEGIN
    INSERT INTO licence_names (licence_names, rowid, holder_name) VALUES ('delete', old.rowid, old.holder_name);
    INSERT INTO licence_names (rowid, holder_name) VALUES (new.rowid, new.holder_name);
END;
