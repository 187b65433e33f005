-- The collector of unreferenced files asks, for each stored file, whether
-- any attachment still refers to its hash.
CREATE INDEX attachments_sha256 ON attachments (sha256);
