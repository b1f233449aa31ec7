package dev.pcw.jobs.events;

import dev.pcw.connectors.events.OutboundEvent;
import dev.pcw.connectors.events.eventbridge.EventBridgeSink;
import dev.pcw.connectors.events.file.EventFileSink;
import dev.pcw.connectors.events.kinesis.KinesisEventSink;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.Uids;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Attaches the event sinks that {@code events.sinks} names to a stream of change events. */
public final class EventSinks {
    private EventSinks() {}

    /** Where the file sink writes: {@code events.file_dir}, else {@code {lake root}/events}. */
    public static String fileDir(PcwConfig config, String lakeRoot) {
        String dir = config.get("events.file_dir").trim();
        return dir.isEmpty() ? lakeRoot.replaceAll("/+$", "") + "/events" : dir;
    }

    /**
     * Sends {@code events} to every configured sink.
     *
     * @return one line per sink, saying where events go (for the launcher's summary)
     */
    public static List<String> attach(
            DataStream<OutboundEvent> events, PcwConfig config, String lakeRoot) {
        List<String> targets = new ArrayList<>();
        for (String sink : config.eventSinks()) {
            switch (sink) {
                case "file":
                    String dir = fileDir(config, lakeRoot);
                    events.sinkTo(EventFileSink.create(dir))
                            .uid(Uids.EVENTS_FILE)
                            .name("events → file");
                    targets.add("file " + dir);
                    break;
                case "eventbridge":
                    EventBridgeSink.Builder b =
                            EventBridgeSink.builder()
                                    .bus(config.get("events.eventbridge_bus").trim())
                                    .region(config.get("events.region").trim());
                    String endpoint = config.get("events.eventbridge_endpoint").trim();
                    if (!endpoint.isEmpty()) {
                        b.endpoint(URI.create(endpoint));
                    }
                    if (!config.get("events.access_key_id").isBlank()) {
                        b.staticCredentials(
                                config.get("events.access_key_id").trim(),
                                config.get("events.secret_access_key"));
                    }
                    events.sinkTo(b.build())
                            .uid(Uids.EVENTS_EVENTBRIDGE)
                            .name("events → EventBridge");
                    targets.add("EventBridge bus " + config.get("events.eventbridge_bus").trim());
                    break;
                case "kinesis":
                    String stream = config.get("events.kinesis_stream").trim();
                    events.sinkTo(KinesisEventSink.create(stream, kinesisProperties(config)))
                            .uid(Uids.EVENTS_KINESIS)
                            .name("events → Kinesis");
                    targets.add("Kinesis stream " + stream);
                    break;
                default:
                    throw new IllegalArgumentException("unknown event sink " + sink);
            }
        }
        return targets;
    }

    /** The Kinesis connector's AWS properties from the {@code events.*} keys. */
    static Properties kinesisProperties(PcwConfig config) {
        return KinesisEventSink.clientProperties(
                config.get("events.region"),
                config.get("events.kinesis_endpoint"),
                config.get("events.access_key_id"),
                config.get("events.secret_access_key"));
    }
}
