package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverTables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The ingest job on a MiniCluster: simulator → bronze files, Iceberg silver, ingestion runs. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class IngestJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(400)
                            .sandboxOpportunities(40)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir Path home;

    private PcwConfig config;

    @BeforeEach
    void configure() {
        config = IngestTestKit.config(home, SIM.endpoint(), "AWS,Sandbox", Map.of());
    }

    private void runBounded() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = IngestTestKit.env(conf);
        IngestTestKit.build(env, config, true);
        env.execute("ingest-it");
    }

    private List<Record> rows(String table) {
        return IngestTestKit.rows(config, table);
    }

    private List<String> bronzeLines(String entity) throws IOException {
        return IngestTestKit.bronzeLines(home, entity);
    }

    @Test
    void aFullThenAnIncrementalSyncLandExactlyTheSimulatorsRecords() throws Exception {
        runBounded();

        int aws = SIM.simulator().dataset("AWS").opportunities().size();
        int sandbox = SIM.simulator().dataset("Sandbox").opportunities().size();
        List<Record> current = rows(SilverTables.OPPORTUNITIES_NAME);
        assertThat(current).hasSize(aws + sandbox);
        assertThat(rows(SilverTables.OPPORTUNITY_HISTORY_NAME)).hasSize(aws + sandbox);
        assertThat(bronzeLines("opportunities")).hasSize(aws + sandbox);
        assertThat(rows(SilverTables.SOLUTIONS_NAME))
                .hasSize(
                        SIM.simulator().dataset("AWS").solutions().size()
                                + SIM.simulator().dataset("Sandbox").solutions().size());
        assertThat(rows(SilverTables.ENGAGEMENT_INVITATIONS_NAME))
                .hasSize(
                        SIM.simulator().dataset("AWS").invitations().size()
                                + SIM.simulator().dataset("Sandbox").invitations().size());
        assertThat(rows(SilverTables.ENGAGEMENTS_NAME))
                .hasSize(
                        SIM.simulator().dataset("AWS").engagements().size()
                                + SIM.simulator().dataset("Sandbox").engagements().size());

        // Spot values: one record, as the API serves it and as silver holds it.
        String id = SIM.simulator().dataset("AWS").opportunities().ids().get(5);
        var detail =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(SIM.simulator().dataset("AWS").opportunities().get(id).detail());
        Record row =
                current.stream()
                        .filter(
                                r ->
                                        id.equals(r.getField("id"))
                                                && "AWS".equals(r.getField("catalog")))
                        .findFirst()
                        .orElseThrow();
        assertThat(row.getField("customer_company_name"))
                .isEqualTo(detail.at("/Customer/Account/CompanyName").asText());
        assertThat(row.getField("stage")).isEqualTo(detail.at("/LifeCycle/Stage").asText());
        assertThat(row.getField("expected_revenue_usd")).isNotNull();

        Set<String> changed;
        List<Change> changes = SIM.simulator().applyChanges("AWS", 30);
        changed =
                changes.stream()
                        .filter(c -> c.entity() == PartnerCentralEntity.OPPORTUNITIES)
                        .map(Change::id)
                        .collect(Collectors.toSet());
        long getsBefore = SIM.simulator().accounting().calls("GetOpportunity");
        runBounded();
        long gets = SIM.simulator().accounting().calls("GetOpportunity") - getsBefore;

        // Only the changes were fetched: one GetOpportunity per changed opportunity.
        assertThat(gets).isEqualTo(changed.size());
        int created =
                (int)
                        changes.stream()
                                .filter(
                                        c ->
                                                c.entity() == PartnerCentralEntity.OPPORTUNITIES
                                                        && c.kind().equals("created"))
                                .count();
        assertThat(rows(SilverTables.OPPORTUNITIES_NAME)).hasSize(aws + sandbox + created);
        assertThat(rows(SilverTables.OPPORTUNITY_HISTORY_NAME))
                .hasSize(aws + sandbox + changed.size());

        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            List<IngestionRun> runs = new IngestionRuns(db, Clock.systemUTC()).recent(100);
            assertThat(runs).hasSize(16).allMatch(r -> r.status().name().equals("SUCCEEDED"));
            assertThat(runs)
                    .filteredOn(
                            r ->
                                    r.entity().equals("opportunities")
                                            && r.mode().equals("incremental"))
                    .hasSize(2);
            assertThat(new IngestionRuns(db, Clock.systemUTC()).healthCheck()).isNotEmpty();
        }
    }

    /**
     * Also: each run's {@code dead_letters} in {@code ingestion_runs} and in its run-completed
     * event is the number of its rows in the {@code dead_letters} table. Both used to count only
     * the responses that were not JSON, missing what the normalizer set aside (a required member
     * missing, a wrong type).
     */
    @Test
    void malformedPayloadsLandInDeadLettersWhileGoodRecordsFlow() throws Exception {
        SIM.simulator().setFaults(FaultSettings.builder().malformedRatio(0.2).build());
        config =
                IngestTestKit.config(
                        home, SIM.endpoint(), "AWS,Sandbox", Map.of("events.sinks", "file"));
        runBounded();
        List<Record> dead = rows(SilverTables.DEAD_LETTERS_NAME);
        assertThat(dead).hasSizeGreaterThanOrEqualTo(50);
        assertThat(dead)
                .allSatisfy(
                        r -> {
                            assertThat((String) r.getField("reason")).isNotBlank();
                            assertThat((String) r.getField("raw_payload")).isNotBlank();
                        });
        int aws = SIM.simulator().dataset("AWS").opportunities().size();
        int sandbox = SIM.simulator().dataset("Sandbox").opportunities().size();
        long opportunityDead =
                dead.stream().filter(r -> "opportunities".equals(r.getField("entity"))).count();
        assertThat(rows(SilverTables.OPPORTUNITIES_NAME))
                .hasSize((int) (aws + sandbox - opportunityDead));

        Map<String, Long> perRun =
                dead.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> (String) r.getField("run_id"), Collectors.counting()));
        // Not only unreadable responses: the normalizer set aside readable ones too.
        assertThat(dead).anyMatch(r -> !"INVALID_JSON".equals(r.getField("reason_code")));
        Map<String, Long> recorded;
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            recorded =
                    new IngestionRuns(db, Clock.systemUTC())
                            .recent(100).stream()
                                    .collect(
                                            Collectors.toMap(
                                                    IngestionRun::runId,
                                                    r -> r.stats().deadLetters()));
        }
        Map<String, Long> announced =
                IngestTestKit.events(home).stream()
                        .filter(
                                e ->
                                        e.path("type")
                                                .asText()
                                                .equals(
                                                        dev.pcw.schemas.events.EventTypes
                                                                .CONNECTOR_RUN_COMPLETED))
                        .collect(
                                Collectors.toMap(
                                        e -> e.at("/data/run_id").asText(),
                                        e -> e.at("/data/dead_letters").asLong()));
        assertThat(recorded).hasSize(8);
        assertThat(announced).isEqualTo(recorded);
        recorded.forEach((run, n) -> assertThat(n).as(run).isEqualTo(perRun.getOrDefault(run, 0L)));
    }
}
