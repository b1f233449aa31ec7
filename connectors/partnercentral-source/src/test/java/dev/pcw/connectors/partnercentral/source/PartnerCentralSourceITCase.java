package dev.pcw.connectors.partnercentral.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.partnercentral.client.PartnerCentralAccessException;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.partnercentral.Catalog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source on a MiniCluster against the simulator. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PartnerCentralSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(300)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    private static StreamExecutionEnvironment env(int parallelism, boolean collect) {
        Configuration conf = new Configuration();
        // Every operator of ours has a uid; the test's collect sink cannot have one.
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, collect);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    private static PartnerCentralSource source(List<Catalog> catalogs) {
        return new PartnerCentralSource(
                SourceSettings.builder()
                        .client(
                                PartnerCentralClientConfig.builder()
                                        .endpoint(SIM.endpoint())
                                        .staticCredentials("source-it", "secret")
                                        .readRate(0)
                                        .readDaily(0)
                                        .backoffMillis(5, 50)
                                        .build())
                        .catalogs(catalogs)
                        .bounded(true)
                        .build(),
                RunListener.NONE);
    }

    @Test
    void aBoundedRunEmitsEveryRecordOfEveryEntityAndFinishes() throws Exception {
        StreamExecutionEnvironment env = env(2, true);
        List<BronzeRecord> out;
        try (var it =
                env.fromSource(
                                source(List.of(Catalog.AWS, Catalog.SANDBOX)),
                                WatermarkStrategy.noWatermarks(),
                                "partner-central")
                        .uid("partner-central-source")
                        .executeAndCollect("source-it")) {
            out = new java.util.ArrayList<>();
            it.forEachRemaining(out::add);
        }
        Map<String, Long> byEntity =
                out.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r.catalog() + "/" + r.entity(),
                                        Collectors.counting()));
        for (String catalog : List.of("AWS", "Sandbox")) {
            var d = SIM.simulator().dataset(catalog);
            assertThat(byEntity.get(catalog + "/opportunities"))
                    .isEqualTo(d.opportunities().size());
            assertThat(byEntity.get(catalog + "/solutions")).isEqualTo(d.solutions().size());
            assertThat(byEntity.get(catalog + "/engagement_invitations"))
                    .isEqualTo(d.invitations().size());
            assertThat(byEntity.get(catalog + "/engagements")).isEqualTo(d.engagements().size());
        }
    }

    @Test
    void accessDeniedFailsTheJobAtOnceWithWhatToCheck() {
        SIM.simulator()
                .setFaults(FaultSettings.builder().deny(FaultSettings.Deny.ACCESS_DENIED).build());
        StreamExecutionEnvironment env = env(1, false);
        env.fromSource(
                        source(List.of(Catalog.AWS)),
                        WatermarkStrategy.noWatermarks(),
                        "partner-central")
                .uid("partner-central-source")
                .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                .uid("discard");
        long start = System.nanoTime();
        assertThatThrownBy(() -> env.execute("denied"))
                .satisfies(
                        t ->
                                assertThat(
                                                org.apache.flink.util.ExceptionUtils.findThrowable(
                                                        t, PartnerCentralAccessException.class))
                                        .get()
                                        .satisfies(
                                                e ->
                                                        assertThat(e.getMessage())
                                                                .contains(
                                                                        "Partner Central denied ListOpportunities on catalog AWS")
                                                                .contains("account linking")));
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
        // One attempt, no restarts: the service saw a single call per split that started.
        assertThat(SIM.simulator().accounting().calls("ListOpportunities")).isLessThanOrEqualTo(1);
    }
}
