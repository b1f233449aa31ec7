package dev.pcw.connectors.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the database from a URL, and keeping passwords out of every message. */
class MetadataDbUrlTest {

    private static final String EXPECTED =
            "expected jdbc:sqlite:<file> (e.g. jdbc:sqlite:./var/pcw.db) or"
                    + " jdbc:postgresql://<host>:<port>/<database> (check PCW_DB_URL)";

    @Test
    void anUnsupportedUrlIsRejectedNamingTheSchemesExpectedButNotThePassword() {
        assertThatThrownBy(
                        () ->
                                MetadataDb.open(
                                        "jdbc:mysql://admin:hunter2@db:3306/pcw?password=hunter2",
                                        "admin",
                                        "hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unsupported metadata DB URL scheme 'jdbc:mysql:': " + EXPECTED)
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void aBareUriWithoutJdbcIsRejectedNamingOnlyItsScheme() {
        assertThatThrownBy(() -> MetadataDb.open("postgres://pcw:s3cret@rds.example.com/pcw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unsupported metadata DB URL scheme 'postgres:': " + EXPECTED);
        assertThatThrownBy(() -> MetadataDb.open("pcw.db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unsupported metadata DB URL scheme '(none)': " + EXPECTED);
    }

    @Test
    void aBadUrlFromTheEnvironmentNeverShowsThePassword(@TempDir Path dir) {
        assertThatThrownBy(
                        () ->
                                MetadataDb.fromEnvironment(
                                        MetadataDbContract.env(
                                                MetadataDb.ENV_URL,
                                                "jdbc:oracle:thin:sys/hunter2@//db:1521/pcw",
                                                MetadataDb.ENV_PASSWORD,
                                                "hunter2"),
                                        dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unsupported metadata DB URL scheme 'jdbc:oracle:': " + EXPECTED)
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void anEmptyUrlNamesTheVariableToSet() {
        assertThatThrownBy(() -> MetadataDb.open(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "The metadata DB URL is empty: expected jdbc:sqlite:<file> (e.g."
                                + " jdbc:sqlite:./var/pcw.db) or"
                                + " jdbc:postgresql://<host>:<port>/<database> (set PCW_DB_URL,"
                                + " or leave it unset for SQLite in the default folder)");
    }

    @Test
    void schemesAreMatchedWithoutRegardToCase() {
        assertThat(JdbcUrls.dialectOf("JDBC:PostgreSQL://h/db")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(JdbcUrls.dialectOf("jdbc:SQLITE:/data/x.db")).isEqualTo(Dialect.SQLITE);
    }

    @Test
    void redactionHidesPasswordParametersAndUserInfo() {
        assertThat(
                        JdbcUrls.redact(
                                "jdbc:postgresql://h:5432/pcw?user=pcw&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:5432/pcw?user=pcw&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://h/pcw?sslpassword=k3y&PASSWORD=x"))
                .isEqualTo("jdbc:postgresql://h/pcw?sslpassword=***&PASSWORD=***");
        assertThat(JdbcUrls.redact("jdbc:postgresql://pcw:s3cret@h/pcw"))
                .isEqualTo("jdbc:postgresql://pcw:***@h/pcw");
        assertThat(JdbcUrls.redact("jdbc:sqlite:./var/pcw.db"))
                .isEqualTo("jdbc:sqlite:./var/pcw.db");
    }

    @Test
    void sqliteFileUrlsInTheirUsualForms() {
        assertThat(JdbcUrls.sqliteFile("jdbc:sqlite:./var/pcw.db"))
                .isEqualTo(Paths.get("./var/pcw.db"));
        assertThat(JdbcUrls.sqliteFile("jdbc:sqlite:/data/pcw.db?journal_mode=WAL"))
                .isEqualTo(Paths.get("/data/pcw.db"));
        assertThat(JdbcUrls.sqliteFile("jdbc:sqlite:file:/data/pcw.db"))
                .isEqualTo(Paths.get("/data/pcw.db"));
        assertThat(JdbcUrls.sqliteFile("jdbc:sqlite:file:///data/pcw.db"))
                .isEqualTo(Paths.get("/data/pcw.db"));
        assertThatThrownBy(() -> JdbcUrls.sqliteFile("jdbc:sqlite:file:x?mode=memory"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "The metadata DB needs an SQLite file, got 'jdbc:sqlite:file:x?mode=memory'");
    }

    @Test
    void theDefaultSqliteUrlIsPcwDbInTheFolder() {
        assertThat(MetadataDb.sqliteUrl(Paths.get("var"))).isEqualTo("jdbc:sqlite:var/pcw.db");
    }
}
