-- pcw metadata DB, version 6 (same rules as version 1: one file for PostgreSQL and SQLite).
--
-- The sidecar's API keys. A key is shown once, when it is created; only the SHA-256 of its secret
-- is kept (keys are 256-bit random values, so a plain hash is enough, as for GitHub tokens). The
-- id is the key's public prefix ("pcw_<id>_<secret>"), by which a presented key is looked up.
-- roles: a comma-separated subset of viewer, requester, approver, admin.
CREATE TABLE api_keys (
    id          TEXT NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    roles       TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
