-- A payment order may be confirmed by the treasury's own statement (seed
-- 000:111) when it is handed in, before any clerk sees it: such a check has
-- no staff member, so `checked_by` may be empty (the treasury's answer).
ALTER TABLE payment_order_checks ALTER COLUMN checked_by DROP NOT NULL;
