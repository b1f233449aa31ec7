package dev.pcw.connectors.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata DB contract on SQLite (a file in a temporary folder), plus SQLite specifics. */
class SqliteMetadataDbTest extends MetadataDbContract {

    @TempDir Path dir;

    @Override
    MetadataDb openDb() {
        return MetadataDb.openSqlite(dir);
    }

    @Test
    void aDatabaseThatAlreadyHoldsOtherTablesIsMigratedBesideThem(@TempDir Path other)
            throws SQLException {
        // As when the Iceberg JDBC catalog shares the database.
        try (Connection c = java.sql.DriverManager.getConnection(MetadataDb.sqliteUrl(other));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE iceberg_tables (catalog_name TEXT, table_name TEXT)");
        }
        try (MetadataDb shared = MetadataDb.openSqlite(other)) {
            String pc =
                    new Connectors(shared, java.time.Clock.systemUTC())
                            .ensure(Connectors.PARTNER_CENTRAL, "PC");
            assertThat(
                            new IngestionRuns(shared, java.time.Clock.systemUTC())
                                    .start(pc, "r", "AWS", "opportunities", "full"))
                    .isNotBlank();
        }
    }

    /**
     * SQLite has no trigger to refuse edits: a row edited, removed or slipped in behind pcw's back
     * is found by the chain, which names the first row it breaks at.
     */
    @Test
    void aRowChangedBehindPcwsBackBreaksTheChainThere() throws SQLException {
        AuditLog audit = new AuditLog(db, clock);
        for (int i = 1; i <= 4; i++) {
            audit.append("alice", "action.step" + i, "act-1", "OPS-1", "ok", null, Map.of("i", i));
        }
        assertThat(audit.verify().intact()).isTrue();
        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
        }
        AuditLog.Verification edited = audit.verify();
        assertThat(edited.intact()).isFalse();
        assertThat(edited.firstBad)
                .startsWith("row #2 ")
                .contains("action.step2")
                .contains("does not match its hash");

        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_log WHERE seq = 2");
        }
        assertThat(audit.verify().firstBad).startsWith("row #3 ").contains("#2 are missing");

        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_log WHERE seq > 1");
            s.executeUpdate(
                    "INSERT INTO audit_log (id, at, actor, action) VALUES ('x',"
                            + " '2026-01-01T00:00:00.000Z', 'mallory', 'action.approved')");
        }
        assertThat(audit.verify().firstBad).contains("no place in the chain");
    }

    @Test
    void connectionsUseWalABusyTimeoutAndForeignKeys() throws SQLException {
        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(s, "busy_timeout")).isEqualTo("10000");
            assertThat(pragma(s, "foreign_keys")).isEqualTo("1");
        }
        assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(db.sqliteFile()).isEqualTo(dir.resolve("pcw.db").toAbsolutePath());
    }

    @Test
    void sqliteKeepsJsonAndTimestampsAsTextAndCountersAsIntegers() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String id = runs.start(pc, "job-1", "AWS", "opportunities", "full");
        runs.finish(id, RunStatus.SUCCEEDED, Stats.of(3, 1, 0, 0), null);

        assertThat(
                        rawText(
                                "SELECT typeof(stats_json) || ' ' || typeof(started_at) || ' '"
                                        + " || typeof(records) || ' ' || json_valid(stats_json)"
                                        + " FROM ingestion_runs WHERE id = ?",
                                id))
                .isEqualTo("text text integer 1");
        assertThat(rawText("SELECT stats_json FROM ingestion_runs WHERE id = ?", id))
                .isEqualTo(
                        "{\"records_processed\":3,\"api_calls\":1,\"throttled\":0,"
                                + "\"dead_letters\":0}");
    }

    @Test
    void fromEnvironmentWithoutAUrlOpensPcwDbInTheDefaultFolder() {
        Path var = dir.resolve("nested/var");

        for (Map<String, String> env :
                List.of(env(), env(MetadataDb.ENV_URL, "  ", MetadataDb.ENV_PASSWORD, "x"))) {
            try (MetadataDb fromEnv = MetadataDb.fromEnvironment(env, var)) {
                assertThat(fromEnv.dialect()).isEqualTo(Dialect.SQLITE);
                assertThat(fromEnv.sqliteFile()).isEqualTo(var.resolve("pcw.db").toAbsolutePath());
                assertThat(new Connectors(fromEnv, clock).ensure("k", "n")).isNotBlank();
            }
        }
        assertThat(Files.isRegularFile(var.resolve("pcw.db"))).isTrue();
    }

    @Test
    void fromEnvironmentUsesAnSqliteUrlItIsGiven() {
        Path file = dir.resolve("elsewhere/meta.sqlite");

        try (MetadataDb fromEnv =
                MetadataDb.fromEnvironment(
                        env(MetadataDb.ENV_URL, "jdbc:sqlite:" + file), dir.resolve("unused"))) {
            assertThat(fromEnv.sqliteFile()).isEqualTo(file.toAbsolutePath());
        }
        assertThat(Files.isRegularFile(file)).isTrue();
        assertThat(Files.exists(dir.resolve("unused"))).isFalse();
    }

    @Test
    void inMemoryDatabasesAreRejectedBecauseEveryOperationConnectsAnew() {
        assertThatThrownBy(() -> MetadataDb.open("jdbc:sqlite::memory:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "The metadata DB needs an SQLite file, got 'jdbc:sqlite::memory:':"
                                + " in-memory, temporary and resource databases are not supported"
                                + " because every operation opens its own connection; use e.g."
                                + " jdbc:sqlite:./var/pcw.db");
        assertThatThrownBy(() -> MetadataDb.open("jdbc:sqlite:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The metadata DB needs an SQLite file, got 'jdbc:sqlite:'");
    }

    @Test
    void manyThreadsOpeningAFreshFileAtOnceMigrateItOnce() throws Exception {
        Path fresh = dir.resolve("fresh");
        List<Callable<Integer>> opens = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            opens.add(
                    () -> {
                        try (MetadataDb opened = MetadataDb.openSqlite(fresh)) {
                            return opened.migrate();
                        }
                    });
        }

        assertThat(atOnce(opens)).as("migrate() after open has nothing left to do").containsOnly(0);

        try (MetadataDb opened = MetadataDb.openSqlite(fresh);
                Connection c = opened.connection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    private static String pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
