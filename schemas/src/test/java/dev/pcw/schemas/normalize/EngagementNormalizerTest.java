package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.TestPayloads.assertGolden;
import static dev.pcw.schemas.normalize.TestPayloads.compact;
import static dev.pcw.schemas.normalize.TestPayloads.normalize;
import static dev.pcw.schemas.normalize.TestPayloads.payload;
import static dev.pcw.schemas.normalize.TestPayloads.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class EngagementNormalizerTest {
    private static final String OP = EngagementNormalizer.OPERATION;

    @Test
    void normalizesACustomerProjectEngagementIntoTheGoldenRow() {
        NormalizationResult r = normalize(OP, payload("get-engagement-customer-project.json"));

        assertThat(r.isDeadLetter()).isFalse();
        assertGolden("get-engagement-customer-project.rows.json", r.rows());
        SilverRow row = r.rows().get(0);
        assertThat(row.table()).isEqualTo(SilverTables.ENGAGEMENTS_NAME);
        // GetEngagement does not echo the catalog: it comes from the envelope.
        assertThat(row.get("catalog")).isEqualTo("AWS");
        assertThat(row.get("context_types"))
                .isEqualTo(Collections.singletonList("CustomerProject"));
        assertThat(row.get("customer_company_name")).isEqualTo("Redwood Logistics plc");
        assertThat(row.get("project_target_completion_date")).isEqualTo(LocalDate.of(2027, 1, 21));
        assertThat(row.get("member_count")).isEqualTo(2);
        assertThat(row.get("lead_qualification_status")).isNull();
    }

    @Test
    void normalizesALeadEngagementIntoTheGoldenRow() {
        NormalizationResult r = normalize(OP, payload("get-engagement-lead.json"));

        assertThat(r.isDeadLetter()).isFalse();
        assertGolden("get-engagement-lead.rows.json", r.rows());
        SilverRow row = r.rows().get(0);
        assertThat(row.get("context_types")).isEqualTo(Collections.singletonList("Lead"));
        assertThat(row.get("customer_company_name")).isEqualTo("Bluebird Foundation plc");
        assertThat(row.get("customer_city")).isEqualTo("Seattle");
        assertThat(row.get("customer_country_code")).isEqualTo("US");
        assertThat(row.get("lead_qualification_status")).isEqualTo("Unqualified");
        assertThat(row.get("lead_interaction_count")).isEqualTo(1);
        assertThat(row.get("lead_last_interaction_date"))
                .isEqualTo(Instant.parse("2026-10-20T05:53:52.069Z"));
        assertThat(row.get("project_title")).isNull();
    }

    @Test
    void readsTheCustomerFromTheCustomerProjectWhenBothContextsArePresent() {
        ObjectNode e = tree(payload("get-engagement-lead.json"));
        ObjectNode cp = tree(payload("get-engagement-customer-project.json"));
        ArrayNode contexts = e.withArray("Contexts");
        contexts.add(cp.withArray("Contexts").get(0));

        SilverRow row = normalize(OP, compact(e)).rows().get(0);

        assertThat(row.get("context_types")).isEqualTo(Arrays.asList("Lead", "CustomerProject"));
        assertThat(row.get("customer_company_name")).isEqualTo("Redwood Logistics plc");
        assertThat(row.get("project_title")).isEqualTo("Cost optimization program");
        assertThat(row.get("lead_qualification_status")).isEqualTo("Unqualified");
    }

    @Test
    void passesAnUnknownContextTypeThroughAndCountsAnUnknownMember() {
        ObjectNode e = tree(payload("get-engagement-customer-project.json"));
        ((ObjectNode) e.withArray("Contexts").get(0)).put("Type", "Partnership");
        e.put("Region", "us-east-1");

        NormalizationResult r = normalize(OP, compact(e));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.unknownEnumValues()).containsExactly("Contexts.Type=Partnership");
        assertThat(r.unknownMembers()).containsExactly("Region");
        assertThat(r.rows().get(0).get("context_types"))
                .isEqualTo(Collections.singletonList("Partnership"));
        assertThat(r.rows().get(0).get("customer_company_name")).isEqualTo("Redwood Logistics plc");
    }

    @Test
    void notesATargetCompletionDateThatIsNotADateInsteadOfDeadLetteringIt() {
        ObjectNode e = tree(payload("get-engagement-customer-project.json"));
        ((ObjectNode)
                        e.withArray("Contexts")
                                .get(0)
                                .with("Payload")
                                .with("CustomerProject")
                                .with("Project"))
                .put("TargetCompletionDate", "Q3 2027");

        NormalizationResult r = normalize(OP, compact(e));

        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.rows().get(0).get("project_target_completion_date")).isNull();
        assertThat(r.notes())
                .containsExactly(
                        "Contexts.Payload.CustomerProject.Project.TargetCompletionDate 'Q3 2027'"
                                + " is not yyyy-MM-dd; project_target_completion_date left null");
    }

    @Test
    void takesTheCatalogFromTheEnvelope() {
        NormalizationResult r =
                Normalizers.normalize(
                        TestPayloads.bronze(OP, "Sandbox", payload("get-engagement-lead.json")),
                        TestPayloads.UPDATED_AT);

        assertThat(r.rows().get(0).get("catalog")).isEqualTo("Sandbox");
    }
}
