-- Sign-in attempts, counted before the password is checked: each attempt
-- takes its place in the sequence first, so concurrent guesses cannot all
-- slip past the count. A key is an account and address pair, an account,
-- an address, or a registering address; past a few free attempts each next
-- one waits twice as long as the last (a soft limit that nobody can turn
-- into locking an owner out for good).
CREATE TABLE sign_in_attempts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_attempts_key ON sign_in_attempts (key, seq);
DROP TABLE login_failures;
