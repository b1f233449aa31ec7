-- pcw metadata DB, version 12 (same rules as version 1: one file for PostgreSQL and SQLite).
--
-- Durable cursors of jobs that follow something in the lake: the partner-tiers job records here,
-- after a checkpoint has delivered the events, the newest partner_tier_history snapshot it has
-- announced, so that a job started without a checkpoint does not announce old applies again.
CREATE TABLE job_cursors (
    job TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (job, name)
);
