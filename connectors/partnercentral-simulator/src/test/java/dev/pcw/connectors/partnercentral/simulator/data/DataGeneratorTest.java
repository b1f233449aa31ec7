package dev.pcw.connectors.partnercentral.simulator.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DataGeneratorTest {
    private static final long ANCHOR = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();

    private static Dataset generate(long seed, String catalog) {
        return Dataset.generate(
                seed, catalog, "111122223333", ANCHOR, new int[] {600, 30, 150, 120});
    }

    @Test
    void theSameSeedGivesTheSameRecordsByteForByte() {
        Dataset a = generate(7, "AWS");
        Dataset b = generate(7, "AWS");
        for (StoredRecord r : a.opportunities().all()) {
            assertThat(b.opportunities().get(r.id()).detail()).isEqualTo(r.detail());
        }
        assertThat(a.invitations().ids()).isEqualTo(b.invitations().ids());
        assertThat(generate(8, "AWS").opportunities().ids()).isNotEqualTo(a.opportunities().ids());
        assertThat(generate(7, "Sandbox").opportunities().ids())
                .isNotEqualTo(a.opportunities().ids());
    }

    @Test
    void countsAndIdFormatsFollowAws() {
        Dataset d = generate(1, "AWS");
        assertThat(d.opportunities().size()).isEqualTo(600);
        assertThat(d.solutions().size()).isEqualTo(30);
        assertThat(d.engagements().size()).isEqualTo(150);
        assertThat(d.invitations().size()).isEqualTo(120);
        assertThat(d.opportunities().ids()).allMatch(id -> id.matches("O[0-9]{1,19}"));
        assertThat(d.solutions().ids()).allMatch(id -> id.matches("S-[0-9]{1,19}"));
        assertThat(d.engagements().ids()).allMatch(id -> id.matches("eng-[0-9a-z]{14}"));
        assertThat(d.invitations().ids()).allMatch(id -> id.matches("engi-[0-9a-z]{13}"));
    }

    @Test
    void nothingIsNewerThanTheAnchorAndNothingIsModifiedBeforeCreation() {
        Dataset d = generate(2, "AWS");
        for (StoredRecord r : d.opportunities().all()) {
            ObjectNode o = Json.parseObject(r.detail());
            Instant created = Instant.parse(o.get("CreatedDate").asText());
            Instant modified = Instant.parse(o.get("LastModifiedDate").asText());
            assertThat(modified).isBeforeOrEqualTo(Instant.ofEpochMilli(ANCHOR));
            assertThat(created).isBeforeOrEqualTo(modified);
        }
    }

    @Test
    void valuesAreDrawnFromTheModelsEnumsAndLookReal() {
        Dataset d = generate(3, "AWS");
        Set<String> stages = new HashSet<>();
        Set<String> countries = new HashSet<>();
        for (StoredRecord r : d.opportunities().all()) {
            JsonNode o = Json.parseObject(r.detail());
            stages.add(o.at("/LifeCycle/Stage").asText());
            countries.add(o.at("/Customer/Account/Address/CountryCode").asText());
            assertThat(Vocabulary.STAGES).contains(o.at("/LifeCycle/Stage").asText());
            assertThat(Vocabulary.REVIEW_STATUSES)
                    .contains(o.at("/LifeCycle/ReviewStatus").asText());
            assertThat(Vocabulary.INDUSTRIES).contains(o.at("/Customer/Account/Industry").asText());
            assertThat(o.at("/Customer/Account/CompanyName").asText()).hasSizeBetween(5, 120);
            assertThat(o.at("/Project/CustomerBusinessProblem").asText()).hasSizeBetween(20, 2000);
            JsonNode spend = o.at("/Project/ExpectedCustomerSpend");
            assertThat(spend.size()).isBetween(1, 10);
            assertThat(spend.get(0).path("Amount").asText()).matches("[1-9][0-9]*\\.00");
            assertThat(spend.get(0).path("Frequency").asText()).isEqualTo("Monthly");
            if ("Closed Lost".equals(o.at("/LifeCycle/Stage").asText())) {
                assertThat(Vocabulary.CLOSED_LOST_REASONS)
                        .contains(o.at("/LifeCycle/ClosedLostReason").asText());
            }
        }
        assertThat(stages).containsExactlyInAnyOrderElementsOf(Vocabulary.STAGES);
        assertThat(countries).contains("US").hasSizeGreaterThan(5);
    }

    @Test
    void leadInvitationsAndLeadEngagementsAreAmongTheRecords() {
        Dataset d = generate(4, "AWS");
        Map<String, Long> payloads =
                d.invitations().all().stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r.attr("PayloadType"), Collectors.counting()));
        assertThat(payloads).containsOnlyKeys("OpportunityInvitation", "LeadInvitation");
        assertThat(payloads.get("LeadInvitation")).isGreaterThan(10);
        assertThat(d.engagements().all())
                .anyMatch(r -> r.attr("ContextTypes").equals("Lead"))
                .anyMatch(r -> r.attr("ContextTypes").equals("CustomerProject"));
        // Every invitation points at an engagement of the dataset.
        Set<String> engagements = new HashSet<>(d.engagements().ids());
        assertThat(d.invitations().all())
                .allMatch(r -> engagements.contains(r.attr("EngagementId")));
    }

    @Test
    void someOpportunitiesShareALastModifiedDate() {
        List<Long> times =
                generate(5, "AWS").opportunities().all().stream()
                        .map(StoredRecord::modifiedMillis)
                        .collect(Collectors.toList());
        assertThat(new HashSet<>(times).size()).isLessThan(times.size());
    }

    @Test
    void summariesAreProjectionsOfTheDetail() {
        Dataset d = generate(6, "AWS");
        for (StoredRecord r : d.opportunities().all()) {
            JsonNode detail = Json.parseObject(r.detail());
            JsonNode summary = Json.parseObject(r.summary());
            for (String path :
                    Arrays.asList(
                            "/Id",
                            "/LastModifiedDate",
                            "/LifeCycle/Stage",
                            "/Customer/Account/CompanyName",
                            "/Project/ExpectedCustomerSpend")) {
                assertThat(summary.at(path)).as(path).isEqualTo(detail.at(path));
            }
            assertThat(summary.has("OpportunityTeam")).isFalse();
            assertThat(summary.at("/Project").has("Title")).isFalse();
        }
        Function<StoredRecord, String> type =
                r -> Json.parseObject(r.summary()).path("ParticipantType").asText();
        assertThat(d.invitations().all())
                .allMatch(r -> type.apply(r).equals(r.attr("ParticipantType")));
    }
}
