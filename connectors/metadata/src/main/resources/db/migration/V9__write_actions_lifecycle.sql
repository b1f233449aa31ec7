-- pcw metadata DB, version 9 (same rules as version 1: one file for PostgreSQL and SQLite).
--
-- Write actions get what their lifecycle needs (see WriteActions): the catalog and opportunity
-- they are about, the hash of the request an approval must name and the opportunity's version
-- read when the action was requested (LastModifiedDate and review status), how many approvals
-- they need and until when, and what the execution worker keeps: attempts, a claim (who
-- executes it, until when), when to try again and the last error. status is one of
-- pending_approval, approved, waiting_for_review, executing, succeeded, failed, rejected,
-- expired, stale.
ALTER TABLE write_actions ADD COLUMN catalog TEXT;
ALTER TABLE write_actions ADD COLUMN opportunity_id TEXT;
ALTER TABLE write_actions ADD COLUMN request_hash TEXT;
ALTER TABLE write_actions ADD COLUMN opportunity_version TEXT;
ALTER TABLE write_actions ADD COLUMN approvals_needed INTEGER;
ALTER TABLE write_actions ADD COLUMN expires_at TEXT;
ALTER TABLE write_actions ADD COLUMN request_id TEXT;
ALTER TABLE write_actions ADD COLUMN attempts INTEGER;
ALTER TABLE write_actions ADD COLUMN claimed_by TEXT;
ALTER TABLE write_actions ADD COLUMN claimed_until TEXT;
ALTER TABLE write_actions ADD COLUMN next_attempt_at TEXT;
ALTER TABLE write_actions ADD COLUMN error TEXT;
CREATE INDEX write_actions_opportunity ON write_actions (opportunity_id);

-- One decision per principal and action: an approval names the request hash and opportunity
-- version the approver saw; the UNIQUE pair makes each principal count once even when fifty
-- approvals race.
CREATE TABLE approvals (
    id                  TEXT NOT NULL PRIMARY KEY,
    action_id           TEXT NOT NULL REFERENCES write_actions (id),
    approver            TEXT NOT NULL,
    decision            TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    request_hash        TEXT NOT NULL,
    opportunity_version TEXT,
    comment             TEXT,
    decided_at          TEXT NOT NULL,
    request_id          TEXT,
    UNIQUE (action_id, approver)
);
CREATE INDEX approvals_action ON approvals (action_id);
