package dev.pcw.schemas.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.bronze.BronzeRecord;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

/**
 * Builds pcw's CloudEvents 1.0 (change events and run-completed events) and reads and writes them
 * in structured JSON.
 *
 * <p>Attributes: {@code source} {@code /pcw/connectors/partner_central/catalogs/{catalog}}, {@code
 * subject} the record id (run id for run events), {@code time} the record's last_modified_date
 * (else its fetched_at, else its updated_at; the run's end for run events), {@code datacontenttype}
 * {@code application/json}, {@code dataschema} from {@link EventSchemas}, and a deterministic
 * {@code id} so that consumers can drop duplicates of at-least-once delivery.
 */
public final class ChangeEvents {
    /** The {@code source} of every event, before the catalog. */
    public static final String SOURCE_PREFIX = "/pcw/connectors/partner_central/catalogs/";

    /** The content type of every event's data. */
    public static final String DATA_CONTENT_TYPE = "application/json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat FORMAT = new JsonFormat();

    private ChangeEvents() {}

    /** The {@code source} of events about {@code catalog}. */
    public static URI source(String catalog) {
        return URI.create(SOURCE_PREFIX + Objects.requireNonNull(catalog, "catalog"));
    }

    /**
     * The event id: the first 32 hex digits of SHA-256 over type, catalog, entity, record id and
     * version key, shaped like a UUID; the same change always gets the same id.
     */
    public static String eventId(
            String type, String catalog, String entity, String recordId, String versionKey) {
        return Canonical.deterministicId(type, catalog, entity, recordId, versionKey);
    }

