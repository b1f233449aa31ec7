package dev.pcw.connectors.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The Partner Central write quota, shared by every process on one metadata DB: {@link #reserve}
 * hands out call slots at most {@code rate} per second apart ({@code write_pacing}) and counts each
 * against the rolling 24 h budget ({@code api_usage}, api {@code write}). A reservation is counted
 * whether or not its call is then made, so that a crash never lets the budget be overspent.
 */
public final class WritePacing {
    private final MetadataDb db;
    private final Clock clock;

    public WritePacing(MetadataDb db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A slot: when the call may be made, or when to ask again when the day's budget is spent. */
    public static final class Slot {
        /** When the call may be made (now or later); null when the budget is spent. */
        @Nullable public final Instant at;

        /** When the budget is spent: when a call of the last 24 h drops out of it. */
        @Nullable public final Instant budgetFreesAt;

        /** Writes counted in the last 24 h, this one included when granted. */
        public final long usedLastDay;

        Slot(Instant at, Instant budgetFreesAt, long usedLastDay) {
            this.at = at;
            this.budgetFreesAt = budgetFreesAt;
            this.usedLastDay = usedLastDay;
        }

        public boolean granted() {
            return at != null;
        }
    }

    /**
     * Reserves the next write slot of {@code connectorId}.
     *
     * @param ratePerSecond the account's write rate; 0 for none
     * @param daily the account's writes per rolling 24 h; 0 for none
     */
    public Slot reserve(String connectorId, double ratePerSecond, long daily) {
        Connectors.requireText("connectorId", connectorId);
        Instant now = clock.instant();
        long minute = now.getEpochSecond() / 60;
        return db.write(
                "Reserving a Partner Central write slot",
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "INSERT INTO write_pacing (connector_id, next_slot_at) VALUES"
                                            + " (?, ?) ON CONFLICT (connector_id) DO NOTHING")) {
                        s.setString(1, connectorId);
                        s.setString(2, Timestamps.format(now));
                        s.executeUpdate();
                    }
                    Instant next;
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "SELECT next_slot_at FROM write_pacing WHERE connector_id = ?"
                                            + (db.dialect() == Dialect.POSTGRESQL
                                                    ? " FOR UPDATE"
                                                    : ""))) {
                        s.setString(1, connectorId);
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            next = Timestamps.parse(rs.getString(1));
                        }
                    }
                    long used = 0;
                    long oldest = Long.MAX_VALUE;
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "SELECT minute, calls FROM api_usage WHERE connector_id = ? AND"
                                            + " api = ? AND minute > ?")) {
                        s.setString(1, connectorId);
                        s.setString(2, ApiUsage.WRITE);
                        s.setLong(3, minute - 24 * 60);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                used += rs.getLong(2);
                                oldest = Math.min(oldest, rs.getLong(1));
                            }
                        }
                    }
                    if (daily > 0 && used >= daily) {
                        return new Slot(
                                null, Instant.ofEpochSecond((oldest + 24 * 60 + 1) * 60), used);
                    }
                    Instant at = next.isAfter(now) ? next : now;
                    Instant following =
                            ratePerSecond > 0
                                    ? at.plus(Duration.ofNanos((long) (1e9 / ratePerSecond)))
                                    : at;
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "UPDATE write_pacing SET next_slot_at = ? WHERE connector_id ="
                                            + " ?")) {
                        s.setString(1, Timestamps.format(following));
                        s.setString(2, connectorId);
                        s.executeUpdate();
                    }
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "INSERT INTO api_usage (connector_id, api, minute, calls)"
                                            + " VALUES (?, ?, ?, 1) ON CONFLICT (connector_id, api,"
                                            + " minute) DO UPDATE SET calls = api_usage.calls + 1")) {
                        s.setString(1, connectorId);
                        s.setString(2, ApiUsage.WRITE);
                        s.setLong(3, at.getEpochSecond() / 60);
                        s.executeUpdate();
                    }
                    return new Slot(at, null, used + 1);
                });
    }

    /** Writes counted in the last 24 h (for {@code /status}). */
    public long usedLastDay(String connectorId) {
        long minute = clock.instant().getEpochSecond() / 60;
        return db.read(
                "Counting the writes of the last day",
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "SELECT COALESCE(SUM(calls), 0) FROM api_usage WHERE"
                                            + " connector_id = ? AND api = ? AND minute > ?")) {
                        s.setString(1, connectorId);
                        s.setString(2, ApiUsage.WRITE);
                        s.setLong(3, minute - 24 * 60);
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }
                });
    }
}
