package dev.pcw.connectors.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code job_leases} table: one job per connector at a time. A job {@link #acquire acquires}
 * the lease of its (connector, job) before it starts, {@link #renew renews} it while it runs (a
 * heartbeat), and {@link #release releases} it when it ends. Another job is refused while the lease
 * is held and unexpired; a holder that died releases nothing, so its lease expires and the next job
 * takes over, learning that its predecessor ended without finishing. Works the same on SQLite and
 * PostgreSQL: taking the lease is one conditional UPDATE, which only one of two racing jobs wins.
 */
public final class JobLeases {
    private final MetadataDb db;
    private final Clock clock;

    public JobLeases(MetadataDb db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A lease row as stored. */
    public static final class Row {
        public final String holder;
        public final String holderId;
        public final Instant acquiredAt;
        public final Instant heartbeatAt;
        public final Instant expiresAt;
        @Nullable public final Instant releasedAt;
        @Nullable public final String stateDir;
        @Nullable public final String resumeFrom;

        Row(
                String holder,
                String holderId,
                Instant acquiredAt,
                Instant heartbeatAt,
                Instant expiresAt,
                @Nullable Instant releasedAt,
                @Nullable String stateDir,
                @Nullable String resumeFrom) {
            this.holder = holder;
            this.holderId = holderId;
            this.acquiredAt = acquiredAt;
            this.heartbeatAt = heartbeatAt;
            this.expiresAt = expiresAt;
            this.releasedAt = releasedAt;
            this.stateDir = stateDir;
            this.resumeFrom = resumeFrom;
        }

        /** Whether its holder ended without releasing it (killed, crashed, lost its database). */
        public boolean endedWithoutRelease() {
            return releasedAt == null;
        }
    }

    /** A lease this process holds. */
    public static final class Lease {
        public final String connectorId;
        public final String job;
        public final String holderId;

        /** The lease before this one took it, if the job ever ran: how its holder ended. */
        public final Optional<Row> previous;

        Lease(String connectorId, String job, String holderId, Optional<Row> previous) {
            this.connectorId = connectorId;
            this.job = job;
            this.holderId = holderId;
            this.previous = previous;
        }
    }

    /** Another job holds the lease. */
    public static final class HeldException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final transient Row held;

        public HeldException(String message, Row held) {
            super(message);
            this.held = held;
        }
    }

    /**
     * Takes the lease of (connector, job) for {@code ttl}, unless another holder has it unexpired.
     *
     * @param holder who holds it, for people: e.g. {@code pcw run ingest (pid 4242 on host)}
     * @param stateDir where this job keeps its checkpoints (for the next job if this one dies)
     * @throws HeldException naming the holder, when held
     */
    public Lease acquire(
            String connectorId,
            String job,
            String holder,
            Duration ttl,
            @Nullable String stateDir) {
        return acquire(connectorId, job, holder, ttl, stateDir, held -> false);
    }

    /**
     * As {@link #acquire(String, String, String, Duration, String)}, also taking a lease whose
     * holder {@code gone} says is gone (say, a process of this machine that no longer exists),
     * without waiting for it to expire.
     */
    public Lease acquire(
            String connectorId,
            String job,
            String holder,
            Duration ttl,
            @Nullable String stateDir,
            java.util.function.Predicate<Row> isGone) {
        Connectors.requireText("connectorId", connectorId);
        Connectors.requireText("job", job);
        Connectors.requireText("holder", holder);
        String holderId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        String at = Timestamps.format(now);
        return db.write(
                "Taking the lease of the " + job + " job",
                c -> {
                    try (PreparedStatement insert =
                            c.prepareStatement(
                                    "INSERT INTO job_leases (connector_id, job, holder, holder_id,"
                                            + " acquired_at, heartbeat_at, expires_at,"
                                            + " released_at) VALUES (?, ?, '', '', ?, ?, ?, ?)"
                                            + " ON CONFLICT (connector_id, job) DO NOTHING")) {
                        insert.setString(1, connectorId);
                        insert.setString(2, job);
                        for (int i = 3; i <= 6; i++) {
                            insert.setString(i, at);
                        }
                        insert.executeUpdate();
                    }
                    Row before = read(c, connectorId, job).orElseThrow();
                    try (PreparedStatement take =
                            c.prepareStatement(
                                    "UPDATE job_leases SET holder = ?, holder_id = ?,"
                                            + " acquired_at = ?, heartbeat_at = ?, expires_at = ?,"
                                            + " released_at = NULL, state_dir = ?,"
                                            + " resume_from = NULL"
                                            + " WHERE connector_id = ? AND job = ?"
                                            + " AND (released_at IS NOT NULL OR expires_at <= ?"
                                            + " OR holder_id = ?)")) {
                        take.setString(1, holder);
                        take.setString(2, holderId);
                        take.setString(3, at);
                        take.setString(4, at);
                        take.setString(5, Timestamps.format(now.plus(ttl)));
                        take.setString(6, stateDir);
                        take.setString(7, connectorId);
                        take.setString(8, job);
                        take.setString(9, at);
                        // A holder known to be gone is replaced by its id, so that a holder that
                        // took the lease in the meantime is not.
                        boolean gone =
                                before.releasedAt == null
                                        && !before.holderId.isEmpty()
                                        && isGone.test(before);
                        take.setString(10, gone ? before.holderId : "");
                        if (take.executeUpdate() == 0) {
                            throw new HeldException(heldMessage(job, before, now), before);
                        }
                    }
                    // A row that was only just created has no history.
                    Optional<Row> previous =
                            before.holderId.isEmpty() ? Optional.empty() : Optional.of(before);
                    return new Lease(connectorId, job, holderId, previous);
                });
    }

    private static String heldMessage(String job, Row held, Instant now) {
        long ago = Math.max(0, Duration.between(held.heartbeatAt, now).getSeconds());
        long left = Math.max(0, Duration.between(now, held.expiresAt).getSeconds());
        return "another "
                + job
                + " job holds this connector: "
                + held.holder
                + ", since "
                + held.acquiredAt
                + ", last heartbeat "
                + ago
                + " s ago. Stop it first. If it is gone (killed, its machine lost), its lease"
                + " expires at "
                + held.expiresAt
                + " (in "
                + left
                + " s); run again after that and this job takes over, resuming from its last"
                + " checkpoint.";
    }

    /**
     * Extends the lease by {@code ttl} from now.
     *
     * @return false when this process no longer holds it (another job took it after it expired):
     *     the caller must stop its job
     */
    public boolean renew(Lease lease, Duration ttl) {
        Instant now = clock.instant();
        return db.write(
                        "Renewing the lease of the " + lease.job + " job",
                        c -> {
                            try (PreparedStatement u =
                                    c.prepareStatement(
                                            "UPDATE job_leases SET heartbeat_at = ?,"
                                                    + " expires_at = ? WHERE connector_id = ? AND"
                                                    + " job = ? AND holder_id = ? AND released_at"
                                                    + " IS NULL")) {
                                u.setString(1, Timestamps.format(now));
                                u.setString(2, Timestamps.format(now.plus(ttl)));
                                u.setString(3, lease.connectorId);
                                u.setString(4, lease.job);
                                u.setString(5, lease.holderId);
                                return u.executeUpdate();
                            }
                        })
                == 1;
    }

    /**
     * Releases the lease: the job ended on its own terms (finished, or stopped cleanly).
     *
     * @param resumeFrom a savepoint the next job should restore, or null when it starts afresh
     */
    public void release(Lease lease, @Nullable String resumeFrom) {
        String at = Timestamps.format(clock.instant());
        db.write(
                "Releasing the lease of the " + lease.job + " job",
                c -> {
                    try (PreparedStatement u =
                            c.prepareStatement(
                                    "UPDATE job_leases SET released_at = ?, resume_from = ?"
                                            + " WHERE connector_id = ? AND job = ? AND"
                                            + " holder_id = ?")) {
                        u.setString(1, at);
                        u.setString(2, resumeFrom);
                        u.setString(3, lease.connectorId);
                        u.setString(4, lease.job);
                        u.setString(5, lease.holderId);
                        u.executeUpdate();
                    }
                    return null;
                });
    }

    /** The lease of (connector, job) as stored, if the job ever ran. */
    public Optional<Row> current(String connectorId, String job) {
        return db.read(
                "Reading the lease of the " + job + " job",
                c -> read(c, connectorId, job).filter(r -> !r.holderId.isEmpty()));
    }

    private static Optional<Row> read(java.sql.Connection c, String connectorId, String job)
            throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement(
                        "SELECT holder, holder_id, acquired_at, heartbeat_at, expires_at,"
                                + " released_at, state_dir, resume_from FROM job_leases"
                                + " WHERE connector_id = ? AND job = ?")) {
            q.setString(1, connectorId);
            q.setString(2, job);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String released = rs.getString(6);
                return Optional.of(
                        new Row(
                                rs.getString(1),
                                rs.getString(2),
                                Timestamps.parse(rs.getString(3)),
                                Timestamps.parse(rs.getString(4)),
                                Timestamps.parse(rs.getString(5)),
                                released == null ? null : Timestamps.parse(released),
                                rs.getString(7),
                                rs.getString(8)));
            }
        }
    }
}
