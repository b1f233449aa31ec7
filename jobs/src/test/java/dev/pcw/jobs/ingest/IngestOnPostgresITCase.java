package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.metadata.HealthCheckRow;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.silver.SilverTables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest job with everything shared on PostgreSQL, as on premises: the Iceberg JDBC catalog
 * (the one Flink and Trino, Athena's engine, can both read) and the metadata DB.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class IngestOnPostgresITCase {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DATABASE =
            "pcw_ingest_it_" + UUID.randomUUID().toString().substring(0, 8);

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(120)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir Path home;

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(
                    "PostgreSQL is needed on 127.0.0.1:5432 (user postgres, trust auth): start it"
                            + " with .ci/run or 'pg_ctlcluster 15 main start' ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }

    @BeforeAll
    static void createDatabase() throws Exception {
        admin("CREATE DATABASE " + DATABASE);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Test
    void aSyncLandsInAJdbcCatalogAndRecordsItsRunsOnPostgres() throws Exception {
        String url = SERVER + DATABASE;
        PcwConfig config =
                IngestTestKit.config(
                        home,
                        SIM.endpoint(),
                        "AWS",
                        Map.of(
                                "lake.catalog.type",
                                "jdbc",
                                "lake.jdbc.uri",
                                url,
                                "lake.jdbc.user",
                                "postgres",
                                "metadata.db_url",
                                url,
                                "metadata.db_user",
                                "postgres"));
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = IngestTestKit.env(conf);
        IngestJob.build(env, config, true, Map.of(), new MetadataRunListener(url, "postgres", ""));
        env.execute("ingest-on-postgres");

        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME)).hasSize(120);
        assertThat(IngestTestKit.rows(config, SilverTables.SOLUTIONS_NAME))
                .hasSize(SIM.simulator().dataset("AWS").solutions().size());
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement();
                var rs =
                        s.executeQuery(
                                "SELECT COUNT(*) FROM iceberg_tables WHERE table_namespace = 'pcw_silver'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(SilverTables.all().size());
        }
        try (MetadataDb db = MetadataDb.open(url, "postgres", null)) {
            List<HealthCheckRow> health = new IngestionRuns(db, Clock.systemUTC()).healthCheck();
            assertThat(health).hasSize(4);
        }
    }
}
