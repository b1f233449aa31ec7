package dev.pcw.connectors.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code record_fingerprints} table: per (catalog, entity), the fingerprint of each record as
 * the newest finished run listed it, for entities the API cannot filter by change. A new bounded
 * job starts from them, so it fetches only what changed.
 */
public final class RecordFingerprints {
    /** Rows per INSERT batch. */
    private static final int BATCH = 500;

    private final MetadataDb db;

    public RecordFingerprints(MetadataDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Replaces the fingerprints of (catalog, entity) with {@code fingerprints} (record id →
     * fingerprint), in one transaction.
     */
    public void replace(
            String connectorId,
            String catalog,
            String entity,
            String runId,
            Map<String, String> fingerprints) {
        Objects.requireNonNull(connectorId, "connectorId");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(runId, "runId");
        db.write(
                "Replacing the fingerprints of " + catalog + "/" + entity,
                c -> {
                    try (PreparedStatement delete =
                            c.prepareStatement(
                                    "DELETE FROM record_fingerprints"
                                            + " WHERE connector_id = ? AND catalog = ? AND entity = ?")) {
                        delete.setString(1, connectorId);
                        delete.setString(2, catalog);
                        delete.setString(3, entity);
                        delete.executeUpdate();
                    }
                    try (PreparedStatement insert =
                            c.prepareStatement(
                                    "INSERT INTO record_fingerprints (connector_id, catalog,"
                                            + " entity, record_id, fingerprint, run_id)"
                                            + " VALUES (?, ?, ?, ?, ?, ?)")) {
                        int pending = 0;
                        for (Map.Entry<String, String> e : fingerprints.entrySet()) {
                            insert.setString(1, connectorId);
                            insert.setString(2, catalog);
                            insert.setString(3, entity);
                            insert.setString(4, e.getKey());
                            insert.setString(5, e.getValue());
                            insert.setString(6, runId);
                            insert.addBatch();
                            if (++pending == BATCH) {
                                insert.executeBatch();
                                pending = 0;
                            }
                        }
                        if (pending > 0) {
                            insert.executeBatch();
                        }
                    }
                    return null;
                });
    }

    /**
     * Every stored fingerprint of the connector: {@code catalog/entity} → record id → fingerprint.
     */
    public Map<String, Map<String, String>> load(String connectorId) {
        Objects.requireNonNull(connectorId, "connectorId");
        return db.read(
                "Reading the record fingerprints",
                c -> {
                    Map<String, Map<String, String>> out = new TreeMap<>();
                    try (PreparedStatement select =
                            c.prepareStatement(
                                    "SELECT catalog, entity, record_id, fingerprint"
                                            + " FROM record_fingerprints WHERE connector_id = ?")) {
                        select.setString(1, connectorId);
                        try (ResultSet rs = select.executeQuery()) {
                            while (rs.next()) {
                                out.computeIfAbsent(
                                                rs.getString(1) + "/" + rs.getString(2),
                                                k -> new TreeMap<>())
                                        .put(rs.getString(3), rs.getString(4));
                            }
                        }
                    }
                    out.replaceAll((k, v) -> Collections.unmodifiableMap(v));
                    return Collections.unmodifiableMap(out);
                });
    }
}
