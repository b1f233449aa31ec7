-- The runbook's queries and the sales-ops questions, in Athena SQL (engine v3) over pcw_silver.
-- The Flink SQL versions for `pcw query` are in examples/queries/.

-- Schema mismatches (runbook 1.3): rows of the last 24 hours with unexpected nulls. A null
-- company means no Customer.Account; a null revenue, no monthly USD spend line (see README).
SELECT COUNT(*) AS rows_updated,
       SUM(CASE WHEN customer_company_name IS NULL THEN 1 ELSE 0 END) AS null_company,
       SUM(CASE WHEN expected_revenue_usd IS NULL THEN 1 ELSE 0 END) AS null_revenue
FROM pcw_silver.partnercentral_opportunities
WHERE updated_at > current_timestamp - INTERVAL '24' HOUR;

-- Why records did not reach silver.
SELECT reason_code, reason, COUNT(*) AS dead_letters, MAX("at") AS latest
FROM pcw_silver.dead_letters
WHERE "at" > current_timestamp - INTERVAL '7' DAY
GROUP BY reason_code, reason
ORDER BY dead_letters DESC;

-- Ingestion health: the runs live in the metadata DB (PostgreSQL), not in the lake. Use
-- `pcw runs`, or this in PostgreSQL:
--   SELECT id, entity, status, started_at, ended_at, stats_json
--   FROM ingestion_runs ORDER BY started_at DESC LIMIT 10;

-- Open pipeline by stage and target close month.
SELECT stage,
       date_format(target_close_date, '%Y-%m') AS close_month,
       COUNT(*) AS opportunities,
       SUM(expected_revenue_usd) AS expected_revenue_usd
FROM pcw_silver.partnercentral_opportunities
WHERE stage NOT IN ('Closed Lost', 'Launched')
GROUP BY stage, date_format(target_close_date, '%Y-%m')
ORDER BY close_month, stage;

-- Stuck in AWS's review for more than 14 days.
SELECT catalog, id, customer_company_name, stage, review_status, last_modified_date,
       date_diff('day', last_modified_date, current_timestamp) AS days_waiting
FROM pcw_silver.partnercentral_opportunities
WHERE review_status IN ('Submitted', 'In review')
  AND last_modified_date < current_timestamp - INTERVAL '14' DAY
ORDER BY last_modified_date;

-- Expected revenue by the customer's industry.
SELECT COALESCE(customer_industry, '(none)') AS industry,
       COUNT(*) AS opportunities,
       SUM(expected_revenue_usd) AS expected_revenue_usd
FROM pcw_silver.partnercentral_opportunities
WHERE stage <> 'Closed Lost'
GROUP BY COALESCE(customer_industry, '(none)')
ORDER BY expected_revenue_usd DESC NULLS LAST;

-- What changed this week (every version seen).
SELECT id, customer_company_name, stage, review_status, expected_revenue_usd,
       last_modified_date, run_id
FROM pcw_silver.partnercentral_opportunity_history
WHERE last_modified_date >= current_timestamp - INTERVAL '7' DAY
ORDER BY last_modified_date DESC;

-- Time travel: the pipeline as it stood a week ago (within the snapshot retention).
SELECT stage, COUNT(*) AS opportunities
FROM pcw_silver.partnercentral_opportunities
FOR TIMESTAMP AS OF (current_timestamp - INTERVAL '7' DAY)
GROUP BY stage;
