-- Table maintenance from Athena, as an alternative to `pcw maintain` (which needs no Athena
-- and keeps what savepoint restores need). Trade-offs:
-- * OPTIMIZE … REWRITE DATA USING BIN_PACK rewrites files with deletes applied: readers stop
--   paying for the upserts' delete files. It commits like any writer; run it when the ingest job
--   is between commits or accept a retry, and mind that Athena bills the data scanned.
-- * VACUUM expires snapshots older than the table's vacuum_max_snapshot_age_seconds and removes
--   orphan files. It does not know which snapshot a stopped Flink job's savepoint needs: keep
--   the age above how long a job may stay stopped (pcw maintain never removes the newest
--   snapshot a Flink job committed).

OPTIMIZE pcw_silver.partnercentral_opportunities REWRITE DATA USING BIN_PACK;
OPTIMIZE pcw_silver.partnercentral_solutions REWRITE DATA USING BIN_PACK;
OPTIMIZE pcw_silver.partnercentral_engagement_invitations REWRITE DATA USING BIN_PACK;
OPTIMIZE pcw_silver.partnercentral_engagements REWRITE DATA USING BIN_PACK;

-- Seven days of snapshots, as pcw maintain keeps by default.
ALTER TABLE pcw_silver.partnercentral_opportunities
  SET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds' = '604800');
VACUUM pcw_silver.partnercentral_opportunities;
