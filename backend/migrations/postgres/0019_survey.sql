-- The quality survey (seed 000 appendix 4, seed 002 appendix 3): which
-- applications answered it (offered once each), and the answers with the
-- service, provider and month only, so that no answer leads back to an
-- application or its applicant.
CREATE TABLE survey_done (
    application_id TEXT PRIMARY KEY REFERENCES applications (id)
);

CREATE TABLE survey_answers (
    service TEXT NOT NULL,
    provider TEXT NOT NULL,
    month TEXT NOT NULL,
    process TEXT NOT NULL CHECK (process IN ('not-satisfied', 'partly', 'satisfied')),
    information TEXT NOT NULL CHECK (information IN ('not-satisfied', 'partly', 'satisfied'))
);

CREATE INDEX survey_answers_provider ON survey_answers (provider, month);
