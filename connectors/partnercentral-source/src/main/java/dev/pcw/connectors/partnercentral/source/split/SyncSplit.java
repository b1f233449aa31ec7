package dev.pcw.connectors.partnercentral.source.split;

import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One (catalog, entity) sync and its {@link SyncCursor}. Immutable; stored in state (the
 * enumerator's for unassigned splits, the reader's for assigned ones) through {@link
 * SyncSplitSerializer}. The split id is {@code catalog/entity}.
 */
public final class SyncSplit implements SourceSplit {
    private final String catalog;
    private final PartnerCentralEntity entity;
    private final SyncCursor cursor;

    public SyncSplit(String catalog, PartnerCentralEntity entity, SyncCursor cursor) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.entity = Objects.requireNonNull(entity, "entity");
        this.cursor = Objects.requireNonNull(cursor, "cursor");
    }

    public static String splitId(String catalog, PartnerCentralEntity entity) {
        return catalog + "/" + entity.configName();
    }

    @Override
    public String splitId() {
        return splitId(catalog, entity);
    }

    public String catalog() {
        return catalog;
    }

    public PartnerCentralEntity entity() {
        return entity;
    }

    public SyncCursor cursor() {
        return cursor;
    }

    public SyncSplit withCursor(SyncCursor next) {
        return new SyncSplit(catalog, entity, next);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SyncSplit)) {
            return false;
        }
        SyncSplit s = (SyncSplit) o;
        return catalog.equals(s.catalog) && entity == s.entity && cursor.equals(s.cursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(catalog, entity);
    }

    @Override
    public String toString() {
        return "SyncSplit{" + splitId() + ", " + cursor + "}";
    }
}
