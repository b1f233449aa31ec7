package dev.pcw.connectors.metadata;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parsing and password-free printing of metadata DB URLs. */
public final class JdbcUrls {

    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)((?:ssl)?password|pwd|pass)=[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:?]*):[^@/?]*@");

    private JdbcUrls() {}

    /**
     * The dialect a URL selects.
     *
     * @throws IllegalArgumentException naming the URL's scheme (never the rest, which may hold a
     *     password) and the schemes expected
     */
    static Dialect dialectOf(@Nullable String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "The metadata DB URL is empty: expected "
                            + expected()
                            + " (set "
                            + MetadataDb.ENV_URL
                            + ", or leave it unset for SQLite in the default folder)");
        }
        String trimmed = url.trim();
        for (Dialect d : Dialect.values()) {
            if (trimmed.regionMatches(true, 0, d.urlPrefix(), 0, d.urlPrefix().length())) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "Unsupported metadata DB URL scheme '"
                        + schemeOf(trimmed)
                        + "': expected "
                        + expected()
                        + " (check "
                        + MetadataDb.ENV_URL
                        + ")");
    }

    private static String expected() {
        return Dialect.SQLITE.urlPrefix()
                + "<file> (e.g. jdbc:sqlite:./var/pcw.db) or "
                + Dialect.POSTGRESQL.urlPrefix()
                + "//<host>:<port>/<database>";
    }

    /** {@code jdbc:mysql:} for {@code jdbc:mysql://u:p@h/db}; {@code postgres:} for a bare URI. */
    static String schemeOf(String url) {
        int first = url.indexOf(':');
        if (first < 0) {
            return "(none)";
        }
        if (url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            int second = url.indexOf(':', 5);
            return second < 0 ? url.substring(0, 5) : url.substring(0, second + 1);
        }
        return url.substring(0, first + 1);
    }

    /** The URL with passwords (query parameters and user info) replaced by {@code ***}. */
    public static String redact(String url) {
        String out = PASSWORD_PARAM.matcher(url).replaceAll("$1=***");
        return USER_INFO.matcher(out).replaceAll("//$1:***@");
    }

    /**
     * The database file of a {@code jdbc:sqlite:} URL.
     *
     * @throws IllegalArgumentException for in-memory, temporary and resource databases: every
     *     operation opens its own connection, so the data must live in a file
     */
    static Path sqliteFile(String url) {
        String rest = url.trim().substring(Dialect.SQLITE.urlPrefix().length());
        int query = rest.indexOf('?');
        String params = query < 0 ? "" : rest.substring(query + 1).toLowerCase(Locale.ROOT);
        String location = query < 0 ? rest : rest.substring(0, query);
        if (location.isEmpty()
                || location.contains(":memory:")
                || location.startsWith(":resource:")
                || params.contains("mode=memory")) {
            throw new IllegalArgumentException(
                    "The metadata DB needs an SQLite file, got '"
                            + redact(url)
                            + "': in-memory, temporary and resource databases are not supported"
                            + " because every operation opens its own connection; use e.g."
                            + " jdbc:sqlite:./var/pcw.db");
        }
        if (location.startsWith("file:")) {
            return location.startsWith("file://")
                    ? Paths.get(URI.create(location))
                    : Paths.get(location.substring("file:".length()));
        }
        return Paths.get(location);
    }
}
