package dev.pcw.schemas.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.schemas.bronze.BronzeRecord;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChangeEventsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ChangeDetector detector = new ChangeDetector();

    private CloudEvent created(dev.pcw.schemas.silver.SilverRow row) {
        return ChangeEvents.toCloudEvent(detector.detect(null, row).changes().get(0));
    }

    @Test
    void givesTheSameIdToTheSameChangeBuiltTwice() {
        assertThat(created(EventFixtures.opportunityV1()).getId())
                .isEqualTo(created(EventFixtures.opportunityV1()).getId());
    }

    @Test
    void givesADifferentIdToADifferentVersionOfTheSameRecord() {
        assertThat(created(EventFixtures.opportunityV1()).getId())
                .isNotEqualTo(created(EventFixtures.opportunityV2()).getId());
    }

    @Test
    void givesEveryEventOfTheFixturesItsOwnUuidShapedId() {
        List<String> ids =
                EventFixtures.goldenEvents().values().stream()
                        .map(CloudEvent::getId)
                        .collect(Collectors.toList());

        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        assertThat(ids)
                .allMatch(
                        id ->
                                id.matches(
                                        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }

    @Test
    void derivesTheIdFromTypeCatalogEntityRecordAndVersion() {
        String id = ChangeEvents.eventId("t", "AWS", "opportunity", "O1", "1");

        assertThat(ChangeEvents.eventId("t", "AWS", "opportunity", "O1", "1")).isEqualTo(id);
        assertThat(ChangeEvents.eventId("t", "Sandbox", "opportunity", "O1", "1")).isNotEqualTo(id);
        assertThat(ChangeEvents.eventId("t", "AWS", "opportunity", "O1", "2")).isNotEqualTo(id);
        // Part boundaries count: ("O1", "1") is not ("O", "11").
        assertThat(ChangeEvents.eventId("t", "AWS", "opportunity", "O", "11")).isNotEqualTo(id);
    }

    @Test
    void derivesTheRunCompletedIdFromTheRun() {
        CloudEvent run = EventFixtures.runCompleted();

        assertThat(run.getId()).isEqualTo(EventFixtures.runCompleted().getId());
        assertThat(run.getSubject()).isEqualTo("run-20261122-0300");
        assertThat(run.getTime()).isEqualTo("2026-11-22T03:04:12.500Z");
        assertThat(
                        ChangeEvents.runCompleted(
                                        "run-other",
                                        "AWS",
                                        "opportunity",
                                        "incremental",
                                        Instant.EPOCH,
                                        Instant.EPOCH,
                                        0,
                                        0,
                                        0,
                                        0)
                                .getId())
                .isNotEqualTo(run.getId());
    }

    @Test
    void aRunEndMarkerBecomesTheSameRunCompletedEvent() {
        BronzeRecord marker =
                ChangeEvents.runCompletedMarker(
                        "run-20261122-0300",
                        "AWS",
                        "opportunity",
                        "incremental",
                        Instant.parse("2026-11-22T03:00:00Z"),
                        Instant.parse("2026-11-22T03:04:12.500Z"),
                        1250,
                        27,
                        3,
                        1);

        assertThat(marker.isRunCompleted()).isTrue();
        assertThat(marker.fetchedAt()).isEqualTo("2026-11-22T03:04:12.500Z");
        CloudEvent fromMarker = ChangeEvents.runCompleted(marker);
        CloudEvent direct = EventFixtures.runCompleted();
        assertThat(fromMarker.getId()).isEqualTo(direct.getId());
        assertThat(ChangeEvents.toJson(fromMarker)).isEqualTo(ChangeEvents.toJson(direct));
    }

    @Test
    void anApiRecordIsNoRunEndMarker() {
        BronzeRecord record =
                new BronzeRecord(
                        "run-1",
                        "opportunities",
                        "AWS",
                        "GetOpportunity",
                        "req-1",
                        Instant.EPOCH,
                        "{}",
                        true);

        assertThat(record.isRunCompleted()).isFalse();
        assertThatThrownBy(() -> ChangeEvents.runCompleted(record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a run-end marker: GetOpportunity of run run-1");
    }

    @Test
    void writesStructuredJsonWithSpecVersionOneAndEveryRequiredAttribute() throws Exception {
        for (CloudEvent event : EventFixtures.goldenEvents().values()) {
            JsonNode json = MAPPER.readTree(ChangeEvents.toJson(event));

            assertThat(json.path("specversion").asText()).isEqualTo("1.0");
            assertThat(json.path("id").asText()).isEqualTo(event.getId());
            assertThat(json.path("type").asText()).isEqualTo(event.getType());
            assertThat(json.path("source").asText())
                    .isIn(
                            "/pcw/connectors/partner_central/catalogs/AWS",
                            "/pcw/connectors/partner_central/catalogs/Sandbox",
                            TierEvents.SOURCE);
            assertThat(json.path("subject").asText()).isNotEmpty();
            assertThat(json.path("time").asText()).isNotEmpty();
            assertThat(json.path("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(json.path("dataschema").asText())
                    .isEqualTo("urn:pcw:schemas:events:" + event.getType() + ":1");
            assertThat(json.path("data").isObject())
                    .as("data of %s embedded as a JSON object", event.getType())
                    .isTrue();
        }
    }

    @Test
    void parsesWhatItWrites() {
        for (CloudEvent event : EventFixtures.goldenEvents().values()) {
            CloudEvent read = ChangeEvents.parse(ChangeEvents.toJson(event));

            assertThat(read.getSpecVersion()).isEqualTo(SpecVersion.V1);
            assertThat(read.getId()).isEqualTo(event.getId());
            assertThat(read.getTime()).isEqualTo(event.getTime());
            assertThat(ChangeEvents.data(read)).isEqualTo(ChangeEvents.data(event));
        }
    }

    @Test
    void usesTheRecordsLastModifiedDateAsTime() {
        CloudEvent event = created(EventFixtures.opportunityV1());

        assertThat(event.getTime().toInstant()).isEqualTo(EventFixtures.OPPORTUNITY_V1_MODIFIED);
        assertThat(event.getSubject()).isEqualTo("O2315351");
        assertThat(event.getSource())
                .isEqualTo(URI.create("/pcw/connectors/partner_central/catalogs/AWS"));
    }

    @Test
    void keepsPersonalDataOutOfCreatedEvents() {
        JsonNode data = ChangeEvents.data(created(EventFixtures.opportunityV1()));
        Set<String> fields = new HashSet<>();
        data.path("snapshot").fieldNames().forEachRemaining(fields::add);

        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "id",
                        "catalog",
                        "stage",
                        "review_status",
                        "customer_company_name",
                        "expected_revenue_usd",
                        "last_modified_date");
    }

    @Test
    void rejectsTextThatIsNotACloudEvent() {
        assertThatThrownBy(
                        () -> ChangeEvents.parse("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a structured JSON CloudEvent");
    }

    @Test
    void resolvesEveryTypesDataSchemaToAClasspathResource() throws Exception {
        for (String type : EventTypes.ALL) {
            assertThat(EventSchemas.resourceFor(type)).isEqualTo("events/" + type + ".schema.json");
            assertThat(EventSchemas.typeOf(EventSchemas.dataSchemaFor(type))).isEqualTo(type);
            try (java.io.InputStream in = EventSchemas.open(type)) {
                assertThat(MAPPER.readTree(in).path("$id").asText())
                        .isEqualTo(EventSchemas.dataSchemaFor(type).toString());
            }
        }
    }

    @Test
    void rejectsAnUnknownTypeNamingTheKnownOnes() {
        assertThatThrownBy(() -> EventSchemas.resourceFor("pcw.partnercentral.opportunity.deleted"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown event type 'pcw.partnercentral.opportunity.deleted'")
                .hasMessageContaining(EventTypes.OPPORTUNITY_CREATED);
        assertThatThrownBy(() -> EventSchemas.typeOf(URI.create("https://example.com/schema")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataschema https://example.com/schema is not");
    }
}
