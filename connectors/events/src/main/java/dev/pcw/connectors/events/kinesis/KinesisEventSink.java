package dev.pcw.connectors.events.kinesis;

import dev.pcw.connectors.events.OutboundEvent;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;

/**
 * Change events to a Kinesis stream with Flink's Kinesis sink: the record is the structured
 * CloudEvent, the partition key its subject (the record id), so one record's events land on one
 * shard in order. One request in flight at a time: a retried batch can never overtake a later one.
 */
public final class KinesisEventSink {
    private KinesisEventSink() {}

    /**
     * @param clientProperties the connector's AWS properties ({@code aws.region}, and for a local
     *     endpoint {@code aws.endpoint}, {@code aws.credentials.provider=BASIC}…)
     */
    public static KinesisStreamsSink<OutboundEvent> create(
            String stream, Properties clientProperties) {
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("the Kinesis event sink needs a stream name");
        }
        return KinesisStreamsSink.<OutboundEvent>builder()
                .setStreamName(stream)
                .setKinesisClientProperties(clientProperties)
                .setSerializationSchema(
                        (SerializationSchema<OutboundEvent>)
                                e -> e.json().getBytes(StandardCharsets.UTF_8))
                .setPartitionKeyGenerator(e -> e.subject() != null ? e.subject() : e.id())
                .setMaxInFlightRequests(1)
                .setFailOnError(false)
                .build();
    }

    /**
     * The Kinesis connector's AWS client properties (sink and consumer alike).
     *
     * @param endpoint an endpoint override (a local Kinesis such as kinesalite), or blank for AWS;
     *     a plain {@code http://} one is spoken to over HTTP/1.1
     * @param accessKeyId static keys, or blank for the default credentials chain
     */
    public static Properties clientProperties(
            String region, String endpoint, String accessKeyId, String secretAccessKey) {
        Properties p = new Properties();
        p.setProperty("aws.region", region.trim());
        if (endpoint != null && !endpoint.isBlank()) {
            p.setProperty("aws.endpoint", endpoint.trim());
            if (endpoint.trim().startsWith("http://")) {
                // Local Kinesis-compatible servers (kinesalite) speak HTTP/1.1 only.
                p.setProperty("aws.http.protocol.version", "HTTP1_1");
            }
        }
        if (accessKeyId != null && !accessKeyId.isBlank()) {
            p.setProperty("aws.credentials.provider", "BASIC");
            p.setProperty("aws.credentials.provider.basic.accesskeyid", accessKeyId.trim());
            p.setProperty("aws.credentials.provider.basic.secretkey", secretAccessKey);
        }
        return p;
    }
}
