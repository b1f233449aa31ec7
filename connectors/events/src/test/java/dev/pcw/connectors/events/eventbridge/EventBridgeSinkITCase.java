package dev.pcw.connectors.events.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.events.OutboundEvent;
import dev.pcw.connectors.partnercentral.simulator.eventbridge.LocalEventBridge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The EventBridge sink on a MiniCluster against a local PutEvents endpoint. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventBridgeSinkITCase {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private LocalEventBridge bus;

    @BeforeEach
    void start() throws Exception {
        bus = LocalEventBridge.start(Set.of("pcw-events"));
    }

    @AfterEach
    void stop() {
        bus.close();
    }

    private static List<OutboundEvent> events(int n, int detailBytes) {
        List<OutboundEvent> out = new ArrayList<>();
        String padding = "x".repeat(detailBytes);
        for (int i = 0; i < n; i++) {
            String id = "evt-" + i;
            String json =
                    "{\"specversion\":\"1.0\",\"id\":\""
                            + id
                            + "\",\"type\":\"pcw.partnercentral.opportunity.updated\","
                            + "\"source\":\"/pcw/connectors/partner_central/catalogs/AWS\",\"subject\":\"O"
                            + (1000000 + i % 7)
                            + "\",\"data\":{\"pad\":\""
                            + padding
                            + "\"}}";
            out.add(
                    new OutboundEvent(
                            id,
                            "pcw.partnercentral.opportunity.updated",
                            "/pcw/connectors/partner_central/catalogs/AWS",
                            "O" + (1000000 + i % 7),
                            Instant.parse("2026-11-01T00:00:00Z"),
                            json));
        }
        return out;
    }

    private void run(List<OutboundEvent> events, String busName) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.fromData(events)
                .uid("events")
                .sinkTo(
                        EventBridgeSink.builder()
                                .bus(busName)
                                .endpoint(bus.endpoint())
                                .staticCredentials("it", "secret")
                                .build())
                .uid("events-eventbridge");
        env.execute("eventbridge-it");
    }

    private Set<String> deliveredIds() throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        for (var e : bus.accepted()) {
            ids.add(MAPPER.readTree(e.path("Detail").asText()).path("id").asText());
        }
        return ids;
    }

    @Test
    void deliversEveryEventInBatchesWithinEventBridgesLimits() throws Exception {
        run(events(95, 40_000), "pcw-events");
        assertThat(deliveredIds()).hasSize(95);
        assertThat(bus.accepted())
                .hasSize(95)
                .allMatch(e -> e.path("Source").asText().equals("pcw.partner-central"))
                .allMatch(
                        e ->
                                e.path("DetailType")
                                        .asText()
                                        .equals("pcw.partnercentral.opportunity.updated"))
                .allMatch(e -> e.path("EventBusName").asText().equals("pcw-events"));
        assertThat(bus.batchSizes()).allMatch(n -> n <= 10);
        assertThat(bus.batchBytes()).allMatch(b -> b <= 256 * 1024);
        // 40 KB events: at most six fit in 256 KB, so batches were cut by size, not count.
        assertThat(bus.batchSizes()).allMatch(n -> n <= 6);
    }

    @Test
    void partialFailuresAreRetriedEntryByEntryUntilEverythingIsDelivered() throws Exception {
        bus.setEntryFailureRatio(0.3);
        run(events(200, 200), "pcw-events");
        assertThat(deliveredIds()).hasSize(200);
        // Each event accepted once: only the failed entries were sent again.
        assertThat(bus.accepted()).hasSize(200);
    }

    @Test
    void aMissingBusFailsTheJobWithWhatToFix() {
        assertThatThrownBy(() -> run(events(3, 10), "no-such-bus"))
                .satisfies(
                        t ->
                                assertThat(
                                                ExceptionUtils.findThrowable(
                                                        t, EventBridgeSinkException.class))
                                        .get()
                                        .satisfies(
                                                e ->
                                                        assertThat(e.getMessage())
                                                                .contains(
                                                                        "ResourceNotFoundException")
                                                                .contains(
                                                                        "the event bus 'no-such-bus' does not exist")));
    }

    @Test
    void accessDeniedFailsTheJobWithWhatToFix() {
        bus.setDenyAll(true);
        assertThatThrownBy(() -> run(events(3, 10), "pcw-events"))
                .satisfies(
                        t ->
                                assertThat(
                                                ExceptionUtils.findThrowable(
                                                        t, EventBridgeSinkException.class))
                                        .get()
                                        .satisfies(
                                                e ->
                                                        assertThat(e.getMessage())
                                                                .contains("AccessDeniedException")
                                                                .contains(
                                                                        "allow events:PutEvents")));
    }

    @Test
    void aSinkWithoutABusIsRefused() {
        assertThatThrownBy(() -> EventBridgeSink.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the EventBridge sink needs a bus: set EVENTBRIDGE_BUS (a name or an ARN)");
    }
}
