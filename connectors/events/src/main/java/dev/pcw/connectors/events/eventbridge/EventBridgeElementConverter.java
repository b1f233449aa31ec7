package dev.pcw.connectors.events.eventbridge;

import dev.pcw.connectors.events.OutboundEvent;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * One change event as one PutEvents entry: {@code Source} = {@value #SOURCE}, {@code DetailType} =
 * the CloudEvent type, {@code Detail} = the whole structured CloudEvent, on the configured bus.
 */
final class EventBridgeElementConverter
        implements ElementConverter<OutboundEvent, PutEventsRequestEntry> {
    private static final long serialVersionUID = 1L;

    /** EventBridge's {@code source} of pcw's events (names starting with "aws." are AWS's). */
    static final String SOURCE = "pcw.partner-central";

    private final String bus;

    EventBridgeElementConverter(String bus) {
        this.bus = bus;
    }

    @Override
    public PutEventsRequestEntry apply(OutboundEvent event, SinkWriter.Context context) {
        PutEventsRequestEntry.Builder b =
                PutEventsRequestEntry.builder()
                        .source(SOURCE)
                        .detailType(event.type())
                        .detail(event.json())
                        .eventBusName(bus);
        if (event.time() != null) {
            b.time(event.time());
        }
        return b.build();
    }
}
