package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.Json.instant;
import static dev.pcw.schemas.normalize.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Normalizes a {@code GetEngagement} response, with {@code CustomerProject} and/or {@code Lead}
 * contexts, into a {@code partnercentral_engagements} row.
 *
 * <p>GetEngagement does not echo the catalog: {@code catalog} comes from the bronze envelope.
 * {@code context_types} lists every context's type in payload order; the customer columns come from
 * the first {@code CustomerProject} context, else from the first {@code Lead} context; project
 * columns from the first {@code CustomerProject} context; lead columns from the first {@code Lead}
 * context. Lead contacts are personal data and stay in bronze.
 *
 * <p>Dead letters: {@code Id} absent, null or empty (pcw's key, although the model leaves it
 * optional); a wrong JSON type ({@code "MemberCount":"three"}, {@code "Contexts":{}}); an
 * unparseable date-time; a context without {@code Type}. Passes through: unknown context types
 * ({@code Partnership}); unknown members ({@code Region}) are counted. The model types a customer
 * project's {@code TargetCompletionDate} as a plain string: a value that is not {@code yyyy-MM-dd}
 * leaves {@code project_target_completion_date} null and is noted, not dead-lettered.
 */
public final class EngagementNormalizer extends ShapedNormalizer {
    public static final String OPERATION = "GetEngagement";

    public EngagementNormalizer() {
        super(
                OPERATION,
                PartnerCentralEntity.ENGAGEMENTS,
                Shapes.GET_ENGAGEMENT_RESPONSE,
                Collections.singletonList(SilverTables.ENGAGEMENTS));
    }

    @Override
    List<SilverRow> map(JsonNode e, NormalizationContext context, PayloadChecker checker) {
        SilverRow.Builder b = SilverRow.builder(SilverTables.ENGAGEMENTS);
        b.set("catalog", context.catalog());
        b.set("id", text(e, "Id"));
        b.set("arn", text(e, "Arn"));
        b.set("title", text(e, "Title"));
        b.set("description", text(e, "Description"));
        b.set("created_at", instant(e, "CreatedAt"));
        b.set("created_by", text(e, "CreatedBy"));
        b.set("modified_at", instant(e, "ModifiedAt"));
        b.set("modified_by", text(e, "ModifiedBy"));
        JsonNode memberCount = e.get("MemberCount");
        b.set(
                "member_count",
                memberCount == null || memberCount.isNull() ? null : memberCount.intValue());

        JsonNode customerProject = null;
        JsonNode lead = null;
        JsonNode contexts = e.get("Contexts");
        if (contexts != null && contexts.isArray()) {
            List<String> types = new ArrayList<>(contexts.size());
            for (JsonNode c : contexts) {
                types.add(text(c, "Type"));
                JsonNode payload = c.path("Payload");
                if (customerProject == null && payload.path("CustomerProject").isObject()) {
                    customerProject = payload.get("CustomerProject");
                }
                if (lead == null && payload.path("Lead").isObject()) {
                    lead = payload.get("Lead");
                }
            }
            b.set("context_types", Collections.unmodifiableList(types));
        }

        if (customerProject != null && customerProject.path("Customer").isObject()) {
            JsonNode customer = customerProject.get("Customer");
            setCustomer(b, customer);
            b.set("customer_country_code", text(customer, "CountryCode"));
        } else if (lead != null && lead.path("Customer").isObject()) {
            JsonNode customer = lead.get("Customer");
            setCustomer(b, customer);
            b.set("customer_country_code", text(customer.path("Address"), "CountryCode"));
        }
        if (customerProject != null) {
            JsonNode project = customerProject.path("Project");
            b.set("project_title", text(project, "Title"));
            String completion = text(project, "TargetCompletionDate");
            LocalDate date = IsoTime.date(completion);
            if (completion != null && date == null) {
                checker.note(
                        "Contexts.Payload.CustomerProject.Project.TargetCompletionDate "
                                + PayloadChecker.quote(completion)
                                + " is not yyyy-MM-dd; project_target_completion_date left null");
            }
            b.set("project_target_completion_date", date);
        }
        if (lead != null) {
            JsonNode customer = lead.path("Customer");
            JsonNode address = customer.path("Address");
            b.set("customer_city", text(address, "City"));
            b.set("customer_state_or_region", text(address, "StateOrRegion"));
            b.set("customer_postal_code", text(address, "PostalCode"));
            b.set("customer_aws_maturity", text(customer, "AwsMaturity"));
            b.set("customer_market_segment", text(customer, "MarketSegment"));
            b.set("lead_qualification_status", text(lead, "QualificationStatus"));
            JsonNode interactions = lead.get("Interactions");
            if (interactions != null && interactions.isArray()) {
                b.set("lead_interaction_count", interactions.size());
                Instant newest = null;
                for (JsonNode it : interactions) {
                    Instant t = instant(it, "InteractionDate");
                    if (t != null && (newest == null || t.isAfter(newest))) {
                        newest = t;
                    }
                }
                b.set("lead_last_interaction_date", newest);
            }
        }
        OpportunityNormalizer.setTrailer(b, context, checker);
        return Collections.singletonList(b.build());
    }

    private static void setCustomer(SilverRow.Builder b, JsonNode customer) {
        b.set("customer_company_name", text(customer, "CompanyName"));
        b.set("customer_industry", text(customer, "Industry"));
        b.set("customer_website_url", text(customer, "WebsiteUrl"));
    }
}
