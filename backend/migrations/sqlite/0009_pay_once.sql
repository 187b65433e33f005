-- Pay once: at most one pending payment per application, so concurrent
-- "Pay" clicks share it instead of making two payable ones. Earlier
-- duplicates (the newest stays pending) are cancelled first.
UPDATE payments SET status = 'cancelled'
WHERE status = 'pending' AND EXISTS (
    SELECT 1 FROM payments p
    WHERE p.application_id = payments.application_id AND p.status = 'pending'
      AND (p.created_at > payments.created_at OR (p.created_at = payments.created_at AND p.id > payments.id))
);
CREATE UNIQUE INDEX payments_one_pending ON payments (application_id) WHERE status = 'pending';

-- Money is never forgotten: an application that has payments is withdrawn,
-- never deleted, so its payment rows are never cascaded away.
CREATE TRIGGER applications_keep_payments BEFORE DELETE ON applications
WHEN EXISTS (SELECT 1 FROM payments WHERE application_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'an application with payments is withdrawn, never deleted');
END;
