package dev.pcw.connectors.partnercentral.simulator.kinesis;

import dev.pcw.schemas.partnercentral.PartnerCentralEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Puts each Partner Central event the simulator produces on a Kinesis stream, as an EventBridge
 * rule with a Kinesis target would: the record is the event's JSON, the partition key the changed
 * record's id. Register it with {@code simulator.eventLog().addListener(...)}.
 */
public final class KinesisEventForwarder implements Consumer<PartnerCentralEvent>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisEventForwarder.class);

    private final KinesisClient kinesis;
    private final String stream;
    private final double duplicateShare;
    private double duplicateCredit;
    private long put;
    private long duplicated;

    /** A forwarder to {@code stream} at {@code endpoint} (a local Kinesis, such as kinesalite). */
    public KinesisEventForwarder(URI endpoint, String stream) {
        this(endpoint, stream, 0);
    }

    /**
     * A forwarder that also delivers {@code duplicateShare} (0..1) of the events a second time, as
     * EventBridge's at-least-once delivery may: evenly spread, deterministic.
     */
    public KinesisEventForwarder(URI endpoint, String stream, double duplicateShare) {
        if (duplicateShare < 0 || duplicateShare > 1) {
            throw new IllegalArgumentException("duplicateShare must be in [0, 1]");
        }
        this.duplicateShare = duplicateShare;
        this.stream = stream;
        this.kinesis =
                KinesisClient.builder()
                        .endpointOverride(endpoint)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                "pcw-simulator", "simulator-secret")))
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
    }

    @Override
    public synchronized void accept(PartnerCentralEvent event) {
        putOnce(event);
        duplicateCredit += duplicateShare;
        if (duplicateCredit >= 1) {
            duplicateCredit -= 1;
            duplicated++;
            putOnce(event);
        }
    }

    /** Records put so far, duplicates included. */
    public synchronized long put() {
        return put;
    }

    /** Events delivered a second time so far. */
    public synchronized long duplicated() {
        return duplicated;
    }

    private void putOnce(PartnerCentralEvent event) {
        put++;
        try {
            kinesis.putRecord(
                    b ->
                            b.streamName(stream)
                                    .partitionKey(
                                            event.identifier() == null
                                                    ? event.id()
                                                    : event.identifier())
                                    .data(
                                            SdkBytes.fromString(
                                                    event.toJson().toString(),
                                                    StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            // Best effort, like EventBridge's own delivery of Partner Central events.
            LOG.warn("could not put {} on Kinesis stream {}: {}", event, stream, e.getMessage());
        }
    }

    @Override
    public void close() {
        kinesis.close();
    }
}
