package dev.pcw.jobs.hybrid;

/**
 * A record to fetch because Partner Central announced a change to it: a Flink POJO keyed by {@link
 * #key()} for deduplication.
 */
public final class FetchRequest {
    /** Catalog wire name: {@code AWS} or {@code Sandbox}. */
    public String catalog;

    /** The configured entity name: {@code opportunities} or {@code engagement_invitations}. */
    public String entity;

    /** The record's identifier. */
    public String id;

    /** The EventBridge event id that asked for it first. */
    public String eventId;

    /** When pcw read the first event asking for it (epoch millis). */
    public long receivedAtMillis;

    public FetchRequest() {}

    public FetchRequest(
            String catalog, String entity, String id, String eventId, long receivedAtMillis) {
        this.catalog = catalog;
        this.entity = entity;
        this.id = id;
        this.eventId = eventId;
        this.receivedAtMillis = receivedAtMillis;
    }

    /** {@code catalog|entity|id}. */
    public String key() {
        return catalog + "|" + entity + "|" + id;
    }

    @Override
    public String toString() {
        return key() + " (event " + eventId + ")";
    }
}
