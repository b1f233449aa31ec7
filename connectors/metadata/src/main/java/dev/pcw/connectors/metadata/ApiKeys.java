package dev.pcw.connectors.metadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sidecar's API keys ({@code api_keys}): {@code pcw_<id>_<secret>}, where the id is public (it
 * names the key in logs and listings) and only the SHA-256 of the secret is stored. A key is
 * returned once, by {@link #create}; {@link #authenticate} finds the key's principal, comparing
 * hashes in constant time.
 */
public final class ApiKeys {
    /** The roles a key can hold. */
    public static final List<String> ROLES = List.of("viewer", "requester", "approver", "admin");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern KEY = Pattern.compile("pcw_([a-z0-9]{8})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MetadataDb db;
    private final Clock clock;

    public ApiKeys(MetadataDb db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A key as listed: never its secret. */
    public static final class Key {
        private final String id;
        private final String name;
        private final Set<String> roles;
        private final Instant createdAt;
        @Nullable private final Instant revokedAt;

        Key(String id, String name, Set<String> roles, Instant createdAt, Instant revokedAt) {
            this.id = id;
            this.name = name;
            this.roles = Collections.unmodifiableSet(roles);
            this.createdAt = createdAt;
            this.revokedAt = revokedAt;
        }

        public String id() {
            return id;
        }

        /** The principal's name: who requested or approved, in the audit log. */
        public String name() {
            return name;
        }

        public Set<String> roles() {
            return roles;
        }

        public Instant createdAt() {
            return createdAt;
        }

        @Nullable
        public Instant revokedAt() {
            return revokedAt;
        }

        @Override
        public String toString() {
            return "ApiKey{" + id + ", " + name + ", " + roles + "}";
        }
    }

    /** A new key: its listing and the key itself, to be shown once. */
    public static final class Created {
        public final Key key;
        public final String secret;

        Created(Key key, String secret) {
            this.key = key;
            this.secret = secret;
        }
    }

    /**
     * Creates a key.
     *
     * @param name the principal's name, unique among keys (letters, digits, {@code . _ @ -})
     * @param roles a non-empty subset of {@link #ROLES}
     * @throws IllegalArgumentException for a bad name, an unknown role, or a name already used
     */
    public Created create(String name, List<String> roles) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "key name '"
                            + name
                            + "' is not valid: use 1 to 64 letters, digits, '.', '_', '@' or '-',"
                            + " starting with a letter or digit");
        }
        Set<String> clean = roles(roles);
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String id = randomId();
        String key = "pcw_" + id + "_" + secret;
        Instant now = clock.instant();
        db.write(
                "Creating API key " + name,
                c -> {
                    try (PreparedStatement exists =
                            c.prepareStatement("SELECT 1 FROM api_keys WHERE name = ?")) {
                        exists.setString(1, name);
                        try (ResultSet rs = exists.executeQuery()) {
                            if (rs.next()) {
                                throw new IllegalArgumentException(
                                        "a key named '"
                                                + name
                                                + "' exists already: revoke it first or pick"
                                                + " another name");
                            }
                        }
                    }
                    try (PreparedStatement insert =
                            c.prepareStatement(
                                    "INSERT INTO api_keys (id, name, roles, secret_hash,"
                                            + " created_at) VALUES (?, ?, ?, ?, ?)")) {
                        insert.setString(1, id);
                        insert.setString(2, name);
                        insert.setString(3, String.join(",", clean));
                        insert.setString(4, sha256(secret));
                        insert.setString(5, Timestamps.format(now));
                        insert.executeUpdate();
                    }
                    return null;
                });
        return new Created(new Key(id, name, clean, now, null), key);
    }

    /**
     * The key a caller presented, when it is well formed, known, not revoked and its secret
     * matches; empty otherwise (the caller cannot tell which, on purpose).
     */
    public Optional<Key> authenticate(@Nullable String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = KEY.matcher(presented.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String id = m.group(1);
        byte[] hash = sha256(m.group(2)).getBytes(StandardCharsets.US_ASCII);
        return db.read(
                "Reading API key " + id,
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement(
                                    "SELECT id, name, roles, secret_hash, created_at, revoked_at"
                                            + " FROM api_keys WHERE id = ?")) {
                        select.setString(1, id);
                        try (ResultSet rs = select.executeQuery()) {
                            if (!rs.next() || rs.getString("revoked_at") != null) {
                                return Optional.empty();
                            }
                            byte[] stored =
                                    rs.getString("secret_hash").getBytes(StandardCharsets.US_ASCII);
                            if (!MessageDigest.isEqual(stored, hash)) {
                                return Optional.empty();
                            }
                            return Optional.of(toKey(rs));
                        }
                    }
                });
    }

    /** Every key, revoked ones too, oldest first. */
    public List<Key> list() {
        return db.read(
                "Listing API keys",
                c -> {
                    List<Key> out = new ArrayList<>();
                    try (PreparedStatement select =
                                    c.prepareStatement(
                                            "SELECT id, name, roles, created_at, revoked_at FROM"
                                                    + " api_keys ORDER BY created_at, name");
                            ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            out.add(toKey(rs));
                        }
                    }
                    return out;
                });
    }

    /**
     * Revokes the key with this name or id; a revoked key authenticates nobody.
     *
     * @return whether a key was revoked (false when none matches or it was revoked already)
     */
    public boolean revoke(String nameOrId) {
        Connectors.requireText("nameOrId", nameOrId);
        String now = Timestamps.format(clock.instant());
        return db.write(
                "Revoking API key " + nameOrId,
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement(
                                    "UPDATE api_keys SET revoked_at = ? WHERE (name = ? OR id = ?)"
                                            + " AND revoked_at IS NULL")) {
                        update.setString(1, now);
                        update.setString(2, nameOrId);
                        update.setString(3, nameOrId);
                        return update.executeUpdate() > 0;
                    }
                });
    }

    /**
     * The roles as given, checked and in {@link #ROLES} order.
     *
     * @throws IllegalArgumentException for none or an unknown one, naming the allowed ones
     */
    public static Set<String> roles(List<String> roles) {
        Set<String> given = new java.util.HashSet<>();
        for (String r : roles == null ? List.<String>of() : roles) {
            String role = r.trim().toLowerCase(Locale.ROOT);
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException(
                        "unknown role '" + r + "': use " + String.join(", ", ROLES));
            }
            given.add(role);
        }
        if (given.isEmpty()) {
            throw new IllegalArgumentException(
                    "a key needs at least one role: " + String.join(", ", ROLES));
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String r : ROLES) {
            if (given.contains(r)) {
                ordered.add(r);
            }
        }
        return ordered;
    }

    private static Key toKey(ResultSet rs) throws java.sql.SQLException {
        return new Key(
                rs.getString("id"),
                rs.getString("name"),
                new LinkedHashSet<>(List.of(rs.getString("roles").split(","))),
                Timestamps.parse(rs.getString("created_at")),
                Timestamps.parseNullable(rs.getString("revoked_at")));
    }

    private static String randomId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String sha256(String secret) {
        return Hashes.sha256Hex(secret);
    }
}
