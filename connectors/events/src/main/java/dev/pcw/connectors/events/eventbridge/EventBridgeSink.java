package dev.pcw.connectors.events.eventbridge;

import dev.pcw.connectors.events.OutboundEvent;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Change events to an EventBridge bus with PutEvents, on Flink's AsyncSink: batches of at most 10
 * entries and 256 KB (EventBridge's limits), partial failures retried entry by entry, fatal errors
 * failing the job with what to check.
 *
 * <pre>{@code
 * EventBridgeSink sink = EventBridgeSink.builder()
 *         .bus(System.getenv("EVENTBRIDGE_BUS"))   // name or ARN
 *         .region("us-east-1")
 *         .build();
 * events.sinkTo(sink).uid("events-eventbridge");
 * }</pre>
 */
public final class EventBridgeSink extends AsyncSinkBase<OutboundEvent, PutEventsRequestEntry> {
    private static final long serialVersionUID = 1L;

    /** EventBridge's limits for one PutEvents call. */
    static final int MAX_ENTRIES = 10;

    static final long MAX_BATCH_BYTES = 256 * 1024;

    /** PutEvents calls in flight per sink subtask. */
    public static final int MAX_IN_FLIGHT = 4;

    /** Creates the client on the task; serializable so that no client travels with the job. */
    public interface ClientFactory extends Serializable {
        EventBridgeClient create();
    }

    private final ClientFactory clientFactory;
    private final String bus;

    private EventBridgeSink(ClientFactory clientFactory, String bus) {
        super(
                new EventBridgeElementConverter(bus),
                MAX_ENTRIES,
                MAX_IN_FLIGHT,
                10_000,
                MAX_BATCH_BYTES,
                1_000,
                MAX_BATCH_BYTES);
        this.clientFactory = clientFactory;
        this.bus = bus;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public StatefulSinkWriter<OutboundEvent, BufferedRequestState<PutEventsRequestEntry>>
            createWriter(InitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<OutboundEvent, BufferedRequestState<PutEventsRequestEntry>>
            restoreWriter(
                    InitContext context,
                    Collection<BufferedRequestState<PutEventsRequestEntry>> state)
                    throws IOException {
        return new EventBridgeSinkWriter(
                getElementConverter(),
                context,
                AsyncSinkWriterConfiguration.builder()
                        .setMaxBatchSize(getMaxBatchSize())
                        .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                        .setMaxInFlightRequests(getMaxInFlightRequests())
                        .setMaxBufferedRequests(getMaxBufferedRequests())
                        .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                        .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                        .build(),
                state,
                clientFactory,
                bus);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<PutEventsRequestEntry>>
            getWriterStateSerializer() {
        return new EventBridgeStateSerializer();
    }

    /** Builds an {@link EventBridgeSink}. */
    public static final class Builder {
        private String bus;
        private String region = "us-east-1";
        private String endpoint;
        private String accessKeyId;
        private String secretAccessKey;

        /** The bus name or ARN ({@code EVENTBRIDGE_BUS}); required. */
        public Builder bus(String v) {
            bus = v;
            return this;
        }

        public Builder region(String v) {
            region = v;
            return this;
        }

        /** An endpoint override (a local PutEvents endpoint in tests). */
        public Builder endpoint(URI v) {
            endpoint = v == null ? null : v.toString();
            return this;
        }

        /** Static keys, for local endpoints; AWS uses the default credentials chain. */
        public Builder staticCredentials(String keyId, String secret) {
            accessKeyId = keyId;
            secretAccessKey = secret;
            return this;
        }

        public EventBridgeSink build() {
            if (bus == null || bus.isBlank()) {
                throw new IllegalArgumentException(
                        "the EventBridge sink needs a bus: set EVENTBRIDGE_BUS (a name or an ARN)");
            }
            String r = region;
            String e = endpoint;
            String k = accessKeyId;
            String s = secretAccessKey;
            ClientFactory factory =
                    () -> {
                        EventBridgeClientBuilder b =
                                EventBridgeClient.builder()
                                        .region(Region.of(r))
                                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                                        .overrideConfiguration(
                                                o -> o.retryStrategy(x -> x.maxAttempts(1)))
                                        .credentialsProvider(
                                                k == null
                                                        ? DefaultCredentialsProvider.builder()
                                                                .build()
                                                        : StaticCredentialsProvider.create(
                                                                AwsBasicCredentials.create(k, s)));
                        if (e != null) {
                            b.endpointOverride(URI.create(e));
                        }
                        return b.build();
                    };
            return new EventBridgeSink(factory, bus);
        }
    }
}
