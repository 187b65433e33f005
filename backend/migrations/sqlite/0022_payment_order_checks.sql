-- "E-licensing checks the fact of payment" (seed 000:111): a payment order
-- handed in is checked by the office's clerk against the treasury's
-- statement; no licence is drawn up before it is found.
CREATE TABLE payment_order_checks (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    found BIGINT NOT NULL,
    note TEXT NOT NULL,
    checked_by TEXT NOT NULL REFERENCES staff (id),
    checked_at BIGINT NOT NULL
);
