package dev.pcw.schemas.events;

import dev.pcw.schemas.silver.SilverRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns each new version of a record into typed change events, given the small {@link RecordState}
 * kept for that record's key (catalog, entity, id).
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>No previous state: one {@code created} event.
 *   <li>Timestamp-versioned entities (opportunities): a version key equal to or older than the
 *       previous one (restart, overlapping window, replay) produces nothing and keeps the previous
 *       state.
 *   <li>Same content hash: nothing; the state keeps its content but remembers a newer timestamp
 *       version key, so that a later replay of the intermediate version is still ignored.
 *   <li>Otherwise one {@code updated} event with the changed column names and the watched fields'
 *       old and new values, followed by one {@code stage_changed}, {@code review_status_changed} or
 *       {@code status_changed} event per such field that changed.
 * </ol>
 *
 * <p>Solutions and engagement invitations carry no modification timestamp, so their version key is
 * the content hash and older versions cannot be told from newer ones: a replay of old content after
 * newer content is reported as an update. Their event ids also carry the state's change sequence
 * ({@link RecordState#sequence()}), so that content seen before makes events with ids of their own.
 * Engagements produce no events for now (see {@link ChangeEntity}). Stateless and thread-safe.
 */
public final class ChangeDetector {

    /** Whether rows of {@code table} produce change events. */
    public boolean supports(String table) {
        return ChangeEntity.forTable(table) != null;
    }

    /**
     * The changes from {@code previous} (null for a record never seen) to {@code current}, and the
     * state to keep.
     *
     * @throws IllegalArgumentException when the row's table produces no change events
     */
    public Detection detect(RecordState previous, SilverRow current) {
        Objects.requireNonNull(current, "current");
        ChangeEntity entity = ChangeEntity.forTable(current.table());
        if (entity == null) {
            throw new IllegalArgumentException(
                    "Rows of table "
                            + current.table()
                            + " produce no change events ("
                            + current
                            + "); call ChangeDetector.supports first");
        }
        RecordState next = RecordState.of(entity, current);
        if (previous == null) {
            return new Detection(Collections.singletonList(created(entity, current, next)), next);
        }
        if (previous.timestampVersion() && next.timestampVersion()) {
            if (next.versionKey() <= previous.versionKey()) {
                return new Detection(Collections.emptyList(), previous);
            }
            if (next.contentHash() == previous.contentHash()) {
                return new Detection(
                        Collections.emptyList(), previous.withVersionKey(next.versionKey()));
            }
        } else if (next.contentHash() == previous.contentHash()) {
            return new Detection(Collections.emptyList(), previous);
        }
        // A change of its own: a content-hash version's event ids differ even for content seen
        // before (Draft, Active, Draft, Active).
        if (!next.timestampVersion()) {
            next = next.withSequence(previous.sequence() + 1);
        }
        return new Detection(updated(entity, current, previous, next), next);
    }

    private static ChangeEvent created(ChangeEntity entity, SilverRow row, RecordState next) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        for (String field : entity.snapshotFields()) {
            snapshot.put(field, row.get(field));
        }
        return event(
                entity.createdType(),
                entity,
                row,
                next,
                Collections.emptyList(),
                Collections.emptyMap(),
                snapshot);
    }

    private static List<ChangeEvent> updated(
            ChangeEntity entity, SilverRow row, RecordState previous, RecordState next) {
        int[] oldHashes = previous.columnHashes();
        int[] newHashes = next.columnHashes();
        List<String> columns = entity.trackedColumns();
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        for (String field : entity.watchedFields()) {
            String oldValue = previous.watched().get(field);
            String newValue = next.watched().get(field);
            if (!Objects.equals(oldValue, newValue)) {
                changes.put(field, new FieldChange(oldValue, newValue));
            }
        }
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            // A state written before a column was added has fewer hashes: the new column counts
            // as changed once.
            boolean differs = i >= oldHashes.length || oldHashes[i] != newHashes[i];
            if (differs || changes.containsKey(columns.get(i))) {
                changed.add(columns.get(i));
            }
        }
        List<ChangeEvent> events = new ArrayList<>();
        events.add(
                event(
                        entity.updatedType(),
                        entity,
                        row,
                        next,
                        changed,
                        changes,
                        Collections.emptyMap()));
        for (Map.Entry<String, String> e : entity.fieldChangedTypes().entrySet()) {
            FieldChange change = changes.get(e.getKey());
            if (change != null) {
                events.add(
                        event(
                                e.getValue(),
                                entity,
                                row,
                                next,
                                Collections.emptyList(),
                                Collections.singletonMap(e.getKey(), change),
                                Collections.emptyMap()));
            }
        }
        return events;
    }

    private static ChangeEvent event(
            String type,
            ChangeEntity entity,
            SilverRow row,
            RecordState next,
            List<String> changedFields,
            Map<String, FieldChange> changes,
            Map<String, Object> snapshot) {
        return new ChangeEvent(
                type,
                entity,
                requireText(row, "catalog"),
                requireText(row, "id"),
                next.versionKeyText(),
                eventTime(entity, row),
                changedFields,
                changes,
                snapshot);
    }

    /** The record's modification time, else when pcw fetched it, else when pcw wrote it. */
    static Instant eventTime(ChangeEntity entity, SilverRow row) {
        String[] candidates = {entity.versionColumn(), "fetched_at", "updated_at"};
        for (String column : candidates) {
            Object value = column == null ? null : row.get(column);
            if (value instanceof Instant) {
                return (Instant) value;
            }
        }
        return null;
    }

    private static String requireText(SilverRow row, String column) {
        Object value = row.get(column);
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw new IllegalArgumentException(
                    "Row " + row + " has no " + column + "; change events need catalog and id");
        }
        return (String) value;
    }

    /** The changes found for one new version and the state to keep for its key. */
    public static final class Detection {
        private final List<ChangeEvent> changes;
        private final RecordState next;

        Detection(List<ChangeEvent> changes, RecordState next) {
            this.changes = Collections.unmodifiableList(new ArrayList<>(changes));
            this.next = next;
        }

        /** The changes to emit, in order (empty when the version was already seen). */
        public List<ChangeEvent> changes() {
            return changes;
        }

        /** The state to store for the record's key. */
        public RecordState next() {
            return next;
        }
    }
}
