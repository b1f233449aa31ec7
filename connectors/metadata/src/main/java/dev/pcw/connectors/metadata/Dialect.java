package dev.pcw.connectors.metadata;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The two databases the metadata DB runs on. The SQL text is the same on both; only how a JSON
 * parameter is bound differs, and that difference lives here.
 */
public enum Dialect {
    /** The zero-setup default: one file, {@code jdbc:sqlite:<dir>/pcw.db}. */
    SQLITE("jdbc:sqlite:"),
    /** Production (RDS) and shared on-premises use: {@code jdbc:postgresql://host:port/db}. */
    POSTGRESQL("jdbc:postgresql:");

    private final String urlPrefix;

    Dialect(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** The JDBC URL prefix that selects this dialect, e.g. {@code jdbc:sqlite:}. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /**
     * Binds a JSON document to a parameter that is written to a {@code JSONB} column, so that the
     * same {@code INSERT ... VALUES (?)} works on both databases.
     *
     * <p>PostgreSQL will not assign a {@code varchar} parameter to a {@code jsonb} column, and
     * {@code CAST(? AS JSONB)} or {@code ?::jsonb} is not SQLite syntax; so on PostgreSQL the text
     * is sent untyped ({@link Types#OTHER}) and the server parses it as {@code jsonb}, while SQLite
     * stores the text as it is (the column's NUMERIC affinity leaves JSON object text alone) and
     * its {@code ->>} operator reads it.
     *
     * @param json a JSON document (an object, by convention), or null for SQL NULL
     */
    public void bindJson(PreparedStatement statement, int index, @Nullable String json)
            throws SQLException {
        if (this == POSTGRESQL) {
            if (json == null) {
                statement.setNull(index, Types.OTHER);
            } else {
                statement.setObject(index, json, Types.OTHER);
            }
        } else {
            if (json == null) {
                statement.setNull(index, Types.VARCHAR);
            } else {
                statement.setString(index, json);
            }
        }
    }
}
