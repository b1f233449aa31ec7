package dev.pcw.connectors.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The approval-gated write actions ({@code write_actions}) and their decisions ({@code approvals}):
 * storage only. The rules (who may approve, when an action is approved, stale or expired) belong to
 * the sidecar; the methods that take a {@link Connection} run inside the caller's transaction, so
 * that a change of state and its audit row commit together or not at all.
 *
 * <p>An action's {@code client_token} is fixed when it is stored, before any call to AWS: every
 * attempt of its execution, after any crash, sends the same token.
 */
public final class WriteActions {
    /** The states an action goes through. */
    public static final String PENDING = "pending_approval";

    public static final String APPROVED = "approved";
    public static final String WAITING_FOR_REVIEW = "waiting_for_review";
    public static final String EXECUTING = "executing";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";
    public static final String STALE = "stale";

    /** Every state, in lifecycle order. */
    public static final List<String> STATES =
            List.of(
                    PENDING,
                    APPROVED,
                    WAITING_FOR_REVIEW,
                    EXECUTING,
                    SUCCEEDED,
                    FAILED,
                    REJECTED,
                    EXPIRED,
                    STALE);

    /** The states an action leaves no more. */
    public static final Set<String> FINAL = Set.of(SUCCEEDED, FAILED, REJECTED, EXPIRED, STALE);

    private static final String COLUMNS =
            "id, action, ticket_id, requester, approver, status, client_token, request_json,"
                    + " result_json, created_at, updated_at, catalog, opportunity_id,"
                    + " request_hash, opportunity_version, approvals_needed, expires_at,"
                    + " request_id, attempts, claimed_by, claimed_until, next_attempt_at, error";

    /** The columns {@link #transition} may change besides status. */
    private static final Set<String> CHANGEABLE =
            Set.of(
                    "approver",
                    "result_json",
                    "opportunity_id",
                    "opportunity_version",
                    "attempts",
                    "claimed_by",
                    "claimed_until",
                    "next_attempt_at",
                    "error");

    private final MetadataDb db;

