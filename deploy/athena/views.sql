-- Latest version per record over the history tables, for engines that should not apply the
-- current tables' equality deletes (or to read "as of the newest version seen" from history).
-- Athena engine v3; run each statement in the workgroup that queries pcw_silver.

CREATE OR REPLACE VIEW pcw_silver.partnercentral_opportunities_latest AS
SELECT catalog, id, arn, partner_opportunity_identifier, opportunity_type, stage, review_status,
       review_status_reason, review_comments, closed_lost_reason, target_close_date,
       created_date, last_modified_date, customer_company_name, customer_industry,
       customer_other_industry, customer_website_url, customer_aws_account_id, customer_duns,
       customer_city, customer_state_or_region, customer_postal_code, customer_country_code,
       project_title, customer_use_case, delivery_models, sales_activities,
       primary_needs_from_aws, competitor_name, other_competitor_names, related_opportunity_id,
       apn_programs, national_security, related_solution_ids, aws_product_ids,
       aws_marketplace_offer_ids, spend_lines, expected_monthly_revenue_usd,
       expected_revenue_usd, marketing_source, marketing_campaign_name, marketing_channels,
       marketing_use_cases, marketing_aws_funding_used, software_revenue_model,
       software_revenue_amount, software_revenue_currency, software_revenue_effective_date,
       software_revenue_expiration_date, unknown_values, fetched_at, updated_at, run_id
FROM (
    SELECT h.*,
           row_number() OVER (PARTITION BY catalog, id
                              ORDER BY last_modified_date DESC, updated_at DESC) AS version_rank
    FROM pcw_silver.partnercentral_opportunity_history h
)
WHERE version_rank = 1;
