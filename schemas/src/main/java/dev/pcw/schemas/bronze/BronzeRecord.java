package dev.pcw.schemas.bronze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One API response item as bronze keeps it: an envelope (run id, entity, catalog, operation,
 * request id, fetched_at) around the payload exactly as Partner Central sent it. One JSON line per
 * record in {@code bronze/partnercentral/{entity}/…}; the replay source.
 *
 * <p>A payload that is JSON is embedded as is under {@code payload}; one that is not (a truncated
 * response) is kept verbatim as a string under {@code payload_raw}, so nothing is lost and the line
 * stays one valid JSON object.
 */
public final class BronzeRecord implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The operation of a run-end marker: not an API response but the source's note that a run
     * finished, with its counters as the payload. Markers travel with the records so that
     * downstream operators see the run end in order (for {@code pcw.connector.run.completed}); they
     * never reach bronze.
     */
    public static final String RUN_COMPLETED_OPERATION = "pcw:RunCompleted";

    /**
     * The operation of a line a replay could not read back as a bronze record (see {@link
     * #unreadableLine}): the whole line is its payload, and it becomes a dead letter ({@code
     * INVALID_ENVELOPE}) with what is wrong with it.
     */
    public static final String UNREADABLE_LINE_OPERATION = "pcw:UnreadableBronzeLine";

    private final String runId;
    private final String entity;
    private final String catalog;
    private final String operation;
    private final String requestId;
    private final long fetchedAtMillis;
    private final String payload;
    private final boolean payloadIsJson;

    /**
     * @param entity the configured entity name ({@code opportunities}, …)
     * @param payload the payload text as received
     * @param payloadIsJson whether {@code payload} parses as JSON
     */
    public BronzeRecord(
            String runId,
            String entity,
            String catalog,
            String operation,
            String requestId,
            Instant fetchedAt,
            String payload,
            boolean payloadIsJson) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.entity = Objects.requireNonNull(entity, "entity");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.requestId = requestId;
        this.fetchedAtMillis = fetchedAt.toEpochMilli();
        this.payload = Objects.requireNonNull(payload, "payload");
        this.payloadIsJson = payloadIsJson;
    }

    public String runId() {
        return runId;
    }

    public String entity() {
        return entity;
    }

    public String catalog() {
        return catalog;
    }

    public String operation() {
        return operation;
    }

    /** AWS's request id of the call that returned the payload; may be null. */
    public String requestId() {
        return requestId;
    }

    public Instant fetchedAt() {
        return Instant.ofEpochMilli(fetchedAtMillis);
    }

    /** The payload text exactly as received. */
    public String payload() {
        return payload;
    }

    public boolean payloadIsJson() {
        return payloadIsJson;
    }

    /** True for a run-end marker ({@link #RUN_COMPLETED_OPERATION}), false for API responses. */
    public boolean isRunCompleted() {
        return RUN_COMPLETED_OPERATION.equals(operation);
    }

    /** The bronze line (no trailing newline). */
    public String toJsonLine() {
        StringBuilder sb = new StringBuilder(payload.length() + 256);
        sb.append("{\"run_id\":").append(quote(runId));
        sb.append(",\"entity\":").append(quote(entity));
        sb.append(",\"catalog\":").append(quote(catalog));
        sb.append(",\"operation\":").append(quote(operation));
        sb.append(",\"request_id\":").append(requestId == null ? "null" : quote(requestId));
        sb.append(",\"fetched_at\":").append(quote(fetchedAt().toString()));
        if (payloadIsJson) {
            // Embedded byte for byte: member order, numbers and unknown members as sent.
            sb.append(",\"payload\":").append(payload);
        } else {
            sb.append(",\"payload_raw\":").append(quote(payload));
        }
        return sb.append('}').toString();
    }

    public byte[] toJsonLineBytes() {
        return toJsonLine().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a bronze line back.
     *
     * @throws IllegalArgumentException saying what is wrong with the line
     */
    public static BronzeRecord parse(String line) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "bronze line is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("bronze line is not a JSON object");
        }
        for (String field :
                new String[] {"run_id", "entity", "catalog", "operation", "fetched_at"}) {
            if (!n.path(field).isTextual()) {
                throw new IllegalArgumentException("bronze line has no " + field);
            }
        }
        boolean json = n.has("payload");
        if (!json && !n.path("payload_raw").isTextual()) {
            throw new IllegalArgumentException("bronze line has neither payload nor payload_raw");
        }
        return new BronzeRecord(
                n.get("run_id").asText(),
                n.get("entity").asText(),
                n.get("catalog").asText(),
                n.get("operation").asText(),
                n.path("request_id").isTextual() ? n.get("request_id").asText() : null,
                Instant.parse(n.get("fetched_at").asText()),
                json ? n.get("payload").toString() : n.get("payload_raw").asText(),
                json);
    }

    /**
     * A bronze line that {@link #parse} refused, carried to the normalizer as it is; {@code seenAt}
     * (when the replay read it) stands in for the fetch time it does not give.
     */
    public static BronzeRecord unreadableLine(String line, Instant seenAt) {
        return new BronzeRecord(
                "unknown",
                "unknown",
                "unknown",
                UNREADABLE_LINE_OPERATION,
                null,
                seenAt,
                line,
                false);
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BronzeRecord)) {
            return false;
        }
        BronzeRecord r = (BronzeRecord) o;
        return fetchedAtMillis == r.fetchedAtMillis
                && payloadIsJson == r.payloadIsJson
                && runId.equals(r.runId)
                && entity.equals(r.entity)
                && catalog.equals(r.catalog)
                && operation.equals(r.operation)
                && Objects.equals(requestId, r.requestId)
                && payload.equals(r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, entity, catalog, operation, requestId, payload);
    }

    @Override
    public String toString() {
        // Payloads hold personal data: never in logs.
        return "BronzeRecord{" + catalog + "/" + entity + " " + operation + " run " + runId + "}";
    }
}
