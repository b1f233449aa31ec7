package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.Json.date;
import static dev.pcw.schemas.normalize.Json.instant;
import static dev.pcw.schemas.normalize.Json.text;
import static dev.pcw.schemas.normalize.Json.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Normalizes a {@code GetEngagementInvitation} response, with an {@code OpportunityInvitation} or a
 * {@code LeadInvitation} payload, into a {@code partnercentral_engagement_invitations} row.
 *
 * <p>Columns that only one payload type carries are null for the other ({@code project_*}, {@code
 * receiver_responsibilities}, {@code spend_lines} and the revenue columns for opportunity
 * invitations; {@code customer_aws_maturity}, {@code customer_market_segment} and {@code lead_*}
 * for lead invitations). Revenue follows {@link ExpectedRevenue}. Sender contacts are personal data
 * and stay in bronze.
 *
 * <p>Dead letters: {@code Id} or {@code Catalog} absent, null or empty; a required member of a
 * present payload absent ({@code Customer}, {@code Project}, {@code ReceiverResponsibilities}, the
 * customer's {@code CompanyName}, …); a wrong JSON type ({@code
 * "Payload":"OpportunityInvitation"}); an unparseable date ({@code "InvitationDate":"soon"}); a
 * {@code Catalog} other than the envelope's. Passes through: unknown {@code Status} ({@code
 * WITHDRAWN}) and {@code PayloadType} values; unknown members ({@code Priority}) are counted.
 */
public final class EngagementInvitationNormalizer extends ShapedNormalizer {
    public static final String OPERATION = "GetEngagementInvitation";

    public EngagementInvitationNormalizer() {
        super(
                OPERATION,
                PartnerCentralEntity.ENGAGEMENT_INVITATIONS,
                Shapes.GET_ENGAGEMENT_INVITATION_RESPONSE,
                Collections.singletonList(SilverTables.ENGAGEMENT_INVITATIONS));
    }

    @Override
    List<SilverRow> map(JsonNode i, NormalizationContext context, PayloadChecker checker) {
        SilverRow.Builder b = SilverRow.builder(SilverTables.ENGAGEMENT_INVITATIONS);
        b.set("catalog", context.catalog());
        b.set("id", text(i, "Id"));
        b.set("arn", text(i, "Arn"));
        b.set("payload_type", text(i, "PayloadType"));
        b.set("engagement_id", text(i, "EngagementId"));
        b.set("engagement_title", text(i, "EngagementTitle"));
        b.set("engagement_description", text(i, "EngagementDescription"));
        b.set("status", text(i, "Status"));
        b.set("invitation_date", instant(i, "InvitationDate"));
        b.set("expiration_date", instant(i, "ExpirationDate"));
        b.set("sender_aws_account_id", text(i, "SenderAwsAccountId"));
        b.set("sender_company_name", text(i, "SenderCompanyName"));
        JsonNode receiver = i.path("Receiver").path("Account");
        b.set("receiver_aws_account_id", text(receiver, "AwsAccountId"));
        b.set("receiver_alias", text(receiver, "Alias"));
        b.set("rejection_reason", text(i, "RejectionReason"));
        b.set("invitation_message", text(i, "InvitationMessage"));

        // Read whichever payload is present: an unknown PayloadType value passes through, and
        // the payload member still says what the invitation holds.
        JsonNode payload = i.path("Payload");
        JsonNode opportunity = payload.path("OpportunityInvitation");
        JsonNode lead = payload.path("LeadInvitation");
        if (opportunity.isObject()) {
            setCustomer(b, opportunity.path("Customer"));
            JsonNode project = opportunity.path("Project");
            b.set("project_title", text(project, "Title"));
            b.set("project_target_completion_date", date(project, "TargetCompletionDate"));
            b.set("receiver_responsibilities", texts(opportunity, "ReceiverResponsibilities"));
            OpportunityNormalizer.setSpend(b, project.get("ExpectedCustomerSpend"));
        } else if (lead.isObject()) {
            JsonNode customer = lead.path("Customer");
            setCustomer(b, customer);
            b.set("customer_aws_maturity", text(customer, "AwsMaturity"));
            b.set("customer_market_segment", text(customer, "MarketSegment"));
            JsonNode interaction = lead.path("Interaction");
            b.set("lead_source_type", text(interaction, "SourceType"));
            b.set("lead_source_id", text(interaction, "SourceId"));
            b.set("lead_source_name", text(interaction, "SourceName"));
            b.set("lead_use_case", text(interaction, "Usecase"));
        }

        JsonNode members = i.get("ExistingMembers");
        if (members != null && members.isArray()) {
            List<String> names = new ArrayList<>(members.size());
            for (JsonNode m : members) {
                String name = text(m, "CompanyName");
                if (name != null) {
                    names.add(name);
                }
            }
            b.set("existing_member_company_names", Collections.unmodifiableList(names));
        }
        OpportunityNormalizer.setTrailer(b, context, checker);
        return Collections.singletonList(b.build());
    }

    private static void setCustomer(SilverRow.Builder b, JsonNode customer) {
        b.set("customer_company_name", text(customer, "CompanyName"));
        b.set("customer_industry", text(customer, "Industry"));
        b.set("customer_website_url", text(customer, "WebsiteUrl"));
        b.set("customer_country_code", text(customer, "CountryCode"));
    }
}
