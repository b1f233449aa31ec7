package dev.pcw.schemas.normalize;

import dev.pcw.schemas.bronze.BronzeRecord;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link Normalizer} knows about a payload besides its JSON: the bronze envelope (run,
 * entity, catalog, operation, request id, fetch time), the time rows are written, and the payload
 * text verbatim for dead letters.
 */
public final class NormalizationContext {
    private final String runId;
    private final String entity;
    private final String catalog;
    private final String operation;
    private final String requestId;
    private final Instant fetchedAt;
    private final Instant updatedAt;
    private final String text;
    private final int payloadStart;
    private final int payloadEnd;

    /**
     * @param text the text that holds the payload
     * @param payloadStart where the payload starts in {@code text}
     * @param payloadEnd where it ends (exclusive): only dead letters cut it out
     */
    NormalizationContext(
            String runId,
            String entity,
            String catalog,
            String operation,
            String requestId,
            Instant fetchedAt,
            Instant updatedAt,
            String text,
            int payloadStart,
            int payloadEnd) {
        this.runId = runId;
        this.entity = entity;
        this.catalog = catalog;
        this.operation = operation;
        this.requestId = requestId;
        this.fetchedAt = fetchedAt;
        this.updatedAt = millis(Objects.requireNonNull(updatedAt, "updatedAt"));
        this.text = Objects.requireNonNull(text, "text");
        this.payloadStart = payloadStart;
        this.payloadEnd = payloadEnd;
    }

    /** The context of a bronze record, rows written at {@code updatedAt}. */
    public static NormalizationContext of(BronzeRecord record, Instant updatedAt) {
        return new NormalizationContext(
                record.runId(),
                record.entity(),
                record.catalog(),
                record.operation(),
                record.requestId(),
                record.fetchedAt(),
                updatedAt,
                record.payload(),
                0,
                record.payload().length());
    }

    private static Instant millis(Instant t) {
        // Silver timestamps have millisecond precision.
        return t.getNano() % 1_000_000 == 0 ? t : Instant.ofEpochMilli(t.toEpochMilli());
    }

    /** The ingestion run that fetched the payload; null only for a broken bronze line. */
    public String runId() {
        return runId;
    }

    /** The configured entity name ({@code opportunities}, …); null only for a broken line. */
    public String entity() {
        return entity;
    }

    /** The catalog the payload was fetched in ({@code AWS}, {@code Sandbox}). */
    public String catalog() {
        return catalog;
    }

    public String operation() {
        return operation;
    }

    /** AWS's request id; may be null. */
    public String requestId() {
        return requestId;
    }

    /** When pcw fetched the payload; may be null. */
    public Instant fetchedAt() {
        return fetchedAt;
    }

    /** When the rows are written ({@code updated_at}, dead letters' {@code at}), ms precision. */
    public Instant updatedAt() {
        return updatedAt;
    }

    /** The payload text exactly as bronze keeps it. */
    public String rawPayload() {
        return payloadStart == 0 && payloadEnd == text.length()
                ? text
                : text.substring(payloadStart, payloadEnd);
    }
}
