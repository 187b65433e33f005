-- The reports' summaries, kept with the facts in the moves' transactions:
-- a provider's year is then a few thousand rows to group, not the million
-- facts a busy provider's year holds (measured: a year of a provider with
-- 400 000 cases took 9.8 s from the facts alone on SQLite).
--
-- Cases per local day (days since 1970-01-01 in Almaty time), by what
-- happened: received, issued, refused (with the refusal's grounds) or
-- withdrawn.
CREATE TABLE case_days (
    provider TEXT NOT NULL,
    day BIGINT NOT NULL,
    service TEXT NOT NULL,
    request_type TEXT NOT NULL,
    channel TEXT NOT NULL,
    event TEXT NOT NULL,
    grounds TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (provider, day, service, request_type, channel, event, grounds)
);

-- Step times per month (YYYY-MM, local) as a histogram of working minutes:
-- to the minute under an hour, to 5 minutes under eight hours, to 30
-- minutes beyond (`shared::reports::bucket`).
CREATE TABLE step_months (
    provider TEXT NOT NULL,
    month TEXT NOT NULL,
    service TEXT NOT NULL,
    request_type TEXT NOT NULL,
    step_id TEXT NOT NULL,
    role TEXT NOT NULL,
    step_limit BIGINT NOT NULL,
    worked BIGINT NOT NULL,
    n BIGINT NOT NULL,
    met BIGINT NOT NULL,
    PRIMARY KEY (provider, month, service, request_type, step_id, role, step_limit, worked)
);

-- The whole service's times per month decided, likewise.
CREATE TABLE service_months (
    provider TEXT NOT NULL,
    month TEXT NOT NULL,
    service TEXT NOT NULL,
    request_type TEXT NOT NULL,
    total_limit BIGINT NOT NULL,
    worked BIGINT NOT NULL,
    n BIGINT NOT NULL,
    met BIGINT NOT NULL,
    PRIMARY KEY (provider, month, service, request_type, total_limit, worked)
);
