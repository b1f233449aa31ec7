-- pcw metadata DB, version 7 (same rules as version 1: one file for PostgreSQL and SQLite).
--
-- audit_log becomes a hash chain: each row has its place (seq, 1, 2, …), the ticket and outcome
-- it is about, the hash of the row before it and its own hash over all of that (see AuditLog).
-- A row edited, removed or inserted behind pcw's back breaks the chain ('pcw audit verify').
-- On PostgreSQL a trigger refuses UPDATE and DELETE (version 8).
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN ticket_id TEXT;
ALTER TABLE audit_log ADD COLUMN outcome TEXT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