    /** The CloudEvent of one change. */
    public static CloudEvent toCloudEvent(ChangeEvent change) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("id", change.recordId());
        data.put("catalog", change.catalog());
        data.put("entity", change.entity().entityName());
        if (change.type().equals(change.entity().updatedType())) {
            ArrayNode fields = data.putArray("changed_fields");
            change.changedFields().forEach(fields::add);
        }
        if (!change.type().equals(change.entity().createdType())) {
            ObjectNode changes = data.putObject("changes");
            for (Map.Entry<String, FieldChange> e : change.changes().entrySet()) {
                ObjectNode c = changes.putObject(e.getKey());
                c.put("old", e.getValue().oldValue());
                c.put("new", e.getValue().newValue());
            }
        } else {
            ObjectNode snapshot = data.putObject("snapshot");
            for (Map.Entry<String, Object> e : change.snapshot().entrySet()) {
                putValue(snapshot, e.getKey(), e.getValue());
            }
        }
        CloudEventBuilder builder =
                CloudEventBuilder.v1()
                        .withId(
                                eventId(
                                        change.type(),
                                        change.catalog(),
                                        change.entity().entityName(),
                                        change.recordId(),
                                        change.versionKey()))
                        .withSource(source(change.catalog()))
                        .withType(change.type())
                        .withSubject(change.recordId())
                        .withDataContentType(DATA_CONTENT_TYPE)
                        .withDataSchema(EventSchemas.dataSchemaFor(change.type()))
                        .withData(bytes(data));
        if (change.time() != null) {
            builder.withTime(utc(change.time()));
        }
        return builder.build();
    }

    /**
     * The {@value EventTypes#CONNECTOR_RUN_COMPLETED} event of one ingestion run; its id derives
     * from the run id, catalog and entity.
     */
    public static CloudEvent runCompleted(
            String runId,
            String catalog,
            String entity,
            String mode,
            Instant startedAt,
            Instant endedAt,
            long records,
            long apiCalls,
            long throttled,
            long deadLetters) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        ObjectNode data = MAPPER.createObjectNode();
        data.put("run_id", runId);
        data.put("catalog", catalog);
        data.put("entity", entity);
        data.put("mode", mode);
        data.put("started_at", startedAt.toString());
        data.put("ended_at", endedAt.toString());
        data.put("records", records);
        data.put("api_calls", apiCalls);
        data.put("throttled", throttled);
        data.put("dead_letters", deadLetters);
        String type = EventTypes.CONNECTOR_RUN_COMPLETED;
        return CloudEventBuilder.v1()
                .withId(Canonical.deterministicId(type, catalog, entity, runId))
                .withSource(source(catalog))
                .withType(type)
                .withSubject(runId)
                .withTime(utc(endedAt))
                .withDataContentType(DATA_CONTENT_TYPE)
                .withDataSchema(EventSchemas.dataSchemaFor(type))
                .withData(bytes(data))
                .build();
    }

    /**
     * The run-end marker the source puts in the stream when a run finishes: a {@link BronzeRecord}
     * with operation {@link BronzeRecord#RUN_COMPLETED_OPERATION} whose payload is the data of the
     * run's {@value EventTypes#CONNECTOR_RUN_COMPLETED} event.
     */
    public static BronzeRecord runCompletedMarker(
            String runId,
            String catalog,
            String entity,
            String mode,
            Instant startedAt,
            Instant endedAt,
            long records,
            long apiCalls,
            long throttled,
            long deadLetters) {
        CloudEvent e =
                runCompleted(
                        runId,
                        catalog,
                        entity,
                        mode,
                        startedAt,
                        endedAt,
                        records,
                        apiCalls,
                        throttled,
                        deadLetters);
        return new BronzeRecord(
                runId,
                entity,
                catalog,
                BronzeRecord.RUN_COMPLETED_OPERATION,
                null,
                endedAt,
                new String(e.getData().toBytes(), StandardCharsets.UTF_8),
                true);
    }

    /**
     * The {@value EventTypes#CONNECTOR_RUN_COMPLETED} event of a run-end marker.
     *
     * @throws IllegalArgumentException when {@code marker} is not a readable run-end marker
     */
    public static CloudEvent runCompleted(BronzeRecord marker) {
        if (!marker.isRunCompleted()) {
            throw new IllegalArgumentException(
                    "Not a run-end marker: " + marker.operation() + " of run " + marker.runId());
        }
        JsonNode d;
        try {
            d = MAPPER.readTree(marker.payload());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Run-end marker of run " + marker.runId() + " is not JSON: " + e.getMessage(),
                    e);
        }
        return runCompleted(
                marker.runId(),
                marker.catalog(),
                marker.entity(),
                d.path("mode").asText(),
                Instant.parse(d.path("started_at").asText()),
                Instant.parse(d.path("ended_at").asText()),
                d.path("records").asLong(),
                d.path("api_calls").asLong(),
                d.path("throttled").asLong(),
                d.path("dead_letters").asLong());
    }

    /** {@code event} in structured JSON (CloudEvents JSON format, data embedded as JSON). */
    public static byte[] toJson(CloudEvent event) {
        return FORMAT.serialize(event);
    }

    /**
     * A CloudEvent from structured JSON.
     *
     * @throws IllegalArgumentException when the bytes are not a valid structured CloudEvent
     */
    public static CloudEvent parse(byte[] json) {
        try {
            return FORMAT.deserialize(json);
        } catch (EventDeserializationException | IllegalStateException e) {
            throw new IllegalArgumentException(
                    "Not a structured JSON CloudEvent: " + e.getMessage(), e);
        }
    }

    /**
     * The data of {@code event} as a JSON tree.
     *
     * @throws IllegalArgumentException when the event has no data or the data is not JSON
     */
    public static JsonNode data(CloudEvent event) {
        CloudEventData data = event.getData();
        if (data == null) {
            throw new IllegalArgumentException("Event " + event.getId() + " has no data");
        }
        try {
            return MAPPER.readTree(data.toBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Data of event " + event.getId() + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static void putValue(ObjectNode node, String field, Object value) {
        if (value == null) {
            node.putNull(field);
        } else if (value instanceof BigDecimal) {
            node.put(field, (BigDecimal) value);
        } else if (value instanceof Integer || value instanceof Long) {
            node.put(field, ((Number) value).longValue());
        } else if (value instanceof Boolean) {
            node.put(field, (Boolean) value);
        } else {
            // Instants, dates and strings as ISO-8601 text.
            node.put(field, value.toString());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static byte[] bytes(JsonNode data) {
        try {
            return MAPPER.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write event data as JSON", e);
        }
    }
}
