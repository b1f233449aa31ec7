package dev.pcw.connectors.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Manual sync requests ({@code sync_requests}): recorded by the sidecar ({@code POST /sync}), seen
 * by a running ingest job, which starts a pass of the entity and links the request to that pass's
 * run ({@link #link}). A request stays {@code pending} until a pass starts after it, so a job that
 * dies before starting it leaves it to the next job; once linked, the run's status is the request's
 * outcome.
 */
public final class SyncRequests {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";

    private final MetadataDb db;
    private final Clock clock;

    public SyncRequests(MetadataDb db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One request, with its run's status once linked. */
    public static final class Request {
        public final String id;
        @Nullable public final String catalog;
        public final String entity;
        public final String mode;
        public final String requestedBy;
        public final String status;
        public final Instant requestedAt;
        @Nullable public final Instant startedAt;
        @Nullable public final String runId;

        /** The linked run's status (RUNNING, SUCCEEDED, FAILED); null while pending. */
        @Nullable public final String runStatus;

        Request(
                String id,
                String catalog,
                String entity,
                String mode,
                String requestedBy,
                String status,
                Instant requestedAt,
                Instant startedAt,
                String runId,
                String runStatus) {
            this.id = id;
            this.catalog = catalog;
            this.entity = entity;
            this.mode = mode;
            this.requestedBy = requestedBy;
            this.status = status;
            this.requestedAt = requestedAt;
            this.startedAt = startedAt;
            this.runId = runId;
            this.runStatus = runStatus;
        }
    }

    /**
     * Records a request.
     *
     * @param catalog the catalog, or null for every configured one
     * @param mode {@code full} or {@code incremental}
     * @return its id
     */
    public String create(
            String connectorId,
            @Nullable String catalog,
            String entity,
            String mode,
            String requestedBy,
            @Nullable String requestId) {
        Connectors.requireText("connectorId", connectorId);
        Connectors.requireText("entity", entity);
        Connectors.requireText("requestedBy", requestedBy);
        if (!mode.equals("full") && !mode.equals("incremental")) {
            throw new IllegalArgumentException("mode is '" + mode + "': full or incremental");
        }
        String id = UUID.randomUUID().toString();
        String now = Timestamps.format(clock.instant());
        db.write(
                "Recording a sync request",
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "INSERT INTO sync_requests (id, connector_id, entity, mode,"
                                            + " requested_by, status, requested_at, catalog,"
                                            + " request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        s.setString(1, id);
                        s.setString(2, connectorId);
                        s.setString(3, entity);
                        s.setString(4, mode);
                        s.setString(5, requestedBy);
                        s.setString(6, PENDING);
                        s.setString(7, now);
                        s.setString(8, catalog);
                        s.setString(9, requestId);
                        s.executeUpdate();
                    }
                    return null;
                });
        return id;
    }

    /** The pending requests of a connector, oldest first. */
    public List<Request> pending(String connectorId) {
        return select(
                "WHERE r.connector_id = ? AND r.status = 'pending' ORDER BY r.requested_at",
                connectorId,
                1000);
    }

    /** The newest requests of a connector. */
    public List<Request> recent(String connectorId, int limit) {
        return select("WHERE r.connector_id = ? ORDER BY r.requested_at DESC", connectorId, limit);
    }

    private List<Request> select(String where, String connectorId, int limit) {
        return db.read(
                "Reading sync requests",
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "SELECT r.id, r.catalog, r.entity, r.mode, r.requested_by,"
                                            + " r.status, r.requested_at, r.started_at, r.run_id,"
                                            + " (SELECT i.status FROM ingestion_runs i WHERE"
                                            + " i.run_id = r.run_id ORDER BY i.started_at DESC"
                                            + " LIMIT 1) FROM sync_requests r "
                                            + where
                                            + " LIMIT ?")) {
                        s.setString(1, connectorId);
                        s.setInt(2, limit);
                        try (ResultSet rs = s.executeQuery()) {
                            List<Request> out = new ArrayList<>();
                            while (rs.next()) {
                                out.add(
                                        new Request(
                                                rs.getString(1),
                                                rs.getString(2),
                                                rs.getString(3),
                                                rs.getString(4),
                                                rs.getString(5),
                                                rs.getString(6),
                                                Timestamps.parse(rs.getString(7)),
                                                rs.getString(8) == null
                                                        ? null
                                                        : Timestamps.parse(rs.getString(8)),
                                                rs.getString(9),
                                                rs.getString(10)));
                            }
                            return out;
                        }
                    }
                });
    }

    /**
     * Links the pending requests of {@code (catalog, entity)} made before {@code startedAt} to the
     * run that started then.
     *
     * @return how many
     */
    public int link(
            String connectorId, String catalog, String entity, String runId, Instant startedAt) {
        String at = Timestamps.format(startedAt);
        return db.write(
                "Linking sync requests to run " + runId,
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "UPDATE sync_requests SET status = ?, run_id = ?, started_at ="
                                            + " ? WHERE connector_id = ? AND entity = ? AND"
                                            + " (catalog IS NULL OR catalog = ?) AND status = ?"
                                            + " AND requested_at <= ?")) {
                        s.setString(1, RUNNING);
                        s.setString(2, runId);
                        s.setString(3, at);
                        s.setString(4, connectorId);
                        s.setString(5, entity);
                        s.setString(6, catalog);
                        s.setString(7, PENDING);
                        s.setString(8, at);
                        return s.executeUpdate();
                    }
                });
    }
}
