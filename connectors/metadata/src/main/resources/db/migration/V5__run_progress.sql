-- pcw metadata DB, version 5 (same rules as version 1: one file for PostgreSQL and SQLite).
--
-- The Partner Central calls a run made that its job's checkpoints do not hold: those made after
-- the last completed checkpoint before an in-job restart. The run restored from that checkpoint
-- counts from there, AWS counted them all; api_calls adds them up.
ALTER TABLE ingestion_runs ADD COLUMN api_calls_uncheckpointed BIGINT NOT NULL DEFAULT 0;
