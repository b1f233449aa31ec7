package dev.pcw.connectors.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code api_usage} table: Partner Central calls per connector, API ({@link #READ}, {@link
 * #WRITE}) and UTC minute. Jobs add what their clients called and start their quota governors from
 * the last 24 hours of it, so that the daily budget holds across restarts and jobs. Adding is one
 * upsert per minute that increments, so several jobs and subtasks may add at once.
 */
public final class ApiUsage {
    public static final String READ = "read";
    public static final String WRITE = "write";

    /** Rows older than this are deleted when usage is added. */
    static final Duration KEPT = Duration.ofDays(2);

    private final MetadataDb db;
    private final Clock clock;

    public ApiUsage(MetadataDb db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds {@code callsPerMinute} (epoch minute → calls) to the connector's usage of {@code api}.
     */
    public void add(String connectorId, String api, Map<Long, Long> callsPerMinute) {
        Connectors.requireText("connectorId", connectorId);
        Connectors.requireText("api", api);
        if (callsPerMinute.isEmpty()) {
            return;
        }
        long oldest = clock.millis() / 60_000 - KEPT.toMinutes();
        db.write(
                "Recording " + api + " API usage",
                c -> {
                    try (PreparedStatement up =
                            c.prepareStatement(
                                    "INSERT INTO api_usage (connector_id, api, minute, calls)"
                                            + " VALUES (?, ?, ?, ?) ON CONFLICT (connector_id,"
                                            + " api, minute) DO UPDATE SET calls = api_usage.calls"
                                            + " + excluded.calls")) {
                        for (Map.Entry<Long, Long> e : callsPerMinute.entrySet()) {
                            if (e.getValue() <= 0) {
                                continue;
                            }
                            up.setString(1, connectorId);
                            up.setString(2, api);
                            up.setLong(3, e.getKey());
                            up.setLong(4, e.getValue());
                            up.addBatch();
                        }
                        up.executeBatch();
                    }
                    try (PreparedStatement prune =
                            c.prepareStatement(
                                    "DELETE FROM api_usage WHERE connector_id = ? AND api = ?"
                                            + " AND minute < ?")) {
                        prune.setString(1, connectorId);
                        prune.setString(2, api);
                        prune.setLong(3, oldest);
                        prune.executeUpdate();
                    }
                    return null;
                });
    }

    /** The connector's calls of {@code api} per epoch minute, over the last {@code window}. */
    public NavigableMap<Long, Long> since(String connectorId, String api, Duration window) {
        Connectors.requireText("connectorId", connectorId);
        long from = (clock.millis() - window.toMillis()) / 60_000;
        return db.read(
                "Reading " + api + " API usage",
                c -> {
                    NavigableMap<Long, Long> out = new TreeMap<>();
                    try (PreparedStatement q =
                            c.prepareStatement(
                                    "SELECT minute, calls FROM api_usage WHERE connector_id = ?"
                                            + " AND api = ? AND minute >= ? ORDER BY minute")) {
                        q.setString(1, connectorId);
                        q.setString(2, api);
                        q.setLong(3, from);
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                out.put(rs.getLong(1), rs.getLong(2));
                            }
                        }
                    }
                    return out;
                });
    }
}
