-- pcw metadata DB, version 2 (same rules as version 1: one file for PostgreSQL and SQLite).
--
-- Fingerprints of the records of entities the API cannot filter by change (engagement
-- invitations: the list item; engagements: ModifiedAt), as the newest finished run of each
-- (catalog, entity) listed them. A new bounded job starts from them and fetches only the records
-- whose fingerprint changed, instead of all of them. Replaced as a whole at the end of each run.
CREATE TABLE record_fingerprints (
    connector_id TEXT NOT NULL REFERENCES connectors (id),
    catalog      TEXT NOT NULL,
    entity       TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    run_id       TEXT NOT NULL,
    PRIMARY KEY (connector_id, catalog, entity, record_id)
);
