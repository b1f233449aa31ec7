-- pcw metadata DB, version 10 (same rules as version 1: one file for PostgreSQL and SQLite).
--
-- The write quota (1 call/s per account) shared by every sidecar replica: each write reserves the
-- next free slot here, in a transaction that locks the connector's row, so that replicas on one
-- database together stay at the rate. The daily budget is counted in api_usage (api 'write').
CREATE TABLE write_pacing (
    connector_id TEXT NOT NULL PRIMARY KEY REFERENCES connectors (id),
    next_slot_at TEXT NOT NULL
);
