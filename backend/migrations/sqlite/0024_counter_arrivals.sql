-- The applicant back at the counter with the receipt: the hand-out's 20
-- minutes (seed 001:191) run from here.
ALTER TABLE intakes ADD COLUMN arrived_at BIGINT NULL;
