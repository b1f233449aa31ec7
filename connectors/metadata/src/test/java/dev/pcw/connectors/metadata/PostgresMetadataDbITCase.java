package dev.pcw.connectors.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata DB contract on PostgreSQL (a fresh database on the local server, dropped
 * afterwards), plus PostgreSQL specifics. Fails, never skips, when PostgreSQL is not running.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresMetadataDbITCase extends MetadataDbContract {

    private static final String CANARY = "pw-canary-7f3a91";

    private static String database;

    @BeforeAll
    static void createDatabase() {
        database = LocalPostgres.createDatabase();
    }

    @AfterAll
    static void dropDatabase() {
        LocalPostgres.dropDatabase(database);
    }

    @Override
    MetadataDb openDb() {
        return MetadataDb.open(LocalPostgres.url(database), LocalPostgres.USER, null);
    }

    /** On PostgreSQL the audit log refuses UPDATE, DELETE and TRUNCATE, whoever asks. */
    @Test
    void theAuditLogRefusesEditsAndDeletes() {
        AuditLog audit = new AuditLog(db, clock);
        audit.append("alice", "action.requested", "act-1", "OPS-1", "ok", null, null);
        for (String sql :
                new String[] {
                    "UPDATE audit_log SET actor = 'mallory'",
                    "DELETE FROM audit_log",
                    "TRUNCATE audit_log"
                }) {
            assertThatThrownBy(
                            () -> {
                                try (java.sql.Connection c = db.connection();
                                        java.sql.Statement s = c.createStatement()) {
                                    s.execute(sql);
                                }
                            })
                    .as(sql)
                    .hasMessageContaining("audit_log is append-only");
        }
        assertThat(audit.verify().intact()).isTrue();
        assertThat(audit.verify().rows).isEqualTo(1);
    }

    @Test
    void jsonColumnsAreJsonbAndTheRunbookArrowGivesText() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String id = runs.start(pc, "job-1", "AWS", "opportunities", "full");
        runs.finish(id, RunStatus.SUCCEEDED, Stats.of(3, 1, 0, 0), null);

        assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(db.sqliteFile()).isNull();
        assertThat(
                        rawText(
                                "SELECT pg_typeof(stats_json)::text || ' '"
                                        + " || pg_typeof(stats_json->>'records_processed')::text"
                                        + " || ' ' || pg_typeof(started_at)::text"
                                        + " FROM ingestion_runs WHERE id = ?",
                                id))
                .isEqualTo("jsonb text text");
        assertThat(
                        rawText(
                                "SELECT (started_at::timestamptz = timestamptz"
                                        + " '2025-03-01 08:00:01+00')::text FROM ingestion_runs"
                                        + " WHERE id = ?",
                                id))
                .as("the text casts to timestamptz for time arithmetic")
                .isEqualTo("true");
    }

    @Test
    void fromEnvironmentWithAPostgresUrlUsesTheUserAndPassword(@TempDir Path dir) {
        try (MetadataDb fromEnv =
                MetadataDb.fromEnvironment(
                        env(
                                MetadataDb.ENV_URL,
                                LocalPostgres.url(database),
                                MetadataDb.ENV_USER,
                                LocalPostgres.USER,
                                MetadataDb.ENV_PASSWORD,
                                CANARY),
                        dir)) {
            assertThat(fromEnv.dialect()).isEqualTo(Dialect.POSTGRESQL);
            assertThat(new Connectors(fromEnv, clock).ensure("k", "n")).isNotBlank();
            assertThat(fromEnv.toString()).doesNotContain(CANARY);
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aProcessLoggingAtEveryLevelNeverPrintsThePassword(@TempDir Path dir) throws Exception {
        String missing = LocalPostgres.url("pcw_it_missing");
        try (ChildJvm child =
                ChildJvm.start(
                        "open-from-environment",
                        OpenFromEnvironmentMain.class,
                        Map.of(
                                MetadataDb.ENV_URL,
                                LocalPostgres.url(database) + "?password=" + CANARY,
                                MetadataDb.ENV_USER,
                                LocalPostgres.USER,
                                MetadataDb.ENV_PASSWORD,
                                CANARY),
                        List.of("-Dlog4j2.configurationFile=log4j2-all-levels.xml"),
                        dir.toString(),
                        missing + "?password=" + CANARY)) {

            assertThat(child.waitFor(Duration.ofSeconds(120)))
                    .as("exit code; output: %s", child.output())
                    .isZero();
            List<String> output = child.output();
            assertThat(output)
                    .contains("DONE")
                    .contains(
                            "OPENED MetadataDb{POSTGRESQL, "
                                    + LocalPostgres.url(database)
                                    + "?password=***}")
                    .anyMatch(line -> line.startsWith("HEALTH [HealthCheckRow{"))
                    .as("Flyway's debug lines are printed too")
                    .anyMatch(line -> line.startsWith("DEBUG org.flywaydb"))
                    .as("the failure names the database, not the password")
                    .anyMatch(
                            line ->
                                    line.contains(
                                                    "Migrating the metadata DB "
                                                            + missing
                                                            + "?password=*** failed: ")
                                            && line.contains("pcw_it_missing"))
                    .as("no line holds the password")
                    .noneMatch(line -> line.contains(CANARY));
        }
    }

    @Test
    void manyOpenersOfAFreshDatabaseMigrateItOnce() throws Exception {
        String fresh = LocalPostgres.createDatabase();
        try {
            List<Callable<Integer>> opens = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opens.add(
                        () -> {
                            try (MetadataDb opened =
                                    MetadataDb.open(
                                            LocalPostgres.url(fresh), LocalPostgres.USER, null)) {
                                return opened.migrate();
                            }
                        });
            }

            assertThat(atOnce(opens)).containsOnly(0);

            try (MetadataDb opened =
                    MetadataDb.open(LocalPostgres.url(fresh), LocalPostgres.USER, null)) {
                long applied =
                        opened.read(
                                "history",
                                c -> {
                                    try (Statement s = c.createStatement();
                                            ResultSet rs =
                                                    s.executeQuery(
                                                            "SELECT COUNT(*) FROM"
                                                                    + " flyway_schema_history"
                                                                    + " WHERE version = '1'")) {
                                        rs.next();
                                        return rs.getLong(1);
                                    }
                                });
                assertThat(applied).isEqualTo(1);
            }
        } finally {
            LocalPostgres.dropDatabase(fresh);
        }
    }
}
