package dev.pcw.connectors.partnercentral.source;

import java.io.Serializable;
import java.util.Objects;

/** A manual sync request a running job is asked to carry out: one pass of one entity. */
public final class SyncRequest implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String id;
    public final String catalog;

    /** The entity's configuration name, e.g. {@code opportunities}. */
    public final String entity;

    /** A full pass (watermark and fingerprints set aside) rather than an incremental one. */
    public final boolean full;

    public SyncRequest(String id, String catalog, String entity, boolean full) {
        this.id = Objects.requireNonNull(id, "id");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.entity = Objects.requireNonNull(entity, "entity");
        this.full = full;
    }

    @Override
    public String toString() {
        return "sync request " + id + " (" + catalog + "/" + entity + (full ? ", full)" : ")");
    }
}
