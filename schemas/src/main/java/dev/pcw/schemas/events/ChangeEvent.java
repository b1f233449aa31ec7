package dev.pcw.schemas.events;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One typed change of one Partner Central record, before it becomes a CloudEvent through {@link
 * ChangeEvents#toCloudEvent}.
 *
 * <p>{@code changedFields} is set for {@code updated} events, {@code changes} holds watched fields'
 * old and new values ({@code updated} and {@code *_changed} events), {@code snapshot} holds the
 * entity's {@link ChangeEntity#snapshotFields()} ({@code created} events). Immutable.
 */
public final class ChangeEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final ChangeEntity entity;
    private final String catalog;
    private final String recordId;
    private final String versionKey;
    private final Instant time;
    private final List<String> changedFields;
    private final Map<String, FieldChange> changes;
    private final Map<String, Object> snapshot;

    /**
     * A change event; {@code time} may be null, the collections are copied.
     *
     * @throws NullPointerException when type, entity, catalog, record id or version key is null
     */
    public ChangeEvent(
            String type,
            ChangeEntity entity,
            String catalog,
            String recordId,
            String versionKey,
            Instant time,
            List<String> changedFields,
            Map<String, FieldChange> changes,
            Map<String, Object> snapshot) {
        this.type = Objects.requireNonNull(type, "type");
        this.entity = Objects.requireNonNull(entity, "entity");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.recordId = Objects.requireNonNull(recordId, "recordId");
        this.versionKey = Objects.requireNonNull(versionKey, "versionKey");
        this.time = time;
        this.changedFields = Collections.unmodifiableList(new ArrayList<>(changedFields));
        this.changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        this.snapshot = Collections.unmodifiableMap(new LinkedHashMap<>(snapshot));
    }

    /** The CloudEvents type, one of {@link EventTypes}. */
    public String type() {
        return type;
    }

    /** The entity the record belongs to. */
    public ChangeEntity entity() {
        return entity;
    }

    /** The Partner Central catalog, {@code AWS} or {@code Sandbox}. */
    public String catalog() {
        return catalog;
    }

    /** The record id, used as the CloudEvents subject. */
    public String recordId() {
        return recordId;
    }

    /** The version key of the new version, as in {@link RecordState#versionKeyText()}. */
    public String versionKey() {
        return versionKey;
    }

    /** When the change happened: last_modified_date, else fetched_at, else updated_at; or null. */
    public Instant time() {
        return time;
    }

    /** Names of the changed columns, in table order (empty unless {@code updated}). */
    public List<String> changedFields() {
        return changedFields;
    }

    /** Watched field → old and new values, in watched-field order. */
    public Map<String, FieldChange> changes() {
        return changes;
    }

    /** Key fields of the new record (empty unless {@code created}). */
    public Map<String, Object> snapshot() {
        return snapshot;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChangeEvent)) {
            return false;
        }
        ChangeEvent e = (ChangeEvent) o;
        return type.equals(e.type)
                && entity == e.entity
                && catalog.equals(e.catalog)
                && recordId.equals(e.recordId)
                && versionKey.equals(e.versionKey)
                && Objects.equals(time, e.time)
                && changedFields.equals(e.changedFields)
                && changes.equals(e.changes)
                && snapshot.equals(e.snapshot);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, catalog, recordId, versionKey);
    }

    @Override
    public String toString() {
        return "ChangeEvent{" + type + " " + catalog + "/" + recordId + "@" + versionKey + "}";
    }
}
