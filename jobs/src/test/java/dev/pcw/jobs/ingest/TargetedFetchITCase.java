package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.jobs.hybrid.FetchRequest;
import dev.pcw.jobs.hybrid.TargetedFetch;
import dev.pcw.schemas.bronze.BronzeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fetch that an event asked for and that cannot be made (the service failing it every time): in
 * hybrid mode the next scheduled sync picks the record up, so the fetch is left; in streaming mode
 * none comes, and the fetch used to be dropped for good. It now fails the job, whose restart sends
 * the fetch again from the async operator's state.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TargetedFetchITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(10)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED)
                            .faults(
                                    FaultSettings.builder()
                                            .errorRatio(1.0)
                                            .operations(Set.of("GetOpportunity"))
                                            .build()));

    private static List<BronzeRecord> fetchOne(boolean scheduledSyncCatchesUp) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        String id = SIM.simulator().dataset("AWS").opportunities().ids().get(0);
        PartnerCentralClientConfig client =
                PartnerCentralClientConfig.builder()
                        .endpoint(SIM.endpoint())
                        .staticCredentials("fetch-it", "secret")
                        .readRate(0)
                        .readDaily(0)
                        .maxAttempts(2)
                        .backoffMillis(5, 20)
                        .build();
        List<BronzeRecord> out = new ArrayList<>();
        try (var it =
                AsyncDataStream.orderedWait(
                                env.fromData(
                                        new FetchRequest(
                                                "AWS",
                                                "opportunities",
                                                id,
                                                "event-1",
                                                System.currentTimeMillis())),
                                new TargetedFetch(
                                        client, 1, scheduledSyncCatchesUp, RunListener.NONE),
                                1,
                                TimeUnit.MINUTES,
                                10)
                        .executeAndCollect("targeted-fetch")) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void hybridLeavesAFailedFetchToTheScheduledSync() throws Exception {
        assertThat(fetchOne(true)).isEmpty();
        // Both attempts were made, then the fetch was left.
        assertThat(SIM.simulator().accounting().calls("GetOpportunity")).isEqualTo(2);
    }

    @Test
    void streamingFailsTheJobSoThatItsRestartFetchesAgain() {
        assertThatThrownBy(() -> fetchOne(false))
                .satisfies(
                        t ->
                                assertThat(
                                                ExceptionUtils.findThrowableWithMessage(
                                                        t, "in streaming mode no scheduled sync"))
                                        .isPresent());
    }
}
