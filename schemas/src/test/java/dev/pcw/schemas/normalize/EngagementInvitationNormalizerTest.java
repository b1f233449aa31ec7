package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.TestPayloads.assertGolden;
import static dev.pcw.schemas.normalize.TestPayloads.compact;
import static dev.pcw.schemas.normalize.TestPayloads.normalize;
import static dev.pcw.schemas.normalize.TestPayloads.payload;
import static dev.pcw.schemas.normalize.TestPayloads.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class EngagementInvitationNormalizerTest {
    private static final String OP = EngagementInvitationNormalizer.OPERATION;

    @Test
    void normalizesAnOpportunityInvitationIntoTheGoldenRow() {
        NormalizationResult r =
                normalize(OP, payload("get-engagement-invitation-opportunity.json"));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.rows()).hasSize(1);
        assertGolden("get-engagement-invitation-opportunity.rows.json", r.rows());
        SilverRow row = r.rows().get(0);
        assertThat(row.table()).isEqualTo(SilverTables.ENGAGEMENT_INVITATIONS_NAME);
        assertThat(row.get("payload_type")).isEqualTo("OpportunityInvitation");
        assertThat(row.get("status")).isEqualTo("REJECTED");
        assertThat(row.get("rejection_reason")).isNotNull();
        assertThat(row.get("receiver_aws_account_id")).isEqualTo("111122223333");
        assertThat(row.get("customer_company_name")).isNotNull();
        assertThat(row.get("project_target_completion_date")).isInstanceOf(LocalDate.class);
        assertThat(row.get("expected_revenue_usd"))
                .isEqualTo(
                        ((BigDecimal) row.get("expected_monthly_revenue_usd"))
                                .multiply(BigDecimal.valueOf(12)));
        assertThat(row.get("lead_source_type")).isNull();
        assertThat(row.get("existing_member_company_names"))
                .isEqualTo(Collections.singletonList("Amazon Web Services"));
    }

    @Test
    void normalizesALeadInvitationIntoTheGoldenRow() {
        NormalizationResult r = normalize(OP, payload("get-engagement-invitation-lead.json"));

        assertThat(r.isDeadLetter()).isFalse();
        assertGolden("get-engagement-invitation-lead.rows.json", r.rows());
        SilverRow row = r.rows().get(0);
        assertThat(row.get("payload_type")).isEqualTo("LeadInvitation");
        assertThat(row.get("customer_company_name")).isEqualTo("Redwood Logistics plc");
        assertThat(row.get("customer_market_segment")).isEqualTo("Small");
        assertThat(row.get("lead_source_type")).isEqualTo("Website");
        assertThat(row.get("invitation_date")).isEqualTo(Instant.parse("2026-11-18T15:04:18.684Z"));
        // Lead invitations carry no spend: the revenue columns stay null.
        assertThat(row.get("spend_lines")).isNull();
        assertThat(row.get("expected_revenue_usd")).isNull();
        assertThat(row.get("project_title")).isNull();
    }

    @Test
    void passesAnUnknownStatusAndPayloadTypeThrough() {
        ObjectNode o = tree(payload("get-engagement-invitation-lead.json"));
        o.put("Status", "WITHDRAWN");
        o.put("PayloadType", "PartnerInvitation");

        NormalizationResult r = normalize(OP, compact(o));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.unknownEnumValues())
                .containsExactly("PayloadType=PartnerInvitation", "Status=WITHDRAWN");
        SilverRow row = r.rows().get(0);
        assertThat(row.get("status")).isEqualTo("WITHDRAWN");
        assertThat(row.get("payload_type")).isEqualTo("PartnerInvitation");
        // The payload member still says what the invitation holds.
        assertThat(row.get("lead_source_type")).isEqualTo("Website");
        assertThat(row.get("unknown_values"))
                .isEqualTo(Arrays.asList("PayloadType=PartnerInvitation", "Status=WITHDRAWN"));
    }

    @Test
    void countsAnUnknownTopLevelMember() {
        ObjectNode o = tree(payload("get-engagement-invitation-opportunity.json"));
        o.put("Priority", "High");

        NormalizationResult r = normalize(OP, compact(o));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.unknownMembers()).containsExactly("Priority");
    }

    @Test
    void countsAnUnknownPayloadUnionMemberAndLeavesTheCustomerNull() {
        ObjectNode o = tree(payload("get-engagement-invitation-lead.json"));
        o.put("PayloadType", "PartnerInvitation");
        o.set(
                "Payload",
                TestPayloads.MAPPER
                        .createObjectNode()
                        .set("PartnerInvitation", o.with("Payload").get("LeadInvitation")));

        NormalizationResult r = normalize(OP, compact(o));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.unknownMembers()).containsExactly("Payload.PartnerInvitation");
        assertThat(r.rows().get(0).get("customer_company_name")).isNull();
    }
}
