package dev.pcw.connectors.metadata;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The append-only, tamper-evident {@code audit_log}: every row has its place in one chain ({@code
 * seq} 1, 2, …), the hash of the row before it ({@code prev_hash}; none for the first) and its own
 * {@code hash}, SHA-256 over its place, time, actor, action, subject, ticket, outcome, request id,
 * details (canonical JSON) and {@code prev_hash}. A row edited, removed or slipped in behind pcw's
 * back breaks the chain at that row, and {@link #verify} names it. Appends are serialized (on
 * PostgreSQL by a table lock, on SQLite by its write lock), so replicas sharing one database keep
 * one chain. Details must never hold secrets.
 */
public final class AuditLog {
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final MetadataDb db;
    private final Clock clock;

    public AuditLog(MetadataDb db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One row of the log. */
    public static final class Entry {
        public final long seq;
        public final String id;
        public final Instant at;
        public final String actor;
        public final String action;
        @Nullable public final String subject;
        @Nullable public final String ticketId;
        @Nullable public final String outcome;
        @Nullable public final String requestId;
        @Nullable public final String detailsJson;
        @Nullable public final String prevHash;
        public final String hash;

        Entry(
                long seq,
                String id,
                Instant at,
                String actor,
                String action,
                String subject,
                String ticketId,
                String outcome,
                String requestId,
                String detailsJson,
                String prevHash,
                String hash) {
            this.seq = seq;
            this.id = id;
            this.at = at;
            this.actor = actor;
            this.action = action;
            this.subject = subject;
            this.ticketId = ticketId;
            this.outcome = outcome;
            this.requestId = requestId;
            this.detailsJson = detailsJson;
            this.prevHash = prevHash;
            this.hash = hash;
        }
    }

    /**
     * Appends a row at the end of the chain.
     *
     * @param actor who acted (a principal's name, or {@code pcw} for the service itself)
     * @param action what happened, e.g. {@code action.requested}, {@code action.approved}
     * @param details more facts, as JSON (no secrets); null for none
     */
    public Entry append(
            String actor,
            String action,
            @Nullable String subject,
            @Nullable String ticketId,
            @Nullable String outcome,
            @Nullable String requestId,
            @Nullable Map<String, ?> details) {
        return db.write(
                "Appending to the audit log (" + action + ")",
                c -> append(c, actor, action, subject, ticketId, outcome, requestId, details));
    }

    /**
     * Appends a row at the end of the chain in the caller's transaction, so that a change and its
     * audit row commit together or not at all. The chain is locked until that transaction ends:
     * keep it short.
     */
    public Entry append(
            java.sql.Connection c,
            String actor,
            String action,
            @Nullable String subject,
            @Nullable String ticketId,
            @Nullable String outcome,
            @Nullable String requestId,
            @Nullable Map<String, ?> details)
            throws SQLException {
        Connectors.requireText("actor", actor);
        Connectors.requireText("action", action);
        String detailsJson = details == null ? null : canonical(toJson(details));
        String id = UUID.randomUUID().toString();
        Instant at = clock.instant();
        if (db.dialect() == Dialect.POSTGRESQL) {
            try (Statement lock = c.createStatement()) {
                // Readers go on; appenders wait their turn, so the chain stays one.
                lock.execute("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE");
            }
        }
        long seq = 1;
        String prev = null;
        try (PreparedStatement last =
                        c.prepareStatement(
                                "SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL"
                                        + " ORDER BY seq DESC LIMIT 1");
                ResultSet rs = last.executeQuery()) {
            if (rs.next()) {
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
        }
        String atText = Timestamps.format(at);
        String hash =
                hash(
                        seq,
                        atText,
                        actor,
                        action,
                        subject,
                        ticketId,
                        outcome,
                        requestId,
                        detailsJson,
                        prev);
        try (PreparedStatement insert =
                c.prepareStatement(
                        "INSERT INTO audit_log (id, at, actor, action, subject,"
                                + " details_json, request_id, seq, ticket_id, outcome,"
                                + " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                + " ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, atText);
            insert.setString(3, actor);
            insert.setString(4, action);
            insert.setString(5, subject);
            db.dialect().bindJson(insert, 6, detailsJson);
            insert.setString(7, requestId);
            insert.setLong(8, seq);
            insert.setString(9, ticketId);
            insert.setString(10, outcome);
            insert.setString(11, prev);
            insert.setString(12, hash);
            insert.executeUpdate();
        }
        return new Entry(
                seq,
                id,
                Timestamps.parse(atText),
                actor,
                action,
                subject,
                ticketId,
                outcome,
                requestId,
                detailsJson,
                prev,
                hash);
    }

    /** At most {@code limit} rows after place {@code seq} (0: from the first), in chain order. */
    public List<Entry> after(long seq, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit is " + limit + ": at least 1");
        }
        return select(
                "Reading the audit log after row " + seq,
                "WHERE seq > ? ORDER BY seq LIMIT ?",
                s -> {
                    s.setLong(1, seq);
                    s.setInt(2, limit);
                });
    }

    /** The rows about {@code subject}, in chain order. */
    public List<Entry> about(String subject) {
        Connectors.requireText("subject", subject);
        return select(
                "Reading the audit log of " + subject,
                "WHERE subject = ? ORDER BY seq",
                s -> s.setString(1, subject));
    }

    /** Binds a statement's parameters. */
    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<Entry> select(String operation, String where, Binder binder) {
        return db.read(
                operation,
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log " + where)) {
                        binder.bind(select);
                        try (ResultSet rs = select.executeQuery()) {
                            List<Entry> out = new ArrayList<>();
                            while (rs.next()) {
                                out.add(entry(rs));
                            }
                            return out;
                        }
                    }
                });
    }

    /** What {@link #verify} found. */
    public static final class Verification {
        /** Rows checked. */
        public final long rows;

        /** The first row that breaks the chain, or null when it is intact. */
        @Nullable public final String firstBad;

        Verification(long rows, String firstBad) {
            this.rows = rows;
            this.firstBad = firstBad;
        }

        public boolean intact() {
            return firstBad == null;
        }
    }

    /**
     * Walks the chain from its first row: each row must have the next place, name the hash of the
     * row before it and hash to its own hash. Stops at the first row that does not, and says why.
     */
    public Verification verify() {
        return db.read(
                "Verifying the audit log",
                c -> {
                    long rows = 0;
                    try (Statement s = c.createStatement();
                            ResultSet rs =
                                    s.executeQuery(
                                            "SELECT "
                                                    + COLUMNS
                                                    + " FROM audit_log ORDER BY seq IS NULL, seq,"
                                                    + " at")) {
                        long expected = 1;
                        String prev = null;
                        while (rs.next()) {
                            rows++;
                            String id = rs.getString("id");
                            Object seqValue = rs.getObject("seq");
                            if (seqValue == null) {
                                return new Verification(
                                        rows,
                                        "row "
                                                + id
                                                + " has no place in the chain (seq is empty):"
                                                + " written behind pcw's back");
                            }
                            Entry e = entry(rs);
                            String where = "row #" + e.seq + " (id " + id + ", " + e.action + ")";
                            if (e.seq != expected) {
                                return new Verification(
                                        rows,
                                        where
                                                + ": expected #"
                                                + expected
                                                + " here; rows #"
                                                + expected
                                                + (e.seq - 1 > expected ? "–#" + (e.seq - 1) : "")
                                                + " are missing (deleted)");
                            }
                            if (!Objects.equals(e.prevHash, prev)) {
                                return new Verification(
                                        rows,
                                        where
                                                + ": does not follow the row before it (prev_hash"
                                                + " differs)");
                            }
                            String again =
                                    hash(
                                            e.seq,
                                            rs.getString("at"),
                                            e.actor,
                                            e.action,
                                            e.subject,
                                            e.ticketId,
                                            e.outcome,
                                            e.requestId,
                                            e.detailsJson,
                                            e.prevHash);
                            if (!again.equals(e.hash)) {
                                return new Verification(
                                        rows,
                                        where
                                                + ": its content does not match its hash (edited"
                                                + " after it was written)");
                            }
                            prev = e.hash;
                            expected++;
                        }
                    }
                    return new Verification(rows, null);
                });
    }

    private static final String COLUMNS =
            "id, at, actor, action, subject, details_json, request_id, seq, ticket_id, outcome,"
                    + " prev_hash, hash";

    private static Entry entry(ResultSet rs) throws SQLException {
        String details = rs.getString("details_json");
        return new Entry(
                rs.getLong("seq"),
                rs.getString("id"),
                Timestamps.parse(rs.getString("at")),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("subject"),
                rs.getString("ticket_id"),
                rs.getString("outcome"),
                rs.getString("request_id"),
                details == null ? null : canonical(details),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    private static String toJson(Map<String, ?> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not JSON: " + e.getMessage(), e);
        }
    }

    /** JSON text with object keys sorted, whatever the database did to its layout (JSONB). */
    static String canonical(String json) {
        try {
            return canonical(JSON.readTree(json));
        } catch (java.io.IOException e) {
            return json; // not JSON: hashed as stored, so an edit still shows
        }
    }

    private static String canonical(JsonNode node) {
        try {
            return JSON.writeValueAsString(sorted(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                fields.put(f.getKey(), sorted(f.getValue()));
            }
            ObjectNode out = JSON.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }

    /** SHA-256 (hex) over the fields, each length-prefixed so that no two rows read alike. */
    static String hash(
            long seq,
            String at,
            String actor,
            String action,
            String subject,
            String ticketId,
            String outcome,
            String requestId,
            String detailsJson,
            String prevHash) {
        StringBuilder b = new StringBuilder();
        for (String field :
                new String[] {
                    Long.toString(seq),
                    at,
                    actor,
                    action,
                    subject,
                    ticketId,
                    outcome,
                    requestId,
                    detailsJson,
                    prevHash
                }) {
            if (field == null) {
                b.append("-1:;");
            } else {
                b.append(field.length()).append(':').append(field).append(';');
            }
        }
        return Hashes.sha256Hex(b.toString());
    }
}
