package dev.pcw.connectors.events.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.events.OutboundEvent;
import dev.pcw.connectors.partnercentral.simulator.junit.Kinesalite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Change events to Kinesis against kinesalite: every event once, each subject's in order. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KinesisEventSinkITCase {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STREAM = "pcw-events";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static Kinesalite kinesalite;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() throws Exception {
        kinesalite = Kinesalite.start();
        kinesis = kinesalite.client();
        kinesalite.createStream(STREAM, 3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kinesis != null) {
            kinesis.close();
        }
        if (kinesalite != null) {
            kinesalite.close();
        }
    }

    @Test
    void everyEventLandsOnceAndEachSubjectKeepsItsOrder() throws Exception {
        List<OutboundEvent> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String subject = "O" + (1000000 + i % 9);
            String json =
                    "{\"specversion\":\"1.0\",\"id\":\"evt-"
                            + i
                            + "\",\"subject\":\""
                            + subject
                            + "\",\"type\":\"pcw.partnercentral.opportunity.updated\",\"data\":{\"seq\":"
                            + i
                            + "}}";
            events.add(
                    new OutboundEvent(
                            "evt-" + i,
                            "pcw.partnercentral.opportunity.updated",
                            "/pcw/connectors/partner_central/catalogs/AWS",
                            subject,
                            Instant.now(),
                            json));
        }
        Properties props =
                KinesisEventSink.clientProperties(
                        "us-east-1", kinesalite.endpoint(), "it", "secret");

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromData(events)
                .uid("events")
                .sinkTo(KinesisEventSink.create(STREAM, props))
                .uid("events-kinesis");
        env.execute("kinesis-it");

        Map<String, List<Integer>> bySubject = new HashMap<>();
        int total = 0;
        for (Shard shard : kinesis.listShards(b -> b.streamName(STREAM)).shards()) {
            String it =
                    kinesis.getShardIterator(
                                    b ->
                                            b.streamName(STREAM)
                                                    .shardId(shard.shardId())
                                                    .shardIteratorType(
                                                            ShardIteratorType.TRIM_HORIZON))
                            .shardIterator();
            for (int round = 0; round < 5 && it != null; round++) {
                String iterator = it;
                var r = kinesis.getRecords(b -> b.shardIterator(iterator).limit(1000));
                for (Record rec : r.records()) {
                    JsonNode e = MAPPER.readTree(rec.data().asByteArray());
                    assertThat(rec.partitionKey()).isEqualTo(e.path("subject").asText());
                    bySubject
                            .computeIfAbsent(e.path("subject").asText(), k -> new ArrayList<>())
                            .add(e.at("/data/seq").asInt());
                    total++;
                }
                it = r.records().isEmpty() ? null : r.nextShardIterator();
            }
        }
        assertThat(total).isEqualTo(120);
        assertThat(bySubject).hasSize(9);
        bySubject.values().forEach(seqs -> assertThat(seqs).isSorted());
    }
}
