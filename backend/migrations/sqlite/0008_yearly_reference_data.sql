-- The monthly calculation index of the years after the product's data file
-- (shared/data/mrp.toml): entered by an administrator when the budget law
-- sets it, with its legal source. Each change is a new revision of the
-- year, never an update, so the table is also the setting's audit trail:
-- who set which value, from which source, when.
CREATE TABLE mrp_indices (
    year BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    tiyn BIGINT NOT NULL CHECK (tiyn > 0),
    source TEXT NOT NULL,
    set_by TEXT NOT NULL REFERENCES staff (id),
    set_by_name TEXT NOT NULL,
    set_at BIGINT NOT NULL,
    PRIMARY KEY (year, revision)
);
CREATE TRIGGER mrp_no_update BEFORE UPDATE ON mrp_indices
BEGIN
    SELECT RAISE(ABORT, 'the MRP history is append-only');
END;
CREATE TRIGGER mrp_no_delete BEFORE DELETE ON mrp_indices
BEGIN
    SELECT RAISE(ABORT, 'the MRP history is append-only');
END;

-- What the working-time calendar said of each year when deadlines were last
-- computed: when a year's data file arrives or changes, the server sees a
-- new digest at start and recomputes the open cases' deadlines reaching
-- into that year.
CREATE TABLE calendar_years (
    year BIGINT PRIMARY KEY,
    source TEXT NOT NULL,
    digest TEXT NOT NULL,
    checked_at BIGINT NOT NULL
);
