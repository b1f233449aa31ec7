-- Open pipeline by stage and target close month: opportunities and expected revenue (USD a year).
-- pcw query -f examples/queries/pipeline-by-stage-and-month.sql
SELECT stage,
       DATE_FORMAT(CAST(target_close_date AS TIMESTAMP), 'yyyy-MM') AS close_month,
       COUNT(*) AS opportunities,
       SUM(expected_revenue_usd) AS expected_revenue_usd
FROM partnercentral_opportunities
WHERE stage NOT IN ('Closed Lost', 'Launched')
GROUP BY stage, DATE_FORMAT(CAST(target_close_date AS TIMESTAMP), 'yyyy-MM')
ORDER BY close_month, stage
