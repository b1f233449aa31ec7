package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.schemas.silver.SilverTables;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Querying chapter holds: every query of {@code examples/queries/} runs in Flink SQL
 * (as {@code pcw query -f} runs it) over a lake a sync filled, and answers the questions it says;
 * the Athena view over the history lists exactly the history table's columns.
 */
@Timeout(300)
class QueriesITCase {
    @TempDir Path home;

    @Test
    void theExampleQueriesRunOverASyncedLake() throws Exception {
        try (PartnerCentralSimulator sim =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(200)
                                // Recent data: "this week" and "stuck for 14 days" have rows.
                                .anchor(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                                .quotas(QuotaSettings.UNLIMITED)
                                .build())) {
            Map<String, String> set = new TreeMap<>();
            set.put("home", home.toString());
            set.put("connectors.partner_central.endpoint", sim.endpoint().toString());
            set.put("connectors.partner_central.access_key_id", "queries-it");
            set.put("connectors.partner_central.secret_access_key", "not-a-secret");
            set.put("connectors.partner_central.entities", "opportunities");
            set.put("flink.checkpoint_interval", "1s");
            PcwConfig cfg = PcwConfig.load(null, Map.of(), set);
            StreamExecutionEnvironment env = LocalFlink.environment(cfg, null);
            IngestJob.build(env, cfg, true, Map.of(), LocalFlink.listener(cfg));
            env.execute("queries-it sync");

            TableEnvironment tables = LocalFlink.tables(cfg);
            Map<String, List<Row>> answers = new TreeMap<>();
            Map<String, List<String>> columns = new TreeMap<>();
            try (DirectoryStream<Path> files =
                    Files.newDirectoryStream(
                            PcwProcess.ROOT.resolve("examples/queries"), "*.sql")) {
                for (Path f : files) {
                    // As pcw query -f reads it: one read-only statement, comments around it.
                    String sql = SqlStatements.single(Files.readString(f));
                    SqlStatements.requireReadOnly(sql);
                    TableResult r = tables.executeSql(sql);
                    List<Row> rows = new ArrayList<>();
                    try (CloseableIterator<Row> it = r.collect()) {
                        it.forEachRemaining(rows::add);
                    }
                    answers.put(f.getFileName().toString(), rows);
                    columns.put(f.getFileName().toString(), r.getResolvedSchema().getColumnNames());
                }
            }
            assertThat(answers)
                    .containsOnlyKeys(
                            "changed-this-week.sql",
                            "pipeline-by-stage-and-month.sql",
                            "revenue-by-industry.sql",
                            "stuck-in-review.sql");
            assertThat(columns.get("pipeline-by-stage-and-month.sql"))
                    .containsExactly(
                            "stage", "close_month", "opportunities", "expected_revenue_usd");
            assertThat(answers.get("pipeline-by-stage-and-month.sql")).isNotEmpty();
            assertThat(answers.get("revenue-by-industry.sql")).isNotEmpty();
            long open =
                    answers.get("revenue-by-industry.sql").stream()
                            .mapToLong(r -> (Long) r.getField("opportunities"))
                            .sum();
            assertThat(open).isPositive().isLessThanOrEqualTo(200);
            assertThat(answers.get("changed-this-week.sql")).isNotEmpty();
            assertThat(columns.get("stuck-in-review.sql")).contains("days_waiting");
            for (Row r : answers.get("stuck-in-review.sql")) {
                assertThat((Integer) r.getField("days_waiting")).isGreaterThanOrEqualTo(14);
            }
        }
    }

    @Test
    void theAthenaViewListsTheHistoryTablesColumns() throws Exception {
        String view = Files.readString(PcwProcess.ROOT.resolve("deploy/athena/views.sql"));
        String select = view.substring(view.indexOf("SELECT ") + 7, view.indexOf("FROM ("));
        List<String> listed =
                Arrays.stream(select.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toList());
        assertThat(listed)
                .containsExactlyElementsOf(
                        SilverTables.byName("partnercentral_opportunity_history")
                                .schema()
                                .columns()
                                .stream()
                                .map(Types.NestedField::name)
                                .collect(Collectors.toList()));
    }
}
