-- One table for every scheduled or deferred task. Any instance claims a
-- due job (on PostgreSQL with FOR UPDATE SKIP LOCKED, so two never take the
-- same one), runs it and records the outcome; a claim lapses after its
-- lease, so a job an instance died in is finished by another. A failure is
-- retried with a growing delay and stays visible to the administrators.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    every_secs BIGINT,
    run_at BIGINT NOT NULL,
    runs BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    claimed_by TEXT,
    claimed_until BIGINT,
    last_error TEXT,
    last_run_at BIGINT,
    done_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;
