package dev.pcw.connectors.events;

import dev.pcw.schemas.events.ChangeEvents;
import io.cloudevents.CloudEvent;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One change event on its way out: the CloudEvent's attributes the sinks route by (id, type,
 * source, subject, time) and its structured JSON, which is what every sink delivers.
 */
public final class OutboundEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String type;
    private final String source;
    private final String subject;
    private final long timeMillis;
    private final String json;

    public OutboundEvent(
            String id, String type, String source, String subject, Instant time, String json) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.source = Objects.requireNonNull(source, "source");
        this.subject = subject;
        this.timeMillis = time == null ? 0 : time.toEpochMilli();
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The outbound form of a CloudEvent: its attributes and its structured JSON. */
    public static OutboundEvent of(CloudEvent event) {
        return new OutboundEvent(
                event.getId(),
                event.getType(),
                event.getSource().toString(),
                event.getSubject(),
                event.getTime() == null ? null : event.getTime().toInstant(),
                new String(ChangeEvents.toJson(event), StandardCharsets.UTF_8));
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public String source() {
        return source;
    }

    /** The record id (Kinesis partition key: one record's events stay in order); may be null. */
    public String subject() {
        return subject;
    }

    /** The event's time, or null when it has none. */
    public Instant time() {
        return timeMillis == 0 ? null : Instant.ofEpochMilli(timeMillis);
    }

    /** The CloudEvent in structured JSON. */
    public String json() {
        return json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboundEvent
                && id.equals(((OutboundEvent) o).id)
                && json.equals(((OutboundEvent) o).json);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return type + " " + subject + " (" + id + ")";
    }
}
