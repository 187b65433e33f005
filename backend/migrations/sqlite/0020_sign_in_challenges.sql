-- Signing in with the EDS (seeds 000, 002, 003, 004: the IIN/BIN, the
-- password and the certificate): the device's key signs a challenge the
-- server gave, each used once and for a few minutes.
CREATE TABLE sign_in_challenges (
    challenge TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
