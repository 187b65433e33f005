-- A payment order may be confirmed by the treasury's own statement (seed
-- 000:111) when it is handed in, before any clerk sees it: such a check has
-- no staff member, so `checked_by` may be empty (the treasury's answer).
-- SQLite cannot drop a NOT NULL: the table is made again.
CREATE TABLE payment_order_checks_new (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    found BIGINT NOT NULL,
    note TEXT NOT NULL,
    checked_by TEXT REFERENCES staff (id),
    checked_at BIGINT NOT NULL
);
INSERT INTO payment_order_checks_new (application_id, found, note, checked_by, checked_at)
    SELECT application_id, found, note, checked_by, checked_at FROM payment_order_checks;
DROP TABLE payment_order_checks;
ALTER TABLE payment_order_checks_new RENAME TO payment_order_checks;
