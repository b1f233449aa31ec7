package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.Json.date;
import static dev.pcw.schemas.normalize.Json.instant;
import static dev.pcw.schemas.normalize.Json.text;
import static dev.pcw.schemas.normalize.Json.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Normalizes a {@code GetOpportunity} response into one {@code partnercentral_opportunities} row
 * (current state) and the same values as one {@code partnercentral_opportunity_history} row.
 *
 * <p>Dead letters: a payload that is not a JSON object; a member the model requires that is absent
 * or null ({@code Catalog}, {@code Id}, {@code CreatedDate}, {@code LastModifiedDate}, {@code
 * RelatedEntityIdentifiers}, and inside present objects {@code Customer.Account.CompanyName}, every
 * spend line's {@code Amount}, {@code CurrencyCode}, {@code Frequency}, {@code TargetCompany}, …);
 * a member of the wrong JSON type ({@code "LifeCycle":"Prospect"}); a date or date-time that does
 * not parse ({@code "LastModifiedDate":"last tuesday"}); an amount that is not a decimal number; a
 * {@code Catalog} other than the envelope's.
 *
 * <p>Passes through: enum values the model does not know (stage {@code Negotiation} lands in {@code
 * stage} as sent and in {@code unknown_values} as {@code LifeCycle.Stage=Negotiation}); members it
 * does not define (left out, counted); an amount sent as a JSON number (noted).
 *
 * <p>Silver keeps no personal data: contacts ({@code Customer.Contacts}, {@code OpportunityTeam})
 * and the free texts the model marks as personal ({@code CustomerBusinessProblem}, {@code
 * NextSteps} and its history, {@code OtherSolutionDescription}) stay in bronze. {@code
 * Project.Title} is kept as {@code project_title}: it names the deal, and analysts need a label.
 *
 * <p>Revenue: see {@link ExpectedRevenue} for {@code expected_revenue_usd}. Null semantics of the
 * runbook's checks: {@code customer_company_name} is null only when the payload has no {@code
 * Customer.Account} (a missing {@code CompanyName} inside an account is a dead letter); {@code
 * expected_revenue_usd} is null when no Monthly USD spend line exists.
 */
public final class OpportunityNormalizer extends ShapedNormalizer {
    public static final String OPERATION = "GetOpportunity";

    public OpportunityNormalizer() {
        super(
                OPERATION,
                PartnerCentralEntity.OPPORTUNITIES,
                Shapes.GET_OPPORTUNITY_RESPONSE,
                Arrays.asList(SilverTables.OPPORTUNITIES, SilverTables.OPPORTUNITY_HISTORY));
    }

