package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.eventbridge.LocalEventBridge;
import dev.pcw.connectors.partnercentral.simulator.junit.Kinesalite;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.events.EventTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The ingest job with all three event sinks at once ({@code events.sinks:
 * file,eventbridge,kinesis}) against a local PutEvents endpoint and kinesalite: each sink gets
 * every event once, the same events, with the envelope each promises (EventBridge Source and
 * DetailType, Kinesis partition key = subject).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EventSinksITCase {
    private static final int COUNT = 60;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(COUNT)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir Path home;

    @Test
    void everySinkGetsEveryEventOnce() throws Exception {
        try (LocalEventBridge bus = LocalEventBridge.start(Set.of("pcw-it"));
                Kinesalite kinesalite = Kinesalite.start();
                KinesisClient kinesis = kinesalite.client()) {
            kinesalite.createStream("pcw-events", 2);
            // Some PutEvents entries fail and are retried: still each event once.
            bus.setEntryFailureRatio(0.2);

            Map<String, String> set = new HashMap<>();
            set.put("connectors.partner_central.entities", "opportunities,solutions");
            set.put("events.sinks", "file,eventbridge,kinesis");
            set.put("events.eventbridge_bus", "pcw-it");
            set.put("events.eventbridge_endpoint", bus.endpoint().toString());
            set.put("events.kinesis_stream", "pcw-events");
            set.put("events.kinesis_endpoint", kinesalite.endpoint());
            set.put("events.access_key_id", "it");
            set.put("events.secret_access_key", "secret");
            PcwConfig config = IngestTestKit.config(home, SIM.endpoint(), "AWS", set);
            StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
            IngestTestKit.build(env, config, false);
            env.execute("all-sinks");

            List<JsonNode> file = IngestTestKit.events(home);
            Set<String> ids =
                    file.stream().map(e -> e.path("id").asText()).collect(Collectors.toSet());
            assertThat(file).hasSize(ids.size());
            assertThat(file)
                    .filteredOn(e -> e.path("type").asText().equals(EventTypes.OPPORTUNITY_CREATED))
                    .hasSize(COUNT);
            assertThat(file)
                    .filteredOn(
                            e -> e.path("type").asText().equals(EventTypes.CONNECTOR_RUN_COMPLETED))
                    .hasSize(2);

            List<JsonNode> bridged = new ArrayList<>();
            for (JsonNode entry : bus.accepted()) {
                assertThat(entry.path("EventBusName").asText()).isEqualTo("pcw-it");
                assertThat(entry.path("Source").asText()).isEqualTo("pcw.partner-central");
                JsonNode event = MAPPER.readTree(entry.path("Detail").asText());
                assertThat(entry.path("DetailType").asText())
                        .isEqualTo(event.path("type").asText());
                bridged.add(event);
            }
            assertThat(bus.failedCount()).isPositive();
            assertThat(bridged)
                    .extracting(e -> e.path("id").asText())
                    .hasSize(ids.size())
                    .containsExactlyInAnyOrderElementsOf(ids);

            List<String> streamed = new ArrayList<>();
            for (Shard shard : kinesis.listShards(b -> b.streamName("pcw-events")).shards()) {
                String it =
                        kinesis.getShardIterator(
                                        b ->
                                                b.streamName("pcw-events")
                                                        .shardId(shard.shardId())
                                                        .shardIteratorType(
                                                                ShardIteratorType.TRIM_HORIZON))
                                .shardIterator();
                for (Record r :
                        kinesis.getRecords(b -> b.shardIterator(it).limit(10_000)).records()) {
                    JsonNode event = MAPPER.readTree(r.data().asString(StandardCharsets.UTF_8));
                    assertThat(r.partitionKey()).isEqualTo(event.path("subject").asText());
                    streamed.add(event.path("id").asText());
                }
            }
            assertThat(streamed).hasSize(ids.size()).containsExactlyInAnyOrderElementsOf(ids);
        }
    }
}
