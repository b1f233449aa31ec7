package dev.pcw.schemas.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Golden files under {@code src/test/resources/events/}: {@code {type}.json} is the structured
 * CloudEvent the fixtures produce for each type; {@code fail_*.json} are events that validation
 * must reject. Run with {@code -Dpcw.updateGoldens=true} to rewrite the good files after an
 * intended change, then review the diff.
 */
class EventGoldenFilesTest {
    // Keeps decimals as written (168000.00, not 168000.0) when golden files are rewritten.
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                    .build();
    private static final boolean UPDATE = Boolean.getBoolean("pcw.updateGoldens");
    private static final Path SOURCE_DIR = Paths.get("src/test/resources/events");
    private static final JsonSchemaFactory SCHEMAS =
            JsonSchemaFactory.getInstance(VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    /** Failing case → a fragment of the reason it must be rejected for. */
    private static final Map<String, String> FAILURES = new LinkedHashMap<>();

    static {
        FAILURES.put(
                "fail_opportunity.created_missing_snapshot.json",
                "required property 'snapshot' not found");
        FAILURES.put(
                "fail_opportunity.stage_changed_wrong_type.json",
                "/changes/stage/new: integer found, [string, null] expected");
        FAILURES.put(
                "fail_opportunity.updated_unknown_watched_field.json",
                "/changes: property 'customer_email' is not defined");
        FAILURES.put(
                "fail_solution.updated_changed_fields_not_array.json",
                "/changed_fields: string found, array expected");
        FAILURES.put(
                "fail_engagement_invitation.created_unknown_catalog.json",
                "does not have a value in the enumeration");
        FAILURES.put(
                "fail_connector.run.completed_negative_records.json",
                "/records: must have a minimum value of 0");
        FAILURES.put("fail_connector.run.completed_bad_time.json", "/ended_at: does not match");
        FAILURES.put(
                "fail_unknown_type.json",
                "Unknown event type 'pcw.partnercentral.opportunity.deleted'");
        FAILURES.put(
                "fail_dataschema_of_another_type.json",
                "dataschema urn:pcw:schemas:events:pcw.partnercentral.opportunity.created:1 does"
                        + " not match type pcw.partnercentral.opportunity.updated");
        FAILURES.put(
                "fail_partners.tier.updated_without_changes.json",
                "required property 'changes' not found");
        FAILURES.put("fail_missing_id.json", "Not a structured JSON CloudEvent");
        FAILURES.put("fail_wrong_specversion.json", "Not a structured JSON CloudEvent");
    }

    @Test
    void producesTheGoldenEventOfEveryType() throws IOException {
        Map<String, CloudEvent> events = EventFixtures.goldenEvents();
        assertThat(events.keySet()).containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
        for (String type : EventTypes.ALL) {
            CloudEvent actual = events.get(type);
            if (UPDATE) {
                Files.write(
                        SOURCE_DIR.resolve(type + ".json"),
                        (MAPPER.writerWithDefaultPrettyPrinter()
                                                .writeValueAsString(
                                                        MAPPER.readTree(
                                                                ChangeEvents.toJson(actual)))
                                        + "\n")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                continue;
            }
            CloudEvent golden = ChangeEvents.parse(resource(type + ".json"));

            assertThat(golden.getSpecVersion()).as(type).isEqualTo(actual.getSpecVersion());
            assertThat(golden.getId()).as(type).isEqualTo(actual.getId());
            assertThat(golden.getType()).as(type).isEqualTo(actual.getType());
            assertThat(golden.getSource()).as(type).isEqualTo(actual.getSource());
            assertThat(golden.getSubject()).as(type).isEqualTo(actual.getSubject());
            assertThat(golden.getTime()).as(type).isEqualTo(actual.getTime());
            assertThat(golden.getDataContentType()).as(type).isEqualTo(actual.getDataContentType());
            assertThat(golden.getDataSchema()).as(type).isEqualTo(actual.getDataSchema());
            assertThat(golden.getExtensionNames()).as(type).isEmpty();
            assertThat(ChangeEvents.data(golden)).as(type).isEqualTo(ChangeEvents.data(actual));
        }
    }

    @Test
    void acceptsTheDataOfEveryGoldenFile() {
        for (String type : EventTypes.ALL) {
            assertThat(problems(resource(type + ".json"))).as(type).isEmpty();
        }
    }

    @Test
    void rejectsEveryFailingCaseForTheExpectedReason() {
        for (Map.Entry<String, String> failure : FAILURES.entrySet()) {
            assertThat(problems(resource(failure.getKey())))
                    .as(failure.getKey())
                    .anySatisfy(problem -> assertThat(problem).contains(failure.getValue()));
        }
    }

    @Test
    void listsAnExpectedReasonForEveryFailingCaseFile() throws IOException, URISyntaxException {
        Path dir = Paths.get(getClass().getClassLoader().getResource("events").toURI());
        List<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files =
                    list.map(p -> p.getFileName().toString())
                            .filter(name -> name.startsWith("fail_"))
                            .collect(Collectors.toList());
        }

        assertThat(files).containsExactlyInAnyOrderElementsOf(FAILURES.keySet());
    }

    /** Why {@code json} is not a valid pcw event; empty when it is one. */
    private static List<String> problems(byte[] json) {
        CloudEvent event;
        try {
            event = ChangeEvents.parse(json);
        } catch (IllegalArgumentException e) {
            return Collections.singletonList(e.getMessage());
        }
        String type = event.getType();
        if (!EventTypes.ALL.contains(type)) {
            try {
                EventSchemas.resourceFor(type);
            } catch (IllegalArgumentException e) {
                return Collections.singletonList(e.getMessage());
            }
        }
        List<String> problems = new ArrayList<>();
        if (!EventSchemas.dataSchemaFor(type).equals(event.getDataSchema())) {
            problems.add("dataschema " + event.getDataSchema() + " does not match type " + type);
        }
        if (event.getSubject() == null || event.getTime() == null) {
            problems.add("subject and time are required");
        }
        if (!ChangeEvents.DATA_CONTENT_TYPE.equals(event.getDataContentType())) {
            problems.add("datacontenttype must be " + ChangeEvents.DATA_CONTENT_TYPE);
        }
        JsonSchema schema;
        try (InputStream in = EventSchemas.open(type)) {
            schema = SCHEMAS.getSchema(in, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ValidationMessage message : schema.validate(ChangeEvents.data(event))) {
            problems.add(message.getMessage());
        }
        return problems;
    }

    private static byte[] resource(String name) {
        try (InputStream in =
                EventGoldenFilesTest.class.getClassLoader().getResourceAsStream("events/" + name)) {
            assertThat(in).as("test resource events/%s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