    @Override
    List<SilverRow> map(JsonNode o, NormalizationContext context, PayloadChecker checker) {
        SilverRow.Builder b = SilverRow.builder(SilverTables.OPPORTUNITIES);
        b.set("catalog", context.catalog());
        b.set("id", text(o, "Id"));
        b.set("arn", text(o, "Arn"));
        b.set("partner_opportunity_identifier", text(o, "PartnerOpportunityIdentifier"));
        b.set("opportunity_type", text(o, "OpportunityType"));

        JsonNode lc = o.path("LifeCycle");
        b.set("stage", text(lc, "Stage"));
        b.set("review_status", text(lc, "ReviewStatus"));
        b.set("review_status_reason", text(lc, "ReviewStatusReason"));
        b.set("review_comments", text(lc, "ReviewComments"));
        b.set("closed_lost_reason", text(lc, "ClosedLostReason"));
        b.set("target_close_date", date(lc, "TargetCloseDate"));
        b.set("created_date", instant(o, "CreatedDate"));
        b.set("last_modified_date", instant(o, "LastModifiedDate"));

        JsonNode account = o.path("Customer").path("Account");
        b.set("customer_company_name", text(account, "CompanyName"));
        b.set("customer_industry", text(account, "Industry"));
        b.set("customer_other_industry", text(account, "OtherIndustry"));
        b.set("customer_website_url", text(account, "WebsiteUrl"));
        b.set("customer_aws_account_id", text(account, "AwsAccountId"));
        b.set("customer_duns", text(account, "Duns"));
        JsonNode address = account.path("Address");
        b.set("customer_city", text(address, "City"));
        b.set("customer_state_or_region", text(address, "StateOrRegion"));
        b.set("customer_postal_code", text(address, "PostalCode"));
        b.set("customer_country_code", text(address, "CountryCode"));

        JsonNode project = o.path("Project");
        b.set("project_title", text(project, "Title"));
        b.set("customer_use_case", text(project, "CustomerUseCase"));
        b.set("delivery_models", texts(project, "DeliveryModels"));
        b.set("sales_activities", texts(project, "SalesActivities"));
        b.set("primary_needs_from_aws", texts(o, "PrimaryNeedsFromAws"));
        b.set("competitor_name", text(project, "CompetitorName"));
        b.set("other_competitor_names", text(project, "OtherCompetitorNames"));
        b.set("related_opportunity_id", text(project, "RelatedOpportunityIdentifier"));
        b.set("apn_programs", texts(project, "ApnPrograms"));
        b.set("national_security", text(o, "NationalSecurity"));

        JsonNode related = o.path("RelatedEntityIdentifiers");
        b.set("related_solution_ids", texts(related, "Solutions"));
        b.set("aws_product_ids", texts(related, "AwsProducts"));
        b.set("aws_marketplace_offer_ids", texts(related, "AwsMarketplaceOffers"));

        setSpend(b, project.get("ExpectedCustomerSpend"));

        JsonNode marketing = o.path("Marketing");
        b.set("marketing_source", text(marketing, "Source"));
        b.set("marketing_campaign_name", text(marketing, "CampaignName"));
        b.set("marketing_channels", texts(marketing, "Channels"));
        b.set("marketing_use_cases", texts(marketing, "UseCases"));
        b.set("marketing_aws_funding_used", text(marketing, "AwsFundingUsed"));

        JsonNode revenue = o.path("SoftwareRevenue");
        JsonNode value = revenue.path("Value");
        b.set("software_revenue_model", text(revenue, "DeliveryModel"));
        b.set("software_revenue_amount", Json.amount(value.get("Amount")));
        b.set("software_revenue_currency", text(value, "CurrencyCode"));
        b.set("software_revenue_effective_date", date(revenue, "EffectiveDate"));
        b.set("software_revenue_expiration_date", date(revenue, "ExpirationDate"));

        setTrailer(b, context, checker);
        SilverRow current = b.build();
        return Arrays.asList(current, current.forTable(SilverTables.OPPORTUNITY_HISTORY));
    }

    /**
     * Sets {@code spend_lines}, {@code expected_monthly_revenue_usd} and {@code
     * expected_revenue_usd} from an {@code ExpectedCustomerSpend} list (checked, or null).
     */
    static void setSpend(SilverRow.Builder b, JsonNode spend) {
        if (spend == null || !spend.isArray()) {
            return;
        }
        List<SpendLine> lines = new ArrayList<>(spend.size());
        List<Map<String, Object>> structs = new ArrayList<>(spend.size());
        for (int i = 0; i < spend.size(); i++) {
            JsonNode l = spend.get(i);
            JsonNode amount = l.get("Amount");
            SpendLine line =
                    new SpendLine(
                            amount.asText(),
                            Json.amount(amount),
                            text(l, "CurrencyCode"),
                            text(l, "Frequency"),
                            text(l, "TargetCompany"),
                            text(l, "EstimationUrl"));
            lines.add(line);
            structs.add(line.toStruct());
        }
        b.set("spend_lines", Collections.unmodifiableList(structs));
        BigDecimal monthly = ExpectedRevenue.monthlyUsd(lines);
        if (monthly != null) {
            BigDecimal annual = ExpectedRevenue.annualize(monthly);
            if (!ExpectedRevenue.fits(annual)) {
                throw new PayloadProblem(
                        DeadLetterReason.INVALID_VALUE,
                        "expected revenue 12 x "
                                + monthly.toPlainString()
                                + " USD does not fit decimal(20,2)");
            }
            b.set("expected_monthly_revenue_usd", monthly);
            b.set("expected_revenue_usd", annual);
        }
    }

    /** Sets the columns every current table ends with. */
    static void setTrailer(
            SilverRow.Builder b, NormalizationContext context, PayloadChecker checker) {
        List<String> unknown = checker.unknownValues();
        b.set(
                "unknown_values",
                unknown.isEmpty()
                        ? Collections.emptyList()
                        : Collections.unmodifiableList(new ArrayList<>(unknown)));
        b.set("fetched_at", context.fetchedAt());
        b.set("updated_at", context.updatedAt());
        b.set("run_id", context.runId());
    }
}
