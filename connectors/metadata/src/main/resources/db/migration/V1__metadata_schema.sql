-- pcw metadata DB, version 1. This exact file runs on PostgreSQL 15 and on SQLite 3.46:
-- keep every statement in the subset both understand (see package-info.java of
-- dev.pcw.connectors.metadata for the reasoning).
--
--  * ids are TEXT (UUIDs made by the application), never SERIAL / AUTOINCREMENT;
--  * timestamps are TEXT holding ISO-8601 UTC at millisecond precision in one fixed-width
--    form, 'yyyy-MM-ddTHH:mm:ss.SSSZ' (e.g. 2025-01-31T09:05:00.123Z), written by the
--    application: equal text on both databases, and text order = time order. On PostgreSQL,
--    cast for time arithmetic: started_at::timestamptz > now() - interval '24 hours';
--  * JSON columns are JSONB: on PostgreSQL a real jsonb (so the runbook's ->> works), on
--    SQLite the type name only gives NUMERIC affinity, which stores a JSON object's text
--    unchanged, and SQLite's own ->> reads that text. The application binds JSON with
--    Dialect.bindJson (an untyped parameter on PostgreSQL, a string on SQLite);
--  * no DEFAULT for timestamps: no expression gives the same text on both.

-- One row per kind of connector ('partner_central', ...). kind is UNIQUE because the
-- runbook's health check selects the connector with a scalar subquery
-- (WHERE connector_id = (SELECT id FROM connectors WHERE kind = 'partner_central')), which
-- PostgreSQL refuses when it returns more than one row.
CREATE TABLE connectors (
    id          TEXT    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    config_json JSONB,
    enabled     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TEXT    NOT NULL
);

-- One row per (job run, entity) sync. stats_json carries records_processed (the runbook's
-- key), api_calls, throttled, dead_letters and any extra counters; the four standard
-- counters are also columns, for queries that should not parse JSON.
CREATE TABLE ingestion_runs (
    id           TEXT   NOT NULL PRIMARY KEY,
    connector_id TEXT   NOT NULL REFERENCES connectors (id),
    run_id       TEXT   NOT NULL,
    catalog      TEXT,
    entity       TEXT   NOT NULL,
    mode         TEXT   NOT NULL,
    status       TEXT   NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    started_at   TEXT   NOT NULL,
    ended_at     TEXT,
    records      BIGINT,
    api_calls    BIGINT,
    throttled    BIGINT,
    dead_letters BIGINT,
    stats_json   JSONB,
    error        TEXT
);
CREATE INDEX ingestion_runs_connector_started ON ingestion_runs (connector_id, started_at);
CREATE INDEX ingestion_runs_started ON ingestion_runs (started_at);
CREATE INDEX ingestion_runs_run_id ON ingestion_runs (run_id);

-- Manual sync requests (sidecar POST /sync), picked up by the ingest job.
CREATE TABLE sync_requests (
    id           TEXT NOT NULL PRIMARY KEY,
    connector_id TEXT NOT NULL REFERENCES connectors (id),
    entity       TEXT NOT NULL,
    mode         TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    status       TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    started_at   TEXT,
    ended_at     TEXT
);
CREATE INDEX sync_requests_status_requested ON sync_requests (status, requested_at);

-- Approval-gated write actions against Partner Central. client_token is the ClientToken sent
-- to AWS (derived from id), so a retry never creates a duplicate; the requester may never
-- approve their own action.
CREATE TABLE write_actions (
    id           TEXT NOT NULL PRIMARY KEY,
    action       TEXT NOT NULL,
    ticket_id    TEXT NOT NULL,
    requester    TEXT NOT NULL,
    approver     TEXT,
    status       TEXT NOT NULL,
    client_token TEXT NOT NULL UNIQUE,
    request_json JSONB NOT NULL,
    result_json  JSONB,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (approver IS NULL OR approver <> requester)
);
CREATE INDEX write_actions_status_created ON write_actions (status, created_at);

-- Every step of every write action, approval and manual sync.
CREATE TABLE audit_log (
    id           TEXT NOT NULL PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT,
    details_json JSONB,
    request_id   TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_subject_at ON audit_log (subject, at);
