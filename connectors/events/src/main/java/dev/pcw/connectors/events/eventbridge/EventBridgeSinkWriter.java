package dev.pcw.connectors.events.eventbridge;

import dev.pcw.connectors.events.OutboundEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Sends batches of change events with PutEvents. A partial failure is retried entry by entry: the
 * entries whose {@code ErrorCode} a retry can fix go back into the buffer, the rest are accepted;
 * an error no retry can fix (missing bus, access denied, a malformed entry) fails the job with what
 * to check. The call runs on a small pool so the task thread never waits on the network.
 *
 * <p>Metrics: {@code eventsSent}, {@code eventsRetried}, {@code eventsFailed}.
 */
final class EventBridgeSinkWriter extends AsyncSinkWriter<OutboundEvent, PutEventsRequestEntry> {
    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeSinkWriter.class);

    private final EventBridgeSink.ClientFactory clientFactory;
    private final String bus;
    private final ExecutorService calls;
    private transient EventBridgeClient client;
    private final Counter sent;
    private final Counter retried;
    private final Counter failed;

    EventBridgeSinkWriter(
            ElementConverter<OutboundEvent, PutEventsRequestEntry> converter,
            Sink.InitContext context,
            AsyncSinkWriterConfiguration config,
            Collection<BufferedRequestState<PutEventsRequestEntry>> state,
            EventBridgeSink.ClientFactory clientFactory,
            String bus) {
        super(converter, context, config, state);
        this.clientFactory = clientFactory;
        this.bus = bus;
        this.calls =
                Executors.newFixedThreadPool(
                        Math.max(1, config.getMaxInFlightRequests()),
                        r -> {
                            Thread t = new Thread(r, "pcw-eventbridge-put");
                            t.setDaemon(true);
                            return t;
                        });
        this.sent = context.metricGroup().counter("eventsSent");
        this.retried = context.metricGroup().counter("eventsRetried");
        this.failed = context.metricGroup().counter("eventsFailed");
    }

    private synchronized EventBridgeClient client() {
        if (client == null) {
            client = clientFactory.create();
        }
        return client;
    }

    @Override
    protected void submitRequestEntries(
            List<PutEventsRequestEntry> entries, ResultHandler<PutEventsRequestEntry> result) {
        calls.execute(() -> put(entries, result));
    }

    private void put(
            List<PutEventsRequestEntry> entries, ResultHandler<PutEventsRequestEntry> result) {
        PutEventsResponse response;
        try {
            response = client().putEvents(PutEventsRequest.builder().entries(entries).build());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (EventBridgeExceptionClassifiers.fatalRequest(code) || e.statusCode() == 403) {
                failed.inc(entries.size());
                result.completeExceptionally(
                        new EventBridgeSinkException(
                                "EventBridge refused PutEvents on bus '"
                                        + bus
                                        + "' ("
                                        + code
                                        + ": "
                                        + (e.awsErrorDetails() == null
                                                ? e.getMessage()
                                                : e.awsErrorDetails().errorMessage())
                                        + "): "
                                        + EventBridgeExceptionClassifiers.advice(code, bus),
                                e));
                return;
            }
            LOG.debug("PutEvents failed ({}); retrying {} entries", code, entries.size());
            retried.inc(entries.size());
            result.retryForEntries(entries);
            return;
        } catch (SdkClientException e) {
            LOG.debug("PutEvents did not reach EventBridge ({}); retrying", e.getMessage());
            retried.inc(entries.size());
            result.retryForEntries(entries);
            return;
        }
        if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
            sent.inc(entries.size());
            result.complete();
            return;
        }
        List<PutEventsRequestEntry> again = new ArrayList<>();
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < entries.size(); i++) {
            PutEventsResultEntry r = i < results.size() ? results.get(i) : null;
            if (r == null || r.errorCode() == null) {
                sent.inc();
            } else if (EventBridgeExceptionClassifiers.retryableEntry(r.errorCode())) {
                again.add(entries.get(i));
            } else {
                failed.inc();
                result.completeExceptionally(
                        new EventBridgeSinkException(
                                "EventBridge refused an event of type '"
                                        + entries.get(i).detailType()
                                        + "' ("
                                        + r.errorCode()
                                        + ": "
                                        + r.errorMessage()
                                        + "); no retry can fix it",
                                null));
                return;
            }
        }
        retried.inc(again.size());
        result.retryForEntries(again);
    }

    /** EventBridge's size of an entry: Source, DetailType, Detail, Resources, plus 14 for Time. */
    @Override
    protected long getSizeInBytes(PutEventsRequestEntry e) {
        long size = 14;
        size += utf8(e.source()) + utf8(e.detailType()) + utf8(e.detail());
        if (e.hasResources()) {
            for (String r : e.resources()) {
                size += utf8(r);
            }
        }
        return size;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void close() {
        super.close();
        calls.shutdownNow();
        if (client != null) {
            client.close();
        }
    }
}
