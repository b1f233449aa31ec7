package dev.pcw.connectors.partnercentral.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.junit.Kinesalite;
import dev.pcw.connectors.partnercentral.simulator.kinesis.KinesisEventForwarder;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.schemas.partnercentral.PartnerCentralEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The simulator's changes reach a Kinesis stream (kinesalite) as Partner Central events. */
class KinesisEventForwarderITCase {
    @Test
    void everyChangeWithAnEventIsPutOnTheStream() throws Exception {
        try (Kinesalite kl = Kinesalite.start();
                KinesisClient kinesis = kl.client();
                PartnerCentralSimulator sim =
                        PartnerCentralSimulator.start(
                                SimulatorConfig.builder()
                                        .port(0)
                                        .opportunities(50)
                                        .quotas(QuotaSettings.UNLIMITED)
                                        .build());
                KinesisEventForwarder forwarder =
                        new KinesisEventForwarder(URI.create(kl.endpoint()), "pc-events")) {
            kl.createStream("pc-events", 2);
            sim.eventLog().addListener(forwarder);

            List<Change> changes = sim.applyChanges("AWS", 30);
            Set<String> expected =
                    changes.stream()
                            .filter(c -> c.event() != null)
                            .map(c -> c.event().id())
                            .collect(Collectors.toSet());

            List<PartnerCentralEvent> got = new ArrayList<>();
            for (Shard shard : kinesis.listShards(b -> b.streamName("pc-events")).shards()) {
                String it =
                        kinesis.getShardIterator(
                                        b ->
                                                b.streamName("pc-events")
                                                        .shardId(shard.shardId())
                                                        .shardIteratorType(
                                                                ShardIteratorType.TRIM_HORIZON))
                                .shardIterator();
                for (Record r :
                        kinesis.getRecords(b -> b.shardIterator(it).limit(1000)).records()) {
                    PartnerCentralEvent e =
                            PartnerCentralEvent.parse(r.data().asString(StandardCharsets.UTF_8));
                    assertThat(r.partitionKey()).isEqualTo(e.identifier());
                    got.add(e);
                }
            }
            assertThat(got)
                    .extracting(PartnerCentralEvent::id)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(got).allMatch(e -> e.catalog().equals("AWS"));
        }
    }
}
