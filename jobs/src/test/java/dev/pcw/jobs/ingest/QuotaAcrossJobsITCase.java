package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.metadata.ApiUsage;
import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.protocol.SellingApi;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily read budget holds across jobs: every read call the source makes is recorded in the
 * metadata DB ({@code api_usage}), and a new job's quota governor starts from the last 24 hours of
 * it. Each job used to start with a full budget, so a day of restarts could spend it many times.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class QuotaAcrossJobsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(80)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir Path home;

    private static long readsServed() {
        long n = 0;
        for (String op : SellingApi.IMPLEMENTED) {
            if (op.startsWith("List") || op.startsWith("Get")) {
                n += SIM.simulator().accounting().calls(op);
            }
        }
        return n;
    }

    private StreamExecutionEnvironment env(PcwConfig config) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = IngestTestKit.env(conf);
        IngestTestKit.build(env, config, true);
        return env;
    }

    @Test
    void aNewJobStartsFromTheReadCallsOfTheLastDay() throws Exception {
        PcwConfig unlimited = IngestTestKit.config(home, SIM.endpoint(), "AWS", Map.of());
        env(unlimited).execute("quota-first");

        long served = readsServed();
        assertThat(served).isPositive();
        long recorded;
        try (MetadataDb db = MetadataDb.open(unlimited.get("metadata.db_url"))) {
            String pc =
                    new Connectors(db, Clock.systemUTC())
                            .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            recorded =
                    new ApiUsage(db, Clock.systemUTC())
                            .since(pc, ApiUsage.READ, Duration.ofHours(24)).values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum();
        }
        // Every attempt the service counted is in the metadata DB.
        assertThat(recorded).isEqualTo(served);

        // A second job whose daily budget is what the first one spent: it waits for the window
        // to roll instead of calling (without the carry-over it would sync at once).
        SIM.simulator().applyChanges("AWS", 10);
        PcwConfig spent =
                IngestTestKit.config(
                        home,
                        SIM.endpoint(),
                        "AWS",
                        Map.of(
                                "connectors.partner_central.quota.read_daily",
                                Long.toString(served)));
        JobClient second = env(spent).executeAsync("quota-second");
        try {
            Thread.sleep(8_000);
            assertThat(second.getJobStatus().get().isGloballyTerminalState())
                    .as("still waiting for its budget")
                    .isFalse();
            assertThat(readsServed()).as("no call beyond the day's budget").isEqualTo(served);
        } finally {
            IngestTestKit.cancelAndWait(second);
        }
    }
}