    public WriteActions(MetadataDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** One stored action. */
    public static final class Action {
        public final String id;
        public final String action;
        public final String ticketId;
        public final String requester;
        @Nullable public final String approver;
        public final String status;
        public final String clientToken;
        public final String requestJson;
        @Nullable public final String resultJson;
        public final Instant createdAt;
        public final Instant updatedAt;
        public final String catalog;
        @Nullable public final String opportunityId;
        public final String requestHash;
        @Nullable public final String opportunityVersion;
        public final int approvalsNeeded;
        public final Instant expiresAt;
        @Nullable public final String requestId;
        public final int attempts;
        @Nullable public final String claimedBy;
        @Nullable public final Instant claimedUntil;
        @Nullable public final Instant nextAttemptAt;
        @Nullable public final String error;

        /** A new action, pending approval, as {@link #insert} stores it. */
        public Action(
                String id,
                String action,
                String ticketId,
                String requester,
                String status,
                String clientToken,
                String requestJson,
                String catalog,
                @Nullable String opportunityId,
                String requestHash,
                @Nullable String opportunityVersion,
                int approvalsNeeded,
                Instant createdAt,
                Instant expiresAt,
                @Nullable String requestId) {
            this(
                    id,
                    action,
                    ticketId,
                    requester,
                    null,
                    status,
                    clientToken,
                    requestJson,
                    null,
                    createdAt,
                    createdAt,
                    catalog,
                    opportunityId,
                    requestHash,
                    opportunityVersion,
                    approvalsNeeded,
                    expiresAt,
                    requestId,
                    0,
                    null,
                    null,
                    null,
                    null);
        }

        Action(
                String id,
                String action,
                String ticketId,
                String requester,
                String approver,
                String status,
                String clientToken,
                String requestJson,
                String resultJson,
                Instant createdAt,
                Instant updatedAt,
                String catalog,
                String opportunityId,
                String requestHash,
                String opportunityVersion,
                int approvalsNeeded,
                Instant expiresAt,
                String requestId,
                int attempts,
                String claimedBy,
                Instant claimedUntil,
                Instant nextAttemptAt,
                String error) {
            this.id = text("id", id);
            this.action = text("action", action);
            this.ticketId = text("ticketId", ticketId);
            this.requester = text("requester", requester);
            this.approver = approver;
            this.status = text("status", status);
            this.clientToken = text("clientToken", clientToken);
            this.requestJson = text("requestJson", requestJson);
            this.resultJson = resultJson;
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
            this.catalog = text("catalog", catalog);
            this.opportunityId = opportunityId;
            this.requestHash = text("requestHash", requestHash);
            this.opportunityVersion = opportunityVersion;
            this.approvalsNeeded = approvalsNeeded;
            this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
            this.requestId = requestId;
            this.attempts = attempts;
            this.claimedBy = claimedBy;
            this.claimedUntil = claimedUntil;
            this.nextAttemptAt = nextAttemptAt;
            this.error = error;
        }

        public boolean isFinal() {
            return FINAL.contains(status);
        }
    }

    /** One principal's decision on an action. */
    public static final class Decision {
        public final String approver;
        public final String decision;
        public final String requestHash;
        @Nullable public final String opportunityVersion;
        @Nullable public final String comment;
        public final Instant decidedAt;
        @Nullable public final String requestId;

        /**
         * @param decision {@code approved} or {@code rejected}
         */
        public Decision(
                String approver,
                String decision,
                String requestHash,
                @Nullable String opportunityVersion,
                @Nullable String comment,
                Instant decidedAt,
                @Nullable String requestId) {
            this.approver = text("approver", approver);
            if (!decision.equals("approved") && !decision.equals("rejected")) {
                throw new IllegalArgumentException(
                        "decision is '" + decision + "': approved or rejected");
            }
            this.decision = decision;
            this.requestHash = text("requestHash", requestHash);
            this.opportunityVersion = opportunityVersion;
            this.comment = comment;
            this.decidedAt = Objects.requireNonNull(decidedAt, "decidedAt");
            this.requestId = requestId;
        }
    }

    /** Stores a new action in the caller's transaction. */
    public void insert(Connection c, Action a) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "INSERT INTO write_actions ("
                                + COLUMNS
                                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                + " ?, ?, ?, ?, ?)")) {
            s.setString(1, a.id);
            s.setString(2, a.action);
            s.setString(3, a.ticketId);
            s.setString(4, a.requester);
            s.setString(5, a.approver);
            s.setString(6, a.status);
            s.setString(7, a.clientToken);
            db.dialect().bindJson(s, 8, a.requestJson);
            db.dialect().bindJson(s, 9, a.resultJson);
            s.setString(10, Timestamps.format(a.createdAt));
            s.setString(11, Timestamps.format(a.updatedAt));
            s.setString(12, a.catalog);
            s.setString(13, a.opportunityId);
            s.setString(14, a.requestHash);
            s.setString(15, a.opportunityVersion);
            s.setInt(16, a.approvalsNeeded);
            s.setString(17, Timestamps.format(a.expiresAt));
            s.setString(18, a.requestId);
            s.setInt(19, a.attempts);
            s.setString(20, a.claimedBy);
            s.setString(21, a.claimedUntil == null ? null : Timestamps.format(a.claimedUntil));
            s.setString(22, a.nextAttemptAt == null ? null : Timestamps.format(a.nextAttemptAt));
            s.setString(23, a.error);
            s.executeUpdate();
        }
    }

    /** The action with this id. */
    public Optional<Action> get(String id) {
        return db.read("Reading write action " + id, c -> find(c, id, false));
    }

    /**
     * The action with this id, locked for the rest of the caller's transaction (on PostgreSQL a row
     * lock; SQLite's write transaction already excludes every other writer).
     */
    public Optional<Action> lock(Connection c, String id) throws SQLException {
        return find(c, id, db.dialect() == Dialect.POSTGRESQL);
    }

    private Optional<Action> find(Connection c, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT "
                                + COLUMNS
                                + " FROM write_actions WHERE id = ?"
                                + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /**
     * The newest actions first.
     *
     * @param status only those in this state; null for all
     * @param limit at most this many (1 to 1000)
     */
    public List<Action> list(@Nullable String status, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit is " + limit + ": use 1 to 1000");
        }
        return db.read(
                "Listing write actions",
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "SELECT "
                                            + COLUMNS
                                            + " FROM write_actions"
                                            + (status == null ? "" : " WHERE status = ?")
                                            + " ORDER BY created_at DESC, id LIMIT ?")) {
                        int i = 1;
                        if (status != null) {
                            s.setString(i++, status);
                        }
                        s.setInt(i, limit);
                        try (ResultSet rs = s.executeQuery()) {
                            List<Action> out = new ArrayList<>();
                            while (rs.next()) {
                                out.add(row(rs));
                            }
                            return out;
                        }
                    }
                });
    }

    /** The decisions on an action, oldest first. */
    public List<Decision> decisions(String actionId) {
        return db.read("Reading the approvals of " + actionId, c -> decisions(c, actionId));
    }

    /** The decisions on an action, oldest first, in the caller's transaction. */
    public List<Decision> decisions(Connection c, String actionId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT approver, decision, request_hash, opportunity_version, comment,"
                                + " decided_at, request_id FROM approvals WHERE action_id = ?"
                                + " ORDER BY decided_at, approver")) {
            s.setString(1, actionId);
            try (ResultSet rs = s.executeQuery()) {
                List<Decision> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(
                            new Decision(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    Timestamps.parse(rs.getString(6)),
                                    rs.getString(7)));
                }
                return out;
            }
        }
    }

    /** Stores a decision in the caller's transaction (one per principal and action). */
    public void decide(Connection c, String actionId, Decision d) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "INSERT INTO approvals (id, action_id, approver, decision, request_hash,"
                                + " opportunity_version, comment, decided_at, request_id)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, java.util.UUID.randomUUID().toString());
            s.setString(2, actionId);
            s.setString(3, d.approver);
            s.setString(4, d.decision);
            s.setString(5, d.requestHash);
            s.setString(6, d.opportunityVersion);
            s.setString(7, d.comment);
            s.setString(8, Timestamps.format(d.decidedAt));
            s.setString(9, d.requestId);
            s.executeUpdate();
        }
    }

    /**
     * Moves an action from one of {@code from} to {@code to}, changing {@code changes} too (columns
     * of {@link #CHANGEABLE}; instants are stored as timestamps), in the caller's transaction.
     *
     * @return whether it was in one of {@code from} (and so moved)
     */
    public boolean transition(
            Connection c,
            String id,
            Set<String> from,
            String to,
            Instant now,
            Map<String, ?> changes)
            throws SQLException {
        if (!STATES.contains(to)) {
            throw new IllegalArgumentException("unknown state " + to);
        }
        StringBuilder sql =
                new StringBuilder("UPDATE write_actions SET status = ?, updated_at = ?");
        Map<String, Object> ordered = new LinkedHashMap<>(changes);
        for (String column : ordered.keySet()) {
            if (!CHANGEABLE.contains(column)) {
                throw new IllegalArgumentException("column " + column + " cannot be changed");
            }
            sql.append(", ").append(column).append(" = ?");
        }
        sql.append(" WHERE id = ? AND status IN (");
        sql.append(String.join(", ", java.util.Collections.nCopies(from.size(), "?")));
        sql.append(")");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setString(i++, to);
            s.setString(i++, Timestamps.format(now));
            for (Map.Entry<String, Object> e : ordered.entrySet()) {
                Object v = e.getValue();
                if (e.getKey().equals("result_json")) {
                    db.dialect().bindJson(s, i++, (String) v);
                } else if (v instanceof Instant) {
                    s.setString(i++, Timestamps.format((Instant) v));
                } else if (v instanceof Integer) {
                    s.setInt(i++, (Integer) v);
                } else {
                    s.setString(i++, v == null ? null : v.toString());
                }
            }
            s.setString(i++, id);
            for (String f : from) {
                s.setString(i++, f);
            }
            return s.executeUpdate() == 1;
        }
    }

    /** The states an execution worker takes actions in. */
    public static final Set<String> EXECUTABLE = Set.of(APPROVED, EXECUTING, WAITING_FOR_REVIEW);

    /**
     * Ids of actions a worker may take now: approved, executing or waiting for a review, not
     * claimed by a live worker, and due; the longest waiting first.
     */
    public List<String> due(Instant now, int limit) {
        String at = Timestamps.format(now);
        return db.read(
                "Finding write actions to execute",
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "SELECT id FROM write_actions WHERE status IN (?, ?, ?) AND"
                                            + " (claimed_until IS NULL OR claimed_until < ?) AND"
                                            + " (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                                            + " ORDER BY updated_at, id LIMIT ?")) {
                        s.setString(1, APPROVED);
                        s.setString(2, EXECUTING);
                        s.setString(3, WAITING_FOR_REVIEW);
                        s.setString(4, at);
                        s.setString(5, at);
                        s.setInt(6, limit);
                        try (ResultSet rs = s.executeQuery()) {
                            List<String> out = new ArrayList<>();
                            while (rs.next()) {
                                out.add(rs.getString(1));
                            }
                            return out;
                        }
                    }
                });
    }

    /**
     * Claims an action for {@code worker} until {@code until}, in the caller's transaction: only
     * when it is executable, due and not claimed by a live worker (one UPDATE, so two workers never
     * both succeed). Counts an attempt and sets it {@code executing}.
     *
     * @return the action as claimed, or empty when another worker has it or it moved on
     */
    public Optional<Action> claim(
            Connection c, String id, String worker, Instant now, Instant until)
            throws SQLException {
        String at = Timestamps.format(now);
        try (PreparedStatement s =
                c.prepareStatement(
                        "UPDATE write_actions SET status = ?, claimed_by = ?, claimed_until = ?,"
                                + " attempts = attempts + 1, updated_at = ? WHERE id = ? AND"
                                + " status IN (?, ?, ?) AND (claimed_until IS NULL OR"
                                + " claimed_until < ?) AND (next_attempt_at IS NULL OR"
                                + " next_attempt_at <= ?)")) {
            s.setString(1, EXECUTING);
            s.setString(2, worker);
            s.setString(3, Timestamps.format(until));
            s.setString(4, at);
            s.setString(5, id);
            s.setString(6, APPROVED);
            s.setString(7, EXECUTING);
            s.setString(8, WAITING_FOR_REVIEW);
            s.setString(9, at);
            s.setString(10, at);
            if (s.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        return find(c, id, false);
    }

    /** The workers holding a live claim now, by action id. */
    public Map<String, String> claimed(Instant now) {
        return db.read(
                "Listing claimed write actions",
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "SELECT id, claimed_by FROM write_actions WHERE claimed_by IS"
                                            + " NOT NULL AND claimed_until >= ?")) {
                        s.setString(1, Timestamps.format(now));
                        try (ResultSet rs = s.executeQuery()) {
                            Map<String, String> out = new LinkedHashMap<>();
                            while (rs.next()) {
                                out.put(rs.getString(1), rs.getString(2));
                            }
                            return out;
                        }
                    }
                });
    }

    /**
     * Ends {@code worker}'s claim of an action (its process is known to be gone), in the caller's
     * transaction; the action is due at once.
     *
     * @return whether that worker held it
     */
    public boolean releaseClaim(Connection c, String id, String worker, Instant now)
            throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "UPDATE write_actions SET claimed_by = NULL, claimed_until = NULL,"
                                + " updated_at = ? WHERE id = ? AND claimed_by = ?")) {
            s.setString(1, Timestamps.format(now));
            s.setString(2, id);
            s.setString(3, worker);
            return s.executeUpdate() == 1;
        }
    }

    /** Actions per state, for {@code /status}. */
    public Map<String, Long> countByStatus() {
        return db.read(
                "Counting write actions by state",
                c -> {
                    Map<String, Long> out = new LinkedHashMap<>();
                    try (PreparedStatement s =
                                    c.prepareStatement(
                                            "SELECT status, COUNT(*) FROM write_actions GROUP BY"
                                                    + " status ORDER BY status");
                            ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                    return out;
                });
    }

    private static Action row(ResultSet rs) throws SQLException {
        return new Action(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                Timestamps.parse(rs.getString(10)),
                Timestamps.parse(rs.getString(11)),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getString(15),
                rs.getInt(16),
                Timestamps.parse(rs.getString(17)),
                rs.getString(18),
                rs.getInt(19),
                rs.getString(20),
                instant(rs.getString(21)),
                instant(rs.getString(22)),
                rs.getString(23));
    }

    private static String text(String what, String value) {
        Connectors.requireText(what, value);
        return value;
    }

    private static Instant instant(String text) {
        return text == null ? null : Timestamps.parse(text);
    }
}
