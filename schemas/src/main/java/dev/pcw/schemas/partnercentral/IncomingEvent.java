package dev.pcw.schemas.partnercentral;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.normalize.DeadLetter;
import dev.pcw.schemas.normalize.DeadLetterReason;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One record read from the stream that carries Partner Central's EventBridge events (hybrid and
 * streaming modes), sorted into what pcw does with it:
 *
 * <ul>
 *   <li>{@link Kind#FETCH}: an opportunity or engagement invitation event with an identifier; the
 *       record is fetched (once per dedupe window) and takes the usual bronze → silver → change
 *       events path.
 *   <li>{@link Kind#UNKNOWN_TYPE}: a valid Partner Central event about something pcw does not fetch
 *       on events (engagements, resource snapshots, types added later); kept in bronze and counted.
 *   <li>{@link Kind#BAD}: not JSON, another source, or no detail-type, catalog or identifier; kept
 *       in bronze, counted, and a dead letter with the reason. Never fatal.
 * </ul>
 *
 * Every record, whatever its kind, lands in bronze under the entity {@value #BRONZE_ENTITY} ({@link
 * #toBronze}), so what Partner Central sent can always be looked at and replayed.
 */
public final class IncomingEvent {
    /** The bronze entity (folder) of received Partner Central events. */
    public static final String BRONZE_ENTITY = "events";

    /** The bronze operation of a received Partner Central event. */
    public static final String BRONZE_OPERATION = "pcw:PartnerCentralEvent";

    /** The dead-letter {@code source} of bad events. */
    public static final String DEAD_LETTER_SOURCE = "partnercentral-events";

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    /** What pcw does with an incoming record. */
    public enum Kind {
        FETCH,
        UNKNOWN_TYPE,
        BAD
    }

    private final Kind kind;
    private final String raw;
    private final PartnerCentralEvent event;
    private final PartnerCentralEntity entity;
    private final Catalog catalog;
    private final String reason;

    private IncomingEvent(
            Kind kind,
            String raw,
            PartnerCentralEvent event,
            PartnerCentralEntity entity,
            Catalog catalog,
            String reason) {
        this.kind = kind;
        this.catalog = catalog;
        this.raw = raw;
        this.event = event;
        this.entity = entity;
        this.reason = reason;
    }

    /** Sorts one record of the events stream (its bytes as UTF-8 text). */
    public static IncomingEvent classify(String raw) {
        Objects.requireNonNull(raw, "raw");
        PartnerCentralEvent e;
        try {
            e = PartnerCentralEvent.parse(raw);
        } catch (IllegalArgumentException ex) {
            return new IncomingEvent(Kind.BAD, raw, null, null, null, ex.getMessage());
        }
        if (e.entityKey() == null) {
            return new IncomingEvent(Kind.UNKNOWN_TYPE, raw, e, null, null, null);
        }
        if (e.identifier() == null || e.identifier().isEmpty()) {
            return new IncomingEvent(
                    Kind.BAD,
                    raw,
                    e,
                    null,
                    null,
                    "event '"
                            + e.detailType()
                            + "' has no detail."
                            + e.entityKey()
                            + ".identifier");
        }
        Catalog catalog;
        try {
            catalog = Catalog.parse(e.catalog());
        } catch (IllegalArgumentException ex) {
            return new IncomingEvent(Kind.BAD, raw, e, null, null, ex.getMessage());
        }
        PartnerCentralEntity entity =
                e.entityKey().equals("opportunity")
                        ? PartnerCentralEntity.OPPORTUNITIES
                        : PartnerCentralEntity.ENGAGEMENT_INVITATIONS;
        return new IncomingEvent(Kind.FETCH, raw, e, entity, catalog, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The parsed event; null when {@link #kind()} is BAD because it could not be read. */
    public PartnerCentralEvent event() {
        return event;
    }

    /** The entity to fetch; non-null only for {@link Kind#FETCH}. */
    public PartnerCentralEntity entity() {
        return entity;
    }

    /** The catalog of the record to fetch; non-null only for {@link Kind#FETCH}. */
    public Catalog catalog() {
        return catalog;
    }

    /** Why the record is BAD; null otherwise. */
    public String reason() {
        return reason;
    }

    /**
     * The record as bronze keeps it: entity {@value #BRONZE_ENTITY}, run id {@code events-yyyyMMdd}
     * (UTC day of receipt), the event text untouched.
     */
    public BronzeRecord toBronze(Instant receivedAt) {
        String catalog =
                event != null && event.catalog() != null && !event.catalog().isEmpty()
                        ? event.catalog()
                        : "unknown";
        // Embedded as JSON only when the whole text is one JSON value; else kept as a string.
        boolean json = isJson(raw);
        return new BronzeRecord(
                runId(receivedAt),
                BRONZE_ENTITY,
                catalog,
                BRONZE_OPERATION,
                event == null ? null : event.id(),
                receivedAt,
                raw,
                json);
    }

    /** The run id that event-driven records of the day of {@code at} carry. */
    public static String runId(Instant at) {
        return "events-" + DAY.format(at);
    }

    /** The dead letter of a BAD record (null for other kinds). */
    public DeadLetter deadLetter(Instant receivedAt, Instant at) {
        if (kind != Kind.BAD) {
            return null;
        }
        return new DeadLetter(
                DEAD_LETTER_SOURCE,
                BRONZE_ENTITY,
                event == null ? null : event.catalog(),
                BRONZE_OPERATION,
                event == null ? null : event.identifier(),
                DeadLetterReason.INVALID_EVENT,
                reason,
                raw,
                runId(receivedAt),
                event == null ? null : event.id(),
                receivedAt,
                at);
    }

    private static boolean isJson(String s) {
        try {
            return STRICT.readTree(s) != null && !s.isBlank();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public String toString() {
        return kind + (event == null ? "" : " " + event) + (reason == null ? "" : ": " + reason);
    }
}
