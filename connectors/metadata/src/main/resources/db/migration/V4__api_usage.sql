-- pcw metadata DB, version 4 (same rules as version 1: one file for PostgreSQL and SQLite).
--
-- The Partner Central calls each connector made, per API (read, write) and UTC minute: a job
-- starts its quota governor from the last 24 hours of it, so that AWS's daily quota (100,000
-- reads per account) holds across restarts and across jobs. minute is epoch seconds / 60.
CREATE TABLE api_usage (
    connector_id TEXT   NOT NULL REFERENCES connectors (id),
    api          TEXT   NOT NULL,
    minute       BIGINT NOT NULL,
    calls        BIGINT NOT NULL,
    PRIMARY KEY (connector_id, api, minute)
);
