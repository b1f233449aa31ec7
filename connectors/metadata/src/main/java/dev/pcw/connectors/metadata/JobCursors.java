package dev.pcw.connectors.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable cursors of jobs ({@code job_cursors}): a named value per job, such as the newest history
 * snapshot the partner-tiers job has announced. A cursor only moves once what it claims is
 * delivered; {@link #put} keeps whichever value the caller gives.
 */
public final class JobCursors {
    private final MetadataDb db;
    private final Clock clock;

    public JobCursors(MetadataDb db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The cursor's value, if it was ever set. */
    public Optional<String> get(String job, String name) {
        return db.read(
                "Reading the cursor " + job + "/" + name,
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "SELECT value FROM job_cursors WHERE job = ? AND name = ?")) {
                        s.setString(1, job);
                        s.setString(2, name);
                        try (ResultSet rs = s.executeQuery()) {
                            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                        }
                    }
                });
    }

    /** Sets the cursor. */
    public void put(String job, String name, String value) {
        Connectors.requireText("job", job);
        Connectors.requireText("name", name);
        Objects.requireNonNull(value, "value");
        String now = Timestamps.format(clock.instant());
        db.write(
                "Recording the cursor " + job + "/" + name,
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "INSERT INTO job_cursors (job, name, value, updated_at) VALUES"
                                            + " (?, ?, ?, ?) ON CONFLICT (job, name) DO UPDATE SET"
                                            + " value = excluded.value, updated_at ="
                                            + " excluded.updated_at")) {
                        s.setString(1, job);
                        s.setString(2, name);
                        s.setString(3, value);
                        s.setString(4, now);
                        s.executeUpdate();
                    }
                    return null;
                });
    }
}
