-- Expected revenue (USD a year) of the opportunities still in play, by the customer's industry.
-- pcw query -f examples/queries/revenue-by-industry.sql
SELECT COALESCE(customer_industry, '(none)') AS industry,
       COUNT(*) AS opportunities,
       SUM(expected_revenue_usd) AS expected_revenue_usd
FROM partnercentral_opportunities
WHERE stage <> 'Closed Lost'
GROUP BY COALESCE(customer_industry, '(none)')
ORDER BY expected_revenue_usd DESC NULLS LAST
