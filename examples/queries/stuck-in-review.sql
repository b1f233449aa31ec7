-- Opportunities waiting on AWS's review for more than 14 days, oldest first.
-- pcw query -f examples/queries/stuck-in-review.sql
SELECT catalog, id, customer_company_name, stage, review_status, last_modified_date,
       TIMESTAMPDIFF(DAY, last_modified_date, CURRENT_TIMESTAMP) AS days_waiting
FROM partnercentral_opportunities
WHERE review_status IN ('Submitted', 'In review')
  AND last_modified_date < CURRENT_TIMESTAMP - INTERVAL '14' DAY
ORDER BY last_modified_date
