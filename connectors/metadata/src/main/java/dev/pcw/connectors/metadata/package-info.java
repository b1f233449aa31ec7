/**
 * The metadata DB of pcw: Flyway migrations ({@code db/migration}) and small data-access classes
 * for the tables {@code connectors}, {@code ingestion_runs}, {@code sync_requests}, {@code
 * write_actions} and {@code audit_log}. One SQL text runs on PostgreSQL 15 (production) and SQLite
 * 3.46 (the zero-setup default); see {@link dev.pcw.connectors.metadata.MetadataDb}.
 *
 * <h2>Representation, identical on both databases</h2>
 *
 * <ul>
 *   <li><b>Ids</b>: {@code TEXT} UUIDs made by the application (no sequences: their syntax
 *       differs).
 *   <li><b>Timestamps</b>: {@code TEXT}, ISO-8601 UTC with millisecond precision in one fixed-width
 *       form, {@code 2025-01-31T09:05:00.120Z} ({@link dev.pcw.connectors.metadata.Timestamps}).
 *       The stored text is the same on both databases and sorts in time order, which the runbook's
 *       {@code ORDER BY started_at DESC} needs. {@code TIMESTAMPTZ} would need different SQL and
 *       different parameter binding on each side. For time arithmetic on PostgreSQL, cast: {@code
 *       started_at::timestamptz}; on SQLite, {@code julianday(started_at)}.
 *   <li><b>JSON</b>: columns declared {@code JSONB}. PostgreSQL stores real {@code jsonb}, so the
 *       runbook's {@code stats_json->>'records_processed'} works; SQLite gives the type name
 *       NUMERIC affinity, which keeps a JSON object's text as text, and SQLite 3.38+ evaluates
 *       {@code ->>} on that text. Bind JSON parameters with {@link
 *       dev.pcw.connectors.metadata.Dialect#bindJson}: the SQL stays the same, only the binding
 *       differs (untyped on PostgreSQL, a string on SQLite). The application writes only JSON
 *       objects (SQLite would turn a bare number into a number).
 *   <li><b>Booleans</b>: {@code BOOLEAN} ({@code TRUE}/{@code FALSE}; 1/0 on SQLite).
 *   <li><b>Counters</b>: {@code BIGINT}.
 * </ul>
 *
 * <h2>Statuses</h2>
 *
 * {@code ingestion_runs.status} is one of {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}
 * ({@link dev.pcw.connectors.metadata.RunStatus}; enforced by a CHECK constraint). The statuses of
 * {@code sync_requests} and {@code write_actions} belong to the sidecar and are not constrained
 * here.
 */
package dev.pcw.connectors.metadata;
