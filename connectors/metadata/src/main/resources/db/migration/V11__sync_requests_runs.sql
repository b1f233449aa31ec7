-- pcw metadata DB, version 11 (same rules as version 1: one file for PostgreSQL and SQLite).
--
-- A manual sync request (sidecar POST /sync) names its catalog (NULL: every configured one), the
-- request id of the HTTP call, and, once a running ingest job has started the pass it asked
-- for, that run (status 'running'); how the run ended is the run's own status.
ALTER TABLE sync_requests ADD COLUMN catalog TEXT;
ALTER TABLE sync_requests ADD COLUMN run_id TEXT;
ALTER TABLE sync_requests ADD COLUMN request_id TEXT;
