-- pcw metadata DB, version 3 (same rules as version 1: one file for PostgreSQL and SQLite).
--
-- One lease per (connector, job): the job that holds it renews it while it runs; another job of
-- the same connector is refused until the holder releases it or lets it expire (a holder that
-- died releases nothing). state_dir is where the holder keeps its checkpoints; resume_from is
-- what the next job should restore: a savepoint taken when the holder stopped cleanly, or empty.
-- A lease that expired without release_at tells the next job that its predecessor ended without
-- finishing (killed, crashed), so it restores the predecessor's last retained checkpoint.
CREATE TABLE job_leases (
    connector_id TEXT NOT NULL REFERENCES connectors (id),
    job          TEXT NOT NULL,
    holder       TEXT NOT NULL,
    holder_id    TEXT NOT NULL,
    acquired_at  TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    released_at  TEXT,
    state_dir    TEXT,
    resume_from  TEXT,
    PRIMARY KEY (connector_id, job)
);
