package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.TestPayloads.FETCHED_AT;
import static dev.pcw.schemas.normalize.TestPayloads.RUN_ID;
import static dev.pcw.schemas.normalize.TestPayloads.UPDATED_AT;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpportunityNormalizerTest {
    private static final String OP = OpportunityNormalizer.OPERATION;

    @Test
    void normalizesARealisticOpportunityIntoTheGoldenCurrentAndHistoryRows() {
        NormalizationResult r = normalize(OP, payload("get-opportunity.json"));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.rows()).hasSize(2);
        assertThat(r.unknownEnumValues()).isEmpty();
        assertThat(r.unknownMembers()).isEmpty();
        assertThat(r.notes()).isEmpty();
        assertGolden("get-opportunity.rows.json", r.rows());
    }

    @Test
    void mapsTheColumnsTheRunbookAndAnalystsRelyOn() {
        SilverRow row = normalize(OP, payload("get-opportunity.json")).rows().get(0);

        assertThat(row.table()).isEqualTo(SilverTables.OPPORTUNITIES_NAME);
        assertThat(row.get("catalog")).isEqualTo("AWS");
        assertThat(row.get("id")).isEqualTo("O2315351");
        assertThat(row.get("customer_company_name")).isEqualTo("Keystone Biotech plc");
        assertThat(row.get("stage")).isEqualTo("Technical Validation");
        assertThat(row.get("review_status")).isEqualTo("Approved");
        assertThat(row.get("target_close_date")).isEqualTo(LocalDate.of(2027, 10, 6));
        assertThat(row.get("created_date")).isEqualTo(Instant.parse("2026-10-15T02:00:37.284Z"));
        assertThat(row.get("last_modified_date"))
                .isEqualTo(Instant.parse("2026-11-19T05:52:50.662Z"));
        assertThat(row.get("expected_monthly_revenue_usd")).isEqualTo(new BigDecimal("14000.00"));
        assertThat(row.get("expected_revenue_usd")).isEqualTo(new BigDecimal("168000.00"));
        assertThat(row.get("software_revenue_amount")).isEqualTo(new BigDecimal("88762.00"));
        assertThat(row.get("software_revenue_effective_date"))
                .isEqualTo(LocalDate.of(2026, 11, 14));
        assertThat(row.get("delivery_models")).isEqualTo(Arrays.asList("SaaS or PaaS", "Resell"));
        assertThat(row.get("related_solution_ids"))
                .isEqualTo(Collections.singletonList("S-1957557"));
        assertThat(row.get("updated_at")).isEqualTo(UPDATED_AT);
        assertThat(row.get("fetched_at")).isEqualTo(FETCHED_AT);
        assertThat(row.get("run_id")).isEqualTo(RUN_ID);
        assertThat(row.get("unknown_values")).isEqualTo(Collections.emptyList());
    }

    @Test
    void keepsPersonalDataOutOfSilver() {
        String text = payload("get-opportunity.json");
        SilverRow row = normalize(OP, text).rows().get(0);
        String rendered = TestPayloads.render(row).toString();

        // Contacts, the team, the business problem and next steps stay in bronze.
        for (String personal :
                new String[] {
                    "liam.khan@keystone-biotech.example.com",
                    "+14585556738",
                    "maya.okafor@partner.example.com",
                    "Field devices send telemetry",
                    "Prepare statement of work",
                    "664 Main Street"
                }) {
            assertThat(text).contains(personal);
            assertThat(rendered).doesNotContain(personal);
        }
    }

    @Test
    void writesTheSameValuesToTheHistoryTable() {
        NormalizationResult r = normalize(OP, payload("get-opportunity-closed-lost.json"));
        SilverRow current = r.rows().get(0);
        SilverRow history = r.rows().get(1);

        assertThat(current.table()).isEqualTo(SilverTables.OPPORTUNITIES_NAME);
        assertThat(history.table()).isEqualTo(SilverTables.OPPORTUNITY_HISTORY_NAME);
        assertThat(history.values()).isEqualTo(current.values());
        assertThat(current.get("stage")).isEqualTo("Closed Lost");
        assertThat(current.get("closed_lost_reason")).isEqualTo("Lost to Competitor - Other");
        assertGolden("get-opportunity-closed-lost.rows.json", r.rows());
    }

    @Test
    void sumsEverySpendLineIntoTheAnnualizedRevenue() {
        SilverRow row = normalize(OP, payload("get-opportunity-closed-lost.json")).rows().get(0);

        // 30000.00 + 200000.00 a month, times twelve.
        assertThat(row.get("expected_monthly_revenue_usd")).isEqualTo(new BigDecimal("230000.00"));
        assertThat(row.get("expected_revenue_usd")).isEqualTo(new BigDecimal("2760000.00"));
        assertThat((java.util.List<?>) row.get("spend_lines")).hasSize(2);
    }

    @Test
    void passesAnUnknownStageThroughAndListsIt() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        o.with("LifeCycle").put("Stage", "Negotiation");

        NormalizationResult r = normalize(OP, compact(o));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.rows().get(0).get("stage")).isEqualTo("Negotiation");
        assertThat(r.rows().get(0).get("unknown_values"))
                .isEqualTo(Collections.singletonList("LifeCycle.Stage=Negotiation"));
        assertThat(r.unknownEnumValues()).containsExactly("LifeCycle.Stage=Negotiation");
    }

    @Test
    void listsUnknownValuesOfListItemsAndNestedEnumsInPayloadOrder() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        o.with("LifeCycle").put("ReviewStatus", "Escalated");
        o.with("Customer").with("Account").put("Industry", "Space Exploration");
        o.with("Project").withArray("DeliveryModels").add("Hybrid Cloud");

        NormalizationResult r = normalize(OP, compact(o));

        assertThat(r.unknownEnumValues())
                .containsExactly(
                        "Customer.Account.Industry=Space Exploration",
                        "Project.DeliveryModels=Hybrid Cloud",
                        "LifeCycle.ReviewStatus=Escalated");
        SilverRow row = r.rows().get(0);
        assertThat(row.get("review_status")).isEqualTo("Escalated");
        assertThat(row.get("customer_industry")).isEqualTo("Space Exploration");
        assertThat(row.get("delivery_models"))
                .isEqualTo(Arrays.asList("SaaS or PaaS", "Resell", "Hybrid Cloud"));
        assertThat(row.get("unknown_values")).isEqualTo(r.unknownEnumValues());
    }

    @Test
    void countsUnknownMembersButLeavesThemOutOfSilver() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        o.putObject("PartnerInsights").put("WinProbability", 0.42);
        o.with("LifeCycle").put("ForecastCategory", "Pipeline");
        ObjectNode plain = tree(payload("get-opportunity.json"));

        NormalizationResult r = normalize(OP, compact(o));

        assertThat(r.unknownMembers())
                .containsExactly("LifeCycle.ForecastCategory", "PartnerInsights");
        assertThat(r.unknownEnumValues()).isEmpty();
        assertThat(r.rows().get(0).values())
                .isEqualTo(normalize(OP, compact(plain)).rows().get(0).values());
    }

    @Test
    void toleratesAnAmountSentAsAJsonNumberAndNotesIt() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        ((ObjectNode) o.with("Project").withArray("ExpectedCustomerSpend").get(0))
                .put("Amount", new BigDecimal("14000.0"));

        NormalizationResult r = normalize(OP, compact(o));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.notes())
                .containsExactly(
                        "Project.ExpectedCustomerSpend[0].Amount is a JSON number (14000.0),"
                                + " expected a string; tolerated");
        SilverRow row = r.rows().get(0);
        assertThat(row.get("expected_revenue_usd")).isEqualTo(new BigDecimal("168000.00"));
        @SuppressWarnings("unchecked")
        Map<String, Object> line =
                ((java.util.List<Map<String, Object>>) row.get("spend_lines")).get(0);
        assertThat(line.get("amount")).isEqualTo("14000.0");
        assertThat(line.get("amount_decimal")).isEqualTo(new BigDecimal("14000.00"));
    }

    @Test
    void leavesTheCompanyNullOnlyWhenThePayloadHasNoCustomerAccount() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        o.with("Customer").remove("Account");

        NormalizationResult r = normalize(OP, compact(o));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.rows().get(0).get("customer_company_name")).isNull();
        assertThat(r.rows().get(0).get("customer_country_code")).isNull();
    }

    @Test
    void deadLettersAPayloadFromAnotherCatalogThanTheEnvelopes() {
        String text = payload("get-opportunity.json");

        NormalizationResult r =
                Normalizers.normalize(TestPayloads.bronze(OP, "Sandbox", text), UPDATED_AT);

        assertThat(r.isDeadLetter()).isTrue();
        assertThat(r.deadLetter().code()).isEqualTo(DeadLetterReason.CATALOG_MISMATCH);
        assertThat(r.deadLetter().reason())
                .isEqualTo(
                        "Catalog 'AWS' does not match the catalog 'Sandbox' the bronze envelope"
                                + " was fetched in");
        assertThat(r.deadLetter().recordId()).isEqualTo("O2315351");
        assertThat(r.deadLetter().rawPayload()).isEqualTo(text);
    }

    @Test
    void treatsAnOptionalMemberSentAsNullLikeAnAbsentOne() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        o.putNull("SoftwareRevenue");
        o.with("LifeCycle").putNull("TargetCloseDate");

        NormalizationResult r = normalize(OP, compact(o));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.rows().get(0).get("software_revenue_amount")).isNull();
        assertThat(r.rows().get(0).get("target_close_date")).isNull();
    }

    @Test
    void readsDateTimesWithOffsetsAndTruncatesThemToMilliseconds() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        o.put("LastModifiedDate", "2026-11-19T06:52:50.662999+01:00");
        o.put("CreatedDate", "2026-10-15T02:00:37Z");

        SilverRow row = normalize(OP, compact(o)).rows().get(0);

        assertThat(row.get("last_modified_date"))
                .isEqualTo(Instant.parse("2026-11-19T05:52:50.662Z"));
        assertThat(row.get("created_date")).isEqualTo(Instant.parse("2026-10-15T02:00:37Z"));
    }
}
