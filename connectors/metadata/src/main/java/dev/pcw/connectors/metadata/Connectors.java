package dev.pcw.connectors.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code connectors} table: one row per kind of connector, found or created by {@link #ensure}.
 */
public final class Connectors {

    /** The kind of the Partner Central connector, the one the runbook's health check reads. */
    public static final String PARTNER_CENTRAL = "partner_central";

    private static final Logger LOG = LoggerFactory.getLogger(Connectors.class);

    private final MetadataDb db;
    private final Clock clock;

    /**
     * @param clock the source of {@code created_at}; a seam for tests, {@link
     *     MetadataDb#connectors()} uses the system UTC clock
     */
    public Connectors(MetadataDb db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the id of the connector of {@code kind}, creating it (enabled) if there is none.
     * Idempotent, and safe when several processes call it at once ({@code INSERT ... ON CONFLICT
     * (kind) DO NOTHING}). There is one connector per kind; when it exists under another name, it
     * is renamed to {@code name}.
     *
     * @param kind e.g. {@link #PARTNER_CENTRAL}
     * @param name a display name, e.g. "Partner Central"
     */
    public String ensure(String kind, String name) {
        requireText("kind", kind);
        requireText("name", name);
        String newId = UUID.randomUUID().toString();
        String now = Timestamps.format(clock.instant());
        return db.write(
                "Ensuring the connector of kind '" + kind + "'",
                c -> {
                    try (PreparedStatement insert =
                            c.prepareStatement(
                                    "INSERT INTO connectors (id, kind, name, enabled, created_at)"
                                            + " VALUES (?, ?, ?, TRUE, ?)"
                                            + " ON CONFLICT (kind) DO NOTHING")) {
                        insert.setString(1, newId);
                        insert.setString(2, kind);
                        insert.setString(3, name);
                        insert.setString(4, now);
                        insert.executeUpdate();
                    }
                    String id;
                    String existingName;
                    try (PreparedStatement select =
                            c.prepareStatement("SELECT id, name FROM connectors WHERE kind = ?")) {
                        select.setString(1, kind);
                        try (ResultSet rs = select.executeQuery()) {
                            if (!rs.next()) {
                                throw new IllegalStateException(
                                        "The connector of kind '"
                                                + kind
                                                + "' vanished while"
                                                + " being created");
                            }
                            id = rs.getString(1);
                            existingName = rs.getString(2);
                        }
                    }
                    if (!existingName.equals(name)) {
                        try (PreparedStatement rename =
                                c.prepareStatement("UPDATE connectors SET name = ? WHERE id = ?")) {
                            rename.setString(1, name);
                            rename.setString(2, id);
                            rename.executeUpdate();
                        }
                        LOG.info(
                                "Renamed connector {} of kind '{}' from '{}' to '{}'",
                                id,
                                kind,
                                existingName,
                                name);
                    }
                    return id;
                });
    }

    /** The id of the connector of {@code kind}, if there is one. */
    public Optional<String> findId(String kind) {
        requireText("kind", kind);
        return db.read(
                "Finding the connector of kind '" + kind + "'",
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement("SELECT id FROM connectors WHERE kind = ?")) {
                        select.setString(1, kind);
                        try (ResultSet rs = select.executeQuery()) {
                            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                        }
                    }
                });
    }

    static void requireText(String what, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank");
        }
    }
}
