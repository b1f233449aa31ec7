-- What changed in the last 7 days: every version seen, newest first (the history table keeps
-- each version once; the current table only the newest).
-- pcw query -f examples/queries/changed-this-week.sql
SELECT id, customer_company_name, stage, review_status, expected_revenue_usd,
       last_modified_date, run_id
FROM partnercentral_opportunity_history
WHERE last_modified_date >= CURRENT_TIMESTAMP - INTERVAL '7' DAY
ORDER BY last_modified_date DESC
