-- The reports' facts, written in the same transaction as the moves they
-- record, so that a provider's year is read from two narrow, indexed
-- tables rather than recomputed from the audit log at every request.
--
-- One row per sent application (and per withdrawn one): when it was
-- received, when and how it ended, and the whole service's working time
-- against the seed's total.
CREATE TABLE case_facts (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    provider TEXT NOT NULL,
    service TEXT NOT NULL,
    request_type TEXT NOT NULL,
    channel TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    decided_at BIGINT NULL,
    -- the local month decided, YYYY-MM (the public statistics' volume)
    decided_month TEXT NULL,
    -- issued | refused | withdrawn
    outcome TEXT NULL,
    -- the refusal's grounds, comma-separated codes
    grounds TEXT NULL,
    -- who drafted the decision (the executor's own report)
    executor TEXT NULL,
    -- working minutes from received to decided, and the seed's total's
    worked BIGINT NULL,
    total_limit BIGINT NULL,
    met BIGINT NULL
);

CREATE INDEX case_facts_received ON case_facts (provider, received_at);
CREATE INDEX case_facts_decided ON case_facts (provider, decided_at);
CREATE INDEX case_facts_executor ON case_facts (executor, decided_at);
CREATE INDEX case_facts_decided_all ON case_facts (decided_at);

-- One row per chain step a case has left: who finished it, when it began
-- and ended, its working minutes, its limit's, and whether its deadline held.
CREATE TABLE step_times (
    application_id TEXT NOT NULL REFERENCES applications (id),
    provider TEXT NOT NULL,
    service TEXT NOT NULL,
    request_type TEXT NOT NULL,
    step_id TEXT NOT NULL,
    role TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT NOT NULL,
    worked BIGINT NOT NULL,
    step_limit BIGINT NOT NULL,
    met BIGINT NOT NULL,
    PRIMARY KEY (application_id, started_at, step_id)
);

CREATE INDEX step_times_provider ON step_times (provider, ended_at);
CREATE INDEX step_times_actor ON step_times (actor_id, ended_at);

-- The open data's change feed walks the register in the order it changed.
CREATE INDEX licences_updated ON licences (updated_at, number);
