package dev.pcw.connectors.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code ingestion_runs} table: a run is {@link #start started} as {@link RunStatus#RUNNING}
 * and {@link #finish finished} once, as {@link RunStatus#SUCCEEDED} or {@link RunStatus#FAILED},
 * with its {@link Stats}.
 */
public final class IngestionRuns {

    /**
     * The runbook's Partner Central health check (Connector Troubleshooting Runbook, 2.1),
     * verbatim: it must keep working unchanged on PostgreSQL and SQLite.
     */
    public static final String HEALTH_CHECK_SQL =
            "SELECT id, entity, status, started_at, ended_at,\n"
                    + "       stats_json->>'records_processed' as records\n"
                    + "FROM ingestion_runs\n"
                    + "WHERE connector_id = (SELECT id FROM connectors WHERE kind ="
                    + " 'partner_central')\n"
                    + "ORDER BY started_at DESC\n"
                    + "LIMIT 10;";

    /** Longer error texts (e.g. stack traces) are cut to this many characters. */
    public static final int MAX_ERROR_CHARS = 8_000;

    private static final String TRUNCATED = "…(truncated)";

    private static final String COLUMNS =
            "id, connector_id, run_id, catalog, entity, mode, status, started_at, ended_at,"
                    + " records, api_calls, throttled, dead_letters, stats_json, error";

    private final MetadataDb db;
    private final Clock clock;

    /**
     * @param clock the source of {@code started_at} and {@code ended_at}; a seam for tests, {@link
     *     MetadataDb#ingestionRuns()} uses the system UTC clock
     */
    public IngestionRuns(MetadataDb db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records that a sync started, as {@link RunStatus#RUNNING}.
     *
     * @param connectorId from {@link Connectors#ensure}
     * @param runId the job's run id (the one in bronze paths and event sources)
     * @param catalog {@code AWS} or {@code Sandbox}; null for connectors without catalogs
     * @param entity e.g. {@code opportunities}
     * @param mode e.g. {@code full}, {@code incremental}, {@code hybrid}
     * @return the new row's id, for {@link #finish}
     * @throws IllegalArgumentException for a blank argument or an unknown connector
     */
    public String start(
            String connectorId,
            String runId,
            @Nullable String catalog,
            String entity,
            String mode) {
        Connectors.requireText("connectorId", connectorId);
        Connectors.requireText("runId", runId);
        Connectors.requireText("entity", entity);
        Connectors.requireText("mode", mode);
        if (catalog != null && catalog.isBlank()) {
            throw new IllegalArgumentException("catalog must be null or not blank");
        }
        String id = UUID.randomUUID().toString();
        String startedAt = Timestamps.format(clock.instant());
        db.write(
                "Starting an ingestion run of " + entity + " (run " + runId + ")",
                c -> {
                    if (!connectorExists(c, connectorId)) {
                        throw new IllegalArgumentException(
                                "Unknown connector id '"
                                        + connectorId
                                        + "': get it from Connectors.ensure(kind, name)");
                    }
                    try (PreparedStatement insert =
                            c.prepareStatement(
                                    "INSERT INTO ingestion_runs (id, connector_id, run_id,"
                                            + " catalog, entity, mode, status, started_at)"
                                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        insert.setString(1, id);
                        insert.setString(2, connectorId);
                        insert.setString(3, runId);
                        insert.setString(4, catalog);
                        insert.setString(5, entity);
                        insert.setString(6, mode);
                        insert.setString(7, RunStatus.RUNNING.name());
                        insert.setString(8, startedAt);
                        insert.executeUpdate();
                    }
                    return null;
                });
        return id;
    }

    /**
     * Records how a run ended: its final status, end time and stats (in the counter columns and in
     * {@code stats_json}). A run is finished once.
     *
     * @param id from {@link #start}
     * @param status {@link RunStatus#SUCCEEDED} or {@link RunStatus#FAILED}
     * @param error why it failed, or null; cut to {@value #MAX_ERROR_CHARS} characters
     * @throws IllegalArgumentException when no run has this id, or for status RUNNING
     * @throws IllegalStateException when the run is already finished
     */
    public void finish(String id, RunStatus status, Stats stats, @Nullable String error) {
        Connectors.requireText("id", id);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stats, "stats");
        if (!status.isFinal()) {
            throw new IllegalArgumentException(
                    "Ingestion run '"
                            + id
                            + "' can only be finished as SUCCEEDED or FAILED, not "
                            + status);
        }
        String endedAt = Timestamps.format(clock.instant());
        String json = stats.toJson();
        String cutError =
                error == null || error.length() <= MAX_ERROR_CHARS
                        ? error
                        : error.substring(0, MAX_ERROR_CHARS - TRUNCATED.length()) + TRUNCATED;
        db.write(
                "Finishing ingestion run " + id,
                c -> {
                    int updated;
                    try (PreparedStatement update =
                            c.prepareStatement(
                                    "UPDATE ingestion_runs SET status = ?, ended_at = ?,"
                                            + " records = ?, api_calls = ?, throttled = ?,"
                                            + " dead_letters = ?, stats_json = ?, error = ?"
                                            + " WHERE id = ? AND status = 'RUNNING'")) {
                        update.setString(1, status.name());
                        update.setString(2, endedAt);
                        update.setLong(3, stats.records());
                        update.setLong(4, stats.apiCalls());
                        update.setLong(5, stats.throttled());
                        update.setLong(6, stats.deadLetters());
                        db.dialect().bindJson(update, 7, json);
                        update.setString(8, cutError);
                        update.setString(9, id);
                        updated = update.executeUpdate();
                    }
                    if (updated == 1) {
                        return null;
                    }
                    String current = statusOf(c, id);
                    if (current == null) {
                        throw new IllegalArgumentException(
                                "No ingestion run with id '"
                                        + id
                                        + "' to finish: pass the id that IngestionRuns.start"
                                        + " returned");
                    }
                    throw new IllegalStateException(
                            "Ingestion run '"
                                    + id
                                    + "' is already "
                                    + current
                                    + "; a run is finished once");
                });
    }

    /**
     * Records how far a run still RUNNING has got: its counters as a completed checkpoint holds
     * them, so that a run whose job dies keeps the counts of what landed; {@code api_calls} also
     * counts the calls {@link #addUncheckpointedCalls} added (one statement). No effect on a
     * finished run.
     *
     * @param id from {@link #start}
     */
    public void progress(String id, Stats stats) {
        Connectors.requireText("id", id);
        Objects.requireNonNull(stats, "stats");
        db.write(
                "Recording the progress of ingestion run " + id,
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement(
                                    "UPDATE ingestion_runs SET records = ?, api_calls = ? +"
                                            + " COALESCE(api_calls_uncheckpointed, 0),"
                                            + " throttled = ?, dead_letters = ?"
                                            + " WHERE id = ? AND status = 'RUNNING'")) {
                        update.setLong(1, stats.records());
                        update.setLong(2, stats.apiCalls());
                        update.setLong(3, stats.throttled());
                        update.setLong(4, stats.deadLetters());
                        update.setString(5, id);
                        update.executeUpdate();
                    }
                    return null;
                });
    }

    /**
     * Adds calls a run made that its job's checkpoints do not hold (made after the last completed
     * checkpoint before an in-job restart or a stop); see {@link #uncheckpointedCalls}. No effect
     * on a run that SUCCEEDED.
     */
    public void addUncheckpointedCalls(String id, long calls) {
        Connectors.requireText("id", id);
        if (calls < 0) {
            throw new IllegalArgumentException("calls must be >= 0, not " + calls);
        }
        db.write(
                "Adding uncheckpointed calls to ingestion run " + id,
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement(
                                    "UPDATE ingestion_runs SET api_calls_uncheckpointed ="
                                            + " api_calls_uncheckpointed + ?,"
                                            + " api_calls = COALESCE(api_calls, 0) + ?"
                                            + " WHERE id = ? AND status <> 'SUCCEEDED'")) {
                        update.setLong(1, calls);
                        update.setLong(2, calls);
                        update.setString(3, id);
                        update.executeUpdate();
                    }
                    return null;
                });
    }

    /** The calls {@link #addUncheckpointedCalls} added to a run so far (0 for an unknown id). */
    public long uncheckpointedCalls(String id) {
        Connectors.requireText("id", id);
        return db.read(
                "Reading the uncheckpointed calls of ingestion run " + id,
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement(
                                    "SELECT api_calls_uncheckpointed FROM ingestion_runs"
                                            + " WHERE id = ?")) {
                        select.setString(1, id);
                        try (ResultSet rs = select.executeQuery()) {
                            return rs.next() ? rs.getLong(1) : 0L;
                        }
                    }
                });
    }

    /**
     * Marks FAILED, with {@code reason}, the connector's runs still RUNNING that started at or
     * after {@code since}: the runs of a job that ended (failed, was stopped) before they did.
     *
     * @return how many runs were marked
     */
    public int failRunningSince(String connectorId, Instant since, String reason) {
        Connectors.requireText("connectorId", connectorId);
        String endedAt = Timestamps.format(clock.instant());
        String cut =
                reason.length() <= MAX_ERROR_CHARS
                        ? reason
                        : reason.substring(0, MAX_ERROR_CHARS - TRUNCATED.length()) + TRUNCATED;
        return db.write(
                "Marking the runs of an ended job",
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement(
                                    "UPDATE ingestion_runs SET status = ?, ended_at = ?, error = ?"
                                            + " WHERE connector_id = ? AND status = ?"
                                            + " AND started_at >= ?")) {
                        update.setString(1, RunStatus.FAILED.name());
                        update.setString(2, endedAt);
                        update.setString(3, cut);
                        update.setString(4, connectorId);
                        update.setString(5, RunStatus.RUNNING.name());
                        update.setString(6, Timestamps.format(since));
                        return update.executeUpdate();
                    }
                });
    }

    /**
     * Makes a FAILED run RUNNING again: a job restored from a checkpoint or savepoint carries on
     * with the runs its predecessor was stopped in. A SUCCEEDED run stays as it is.
     *
     * @return whether the run was reopened
     */
    public boolean reopen(String id) {
        Connectors.requireText("id", id);
        return db.write(
                        "Reopening ingestion run " + id,
                        c -> {
                            try (PreparedStatement update =
                                    c.prepareStatement(
                                            "UPDATE ingestion_runs SET status = ?, ended_at ="
                                                    + " NULL, error = NULL WHERE id = ? AND"
                                                    + " status = ?")) {
                                update.setString(1, RunStatus.RUNNING.name());
                                update.setString(2, id);
                                update.setString(3, RunStatus.FAILED.name());
                                return update.executeUpdate();
                            }
                        })
                == 1;
    }

    /** The run with this id, if any. */
    /**
     * Marks FAILED, with {@code reason}, the runs of (connector, catalog, entity) still RUNNING
     * other than those in {@code keep}: runs of a job that ended before they did. Runs of one
     * (catalog, entity) follow one another in a job, so when a new one starts, an earlier one not
     * in {@code keep} (the caller's runs still awaiting their end) can no longer finish.
     *
     * @param keep ids of rows (not run ids) to leave alone; at least the new run's
     * @return how many runs were marked
     */
    public int abandonOthers(
            String connectorId,
            @Nullable String catalog,
            String entity,
            java.util.Collection<String> keep,
            String reason) {
        if (keep.isEmpty()) {
            throw new IllegalArgumentException("keep at least the new run's id");
        }
        String endedAt = Timestamps.format(clock.instant());
        String placeholders = String.join(", ", java.util.Collections.nCopies(keep.size(), "?"));
        return db.write(
                "Marking abandoned runs of " + entity,
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement(
                                    "UPDATE ingestion_runs SET status = ?, ended_at = ?, error = ?"
                                            + " WHERE connector_id = ? AND entity = ?"
                                            + " AND COALESCE(catalog, '') = ?"
                                            + " AND status = ? AND id NOT IN ("
                                            + placeholders
                                            + ")")) {
                        int i = 1;
                        update.setString(i++, RunStatus.FAILED.name());
                        update.setString(i++, endedAt);
                        update.setString(i++, reason);
                        update.setString(i++, connectorId);
                        update.setString(i++, entity);
                        update.setString(i++, catalog == null ? "" : catalog);
                        update.setString(i++, RunStatus.RUNNING.name());
                        for (String id : keep) {
                            update.setString(i++, id);
                        }
                        return update.executeUpdate();
                    }
                });
    }

    public Optional<IngestionRun> find(String id) {
        Connectors.requireText("id", id);
        return db.read(
                "Reading ingestion run " + id,
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement(
                                    "SELECT " + COLUMNS + " FROM ingestion_runs WHERE id = ?")) {
                        select.setString(1, id);
                        try (ResultSet rs = select.executeQuery()) {
                            return rs.next() ? Optional.of(toRun(rs)) : Optional.empty();
                        }
                    }
                });
    }

    /** The {@code limit} most recently started runs of all connectors, newest first. */
    public List<IngestionRun> recent(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return db.read(
                "Reading the " + limit + " most recent ingestion runs",
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement(
                                    "SELECT "
                                            + COLUMNS
                                            + " FROM ingestion_runs"
                                            + " ORDER BY started_at DESC, id DESC LIMIT ?")) {
                        select.setInt(1, limit);
                        List<IngestionRun> runs = new ArrayList<>();
                        try (ResultSet rs = select.executeQuery()) {
                            while (rs.next()) {
                                runs.add(toRun(rs));
                            }
                        }
                        return Collections.unmodifiableList(runs);
                    }
                });
    }

    /**
     * Runs the runbook's health check ({@link #HEALTH_CHECK_SQL}, unchanged): the ten most recently
     * started runs of the Partner Central connector, newest first.
     */
    public List<HealthCheckRow> healthCheck() {
        return db.read(
                "Running the Partner Central health check",
                c -> {
                    List<HealthCheckRow> rows = new ArrayList<>();
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery(HEALTH_CHECK_SQL)) {
                        while (rs.next()) {
                            String id = rs.getString("id");
                            rows.add(
                                    new HealthCheckRow(
                                            id,
                                            rs.getString("entity"),
                                            rs.getString("status"),
                                            Timestamps.parse(rs.getString("started_at")),
                                            Timestamps.parseNullable(rs.getString("ended_at")),
                                            records(id, rs.getObject("records"))));
                        }
                    }
                    return Collections.unmodifiableList(rows);
                });
    }

    /** PostgreSQL's {@code ->>} gives text, SQLite's gives an integer. */
    @Nullable
    private static Long records(String id, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number) {
            return ((Number) value).longValue();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "stats_json.records_processed of ingestion run '"
                            + id
                            + "' is not a whole number: "
                            + value,
                    e);
        }
    }

    private static IngestionRun toRun(ResultSet rs) throws SQLException {
        RunStatus status = RunStatus.valueOf(rs.getString("status"));
        Stats stats = null;
        // A run in progress has counters once a checkpoint recorded its progress.
        if (status.isFinal() || rs.getObject("records") != null) {
            stats =
                    Stats.fromRow(
                            rs.getLong("records"),
                            rs.getLong("api_calls"),
                            rs.getLong("throttled"),
                            rs.getLong("dead_letters"),
                            rs.getString("stats_json"));
        }
        return new IngestionRun(
                rs.getString("id"),
                rs.getString("connector_id"),
                rs.getString("run_id"),
                rs.getString("catalog"),
                rs.getString("entity"),
                rs.getString("mode"),
                status,
                Timestamps.parse(rs.getString("started_at")),
                Timestamps.parseNullable(rs.getString("ended_at")),
                stats,
                rs.getString("error"));
    }

    private static boolean connectorExists(Connection c, String connectorId) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT 1 FROM connectors WHERE id = ?")) {
            select.setString(1, connectorId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Nullable
    private static String statusOf(Connection c, String id) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT status FROM ingestion_runs WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
