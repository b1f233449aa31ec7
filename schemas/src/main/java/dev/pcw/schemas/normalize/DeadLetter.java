package dev.pcw.schemas.normalize;

import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.time.Instant;
import java.util.Objects;

/**
 * A payload that could not become silver rows, kept verbatim with a reason precise enough to act
 * on; one row of {@code dead_letters}.
 */
public final class DeadLetter {
    /** The {@code source} of dead letters from Partner Central payloads. */
    public static final String SOURCE_PARTNER_CENTRAL = "partnercentral";

    private final String source;
    private final String entity;
    private final String catalog;
    private final String operation;
    private final String recordId;
    private final DeadLetterReason code;
    private final String reason;
    private final String rawPayload;
    private final String runId;
    private final String requestId;
    private final Instant fetchedAt;
    private final Instant at;

    /**
     * @param source what produced the payload ({@link #SOURCE_PARTNER_CENTRAL}, …)
     * @param entity may be null when the bronze line itself is broken; so may {@code catalog},
     *     {@code operation}, {@code runId}
     * @param recordId the record's id when it could be read, else null
     * @param requestId may be null
     * @param fetchedAt may be null
     * @param at when the dead letter was produced
     */
    public DeadLetter(
            String source,
            String entity,
            String catalog,
            String operation,
            String recordId,
            DeadLetterReason code,
            String reason,
            String rawPayload,
            String runId,
            String requestId,
            Instant fetchedAt,
            Instant at) {
        this.source = Objects.requireNonNull(source, "source");
        this.entity = entity;
        this.catalog = catalog;
        this.operation = operation;
        this.recordId = recordId;
        this.code = Objects.requireNonNull(code, "code");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.rawPayload = Objects.requireNonNull(rawPayload, "rawPayload");
        this.runId = runId;
        this.requestId = requestId;
        this.fetchedAt = fetchedAt;
        this.at = Instant.ofEpochMilli(Objects.requireNonNull(at, "at").toEpochMilli());
    }

    /** A dead letter of the payload {@code context} describes. */
    static DeadLetter of(
            NormalizationContext context, DeadLetterReason code, String reason, String recordId) {
        return new DeadLetter(
                SOURCE_PARTNER_CENTRAL,
                context.entity(),
                context.catalog(),
                context.operation(),
                recordId,
                code,
                reason,
                context.rawPayload(),
                context.runId(),
                context.requestId(),
                context.fetchedAt(),
                context.updatedAt());
    }

    public String source() {
        return source;
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

    /** The record's id when it could be read, else null. */
    public String recordId() {
        return recordId;
    }

    public DeadLetterReason code() {
        return code;
    }

    /** What is wrong, for example {@code missing required member Id}. */
    public String reason() {
        return reason;
    }

    /** The payload exactly as bronze keeps it. */
    public String rawPayload() {
        return rawPayload;
    }

    public String runId() {
        return runId;
    }

    public String requestId() {
        return requestId;
    }

    public Instant fetchedAt() {
        return fetchedAt;
    }

    public Instant at() {
        return at;
    }

    /** This dead letter as a row of {@code dead_letters}, its payload whole. */
    public SilverRow toRow() {
        return toRow(false);
    }

    /**
     * This dead letter as a row of {@code dead_letters}.
     *
     * @param redactPayload keep the payload {@linkplain PayloadRedaction redacted} ({@code
     *     dead_letters.payload: redacted}); bronze keeps it whole
     */
    public SilverRow toRow(boolean redactPayload) {
        return SilverRow.builder(SilverTables.DEAD_LETTERS)
                .set("source", source)
                .set("entity", entity)
                .set("catalog", catalog)
                .set("operation", operation)
                .set("record_id", recordId)
                .set("reason_code", code.name())
                .set("reason", reason)
                .set(
                        "raw_payload",
                        redactPayload ? PayloadRedaction.redact(rawPayload, operation) : rawPayload)
                .set("run_id", runId)
                .set("request_id", requestId)
                .set(
                        "fetched_at",
                        fetchedAt == null ? null : Instant.ofEpochMilli(fetchedAt.toEpochMilli()))
                .set("at", at)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter d = (DeadLetter) o;
        return source.equals(d.source)
                && Objects.equals(entity, d.entity)
                && Objects.equals(catalog, d.catalog)
                && Objects.equals(operation, d.operation)
                && Objects.equals(recordId, d.recordId)
                && code == d.code
                && reason.equals(d.reason)
                && rawPayload.equals(d.rawPayload)
                && Objects.equals(runId, d.runId)
                && Objects.equals(requestId, d.requestId)
                && Objects.equals(fetchedAt, d.fetchedAt)
                && at.equals(d.at);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entity, catalog, recordId, code, reason, runId);
    }

    @Override
    public String toString() {
        // The reason names members and short values only; the payload stays out of logs.
        return "DeadLetter{"
                + catalog
                + "/"
                + entity
                + " "
                + operation
                + " "
                + (recordId == null ? "(no id)" : recordId)
                + " "
                + code
                + ": "
                + reason
                + "}";
    }
}
