package dev.pcw.schemas.events;

import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Partner Central entities that produce change events, with their silver table, watched fields
 * and event types.
 *
 * <p>Engagements ({@value SilverTables#ENGAGEMENTS_NAME}) produce no change events for now: no
 * consumer has asked for them and their contexts change shape often; {@link #forTable} returns null
 * for them.
 */
public enum ChangeEntity {
    OPPORTUNITY(
            "opportunity",
            SilverTables.OPPORTUNITIES,
            "last_modified_date",
            Arrays.asList("stage", "review_status", "target_close_date", "expected_revenue_usd"),
            Arrays.asList(
                    "id",
                    "catalog",
                    "stage",
                    "review_status",
                    "customer_company_name",
                    "expected_revenue_usd",
                    "last_modified_date"),
            EventTypes.OPPORTUNITY_CREATED,
            EventTypes.OPPORTUNITY_UPDATED,
            fieldEvents(
                    "stage",
                    EventTypes.OPPORTUNITY_STAGE_CHANGED,
                    "review_status",
                    EventTypes.OPPORTUNITY_REVIEW_STATUS_CHANGED)),
    SOLUTION(
            "solution",
            SilverTables.SOLUTIONS,
            null,
            Collections.singletonList("status"),
            Arrays.asList("id", "catalog", "name", "status", "category", "created_date"),
            EventTypes.SOLUTION_CREATED,
            EventTypes.SOLUTION_UPDATED,
            fieldEvents("status", EventTypes.SOLUTION_STATUS_CHANGED)),
    ENGAGEMENT_INVITATION(
            "engagement_invitation",
            SilverTables.ENGAGEMENT_INVITATIONS,
            null,
            Collections.singletonList("status"),
            Arrays.asList(
                    "id",
                    "catalog",
                    "payload_type",
                    "status",
                    "engagement_id",
                    "customer_company_name",
                    "expected_revenue_usd",
                    "invitation_date",
                    "expiration_date"),
            EventTypes.ENGAGEMENT_INVITATION_CREATED,
            EventTypes.ENGAGEMENT_INVITATION_UPDATED,
            fieldEvents("status", EventTypes.ENGAGEMENT_INVITATION_STATUS_CHANGED));

    private final String entityName;
    private final SilverTable table;
    private final String versionColumn;
    private final List<String> watchedFields;
    private final List<String> snapshotFields;
    private final List<String> trackedColumns;
    private final String createdType;
    private final String updatedType;
    private final Map<String, String> fieldChangedTypes;

    ChangeEntity(
            String entityName,
            SilverTable table,
            String versionColumn,
            List<String> watchedFields,
            List<String> snapshotFields,
            String createdType,
            String updatedType,
            Map<String, String> fieldChangedTypes) {
        this.entityName = entityName;
        this.table = table;
        this.versionColumn = versionColumn;
        this.watchedFields = Collections.unmodifiableList(new ArrayList<>(watchedFields));
        this.snapshotFields = Collections.unmodifiableList(new ArrayList<>(snapshotFields));
        List<String> tracked = new ArrayList<>();
        for (String column : table.columnNames()) {
            // The version column is the version key, not content: a touch without edits is no
            // change.
            if (!Canonical.BOOKKEEPING_COLUMNS.contains(column) && !column.equals(versionColumn)) {
                tracked.add(column);
            }
        }
        this.trackedColumns = Collections.unmodifiableList(tracked);
        this.createdType = createdType;
        this.updatedType = updatedType;
        this.fieldChangedTypes = Collections.unmodifiableMap(fieldChangedTypes);
    }

    private static Map<String, String> fieldEvents(String... fieldAndType) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldAndType.length; i += 2) {
            m.put(fieldAndType[i], fieldAndType[i + 1]);
        }
        return m;
    }

    /** The entity whose current-state table is {@code table}, or null when it emits no changes. */
    public static ChangeEntity forTable(String table) {
        for (ChangeEntity e : values()) {
            if (e.table.name().equals(table)) {
                return e;
            }
        }
        return null;
    }

    /** The entity name used in event types and data, for example {@code opportunity}. */
    public String entityName() {
        return entityName;
    }

    /** The silver current-state table this entity's rows belong to. */
    public SilverTable table() {
        return table;
    }

    /** The timestamp column that orders versions, or null when content hashes identify them. */
    public String versionColumn() {
        return versionColumn;
    }

    /** Fields whose old and new values are carried in {@code updated} events. */
    public List<String> watchedFields() {
        return watchedFields;
    }

    /** Fields copied into {@code created} events; key fields only, no personal data. */
    public List<String> snapshotFields() {
        return snapshotFields;
    }

    /** Columns that count as content: all but bookkeeping columns and the version column. */
    public List<String> trackedColumns() {
        return trackedColumns;
    }

    /** The {@code created} event type. */
    public String createdType() {
        return createdType;
    }

    /** The {@code updated} event type. */
    public String updatedType() {
        return updatedType;
    }

    /** Watched field → the event type emitted when that field alone is reported as changed. */
    public Map<String, String> fieldChangedTypes() {
        return fieldChangedTypes;
    }
}
