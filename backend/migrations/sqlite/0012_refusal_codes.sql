-- A signed decision's document code: random, printed on the refusal and in
-- its QR code, so that a refusal is verified by whoever holds the document,
-- never found by guessing a sequential application number. Decisions
-- signed before get theirs now.
ALTER TABLE decisions ADD COLUMN document_code TEXT;
UPDATE decisions SET document_code = lower(hex(randomblob(10))) WHERE signed_at IS NOT NULL;
CREATE UNIQUE INDEX decisions_document_code ON decisions (document_code);
