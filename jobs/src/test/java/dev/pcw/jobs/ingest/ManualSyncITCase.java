package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.SyncRequests;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverTables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manual sync request (what the sidecar's {@code POST /sync} records) carried out by a running
 * job: a pass of the entity starts within seconds, although the schedule's next tick is a year
 * away, and the request is linked to that pass's run, whose status is its outcome.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ManualSyncITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(60)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir Path home;

    private static void await(String what, long millis, BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aRunningJobCarriesOutASyncRequestWithinSeconds() throws Exception {
        PcwConfig config =
                IngestTestKit.config(
                        home,
                        SIM.endpoint(),
                        "AWS",
                        Map.of(
                                "connectors.partner_central.entities", "solutions",
                                "connectors.partner_central.mode", "hybrid",
                                "connectors.partner_central.schedule_cron", "0 0 1 1 *",
                                "flink.checkpoint_interval", "300ms"));
        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        IngestJob.build(
                env,
                config,
                false,
                Map.of(),
                new MetadataRunListener(config.get("metadata.db_url"), "", ""));
        JobClient job = env.executeAsync("manual-sync");
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            Set<String> simulated =
                    Set.copyOf(
                            SIM.simulator()
                                    .dataset("AWS")
                                    .store(PartnerCentralEntity.SOLUTIONS)
                                    .ids());
            await(
                    "the first pass in silver",
                    120_000,
                    () ->
                            IngestTestKit.rows(config, SilverTables.SOLUTIONS_NAME).stream()
                                    .map(r -> (String) r.getField("id"))
                                    .collect(Collectors.toSet())
                                    .equals(simulated));
            long lists = SIM.simulator().accounting().calls("ListSolutions");
            String connector =
                    new Connectors(db, Clock.systemUTC())
                            .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            SyncRequests requests = new SyncRequests(db, Clock.systemUTC());
            long asked = System.currentTimeMillis();
            String id = requests.create(connector, "AWS", "solutions", "full", "tester", "req-1");
            await(
                    "the request's pass to start",
                    10_000,
                    () -> requests.recent(connector, 10).get(0).runId != null);
            long startedAfter = System.currentTimeMillis() - asked;
            SyncRequests.Request linked = requests.recent(connector, 10).get(0);
            assertThat(linked.id).isEqualTo(id);
            assertThat(linked.status).isEqualTo(SyncRequests.RUNNING);
            assertThat(startedAfter).as("started within 10 s").isLessThanOrEqualTo(10_000);
            await(
                    "the request's run to succeed",
                    60_000,
                    () -> "SUCCEEDED".equals(requests.recent(connector, 10).get(0).runStatus));
            assertThat(SIM.simulator().accounting().calls("ListSolutions"))
                    .as("a second pass listed the solutions again")
                    .isGreaterThan(lists);
            assertThat(requests.pending(connector)).isEmpty();
        } finally {
            IngestTestKit.cancelAndWait(job);
        }
    }
}
