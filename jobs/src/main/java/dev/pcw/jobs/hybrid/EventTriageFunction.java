package dev.pcw.jobs.hybrid;

import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.partnercentral.IncomingEvent;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts the records of the Partner Central events stream ({@link IncomingEvent}): every record goes
 * to bronze (main output), and opportunity and invitation events of the synced catalogs and
 * entities become {@link FetchRequest}s on {@link #FETCHES}. Bad records are counted and left to
 * the normalizer, which turns them into dead letters; nothing here throws on a record.
 *
 * <p>Metrics (group {@code partnercentralEvents}): {@code received}, {@code fetchRequests}, {@code
 * unknownEvents}, {@code badEvents}, {@code ignored} (a catalog or entity the job does not sync).
 */
public final class EventTriageFunction extends ProcessFunction<String, BronzeRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventTriageFunction.class);

    public static final OutputTag<FetchRequest> FETCHES =
            new OutputTag<>("fetches", TypeInformation.of(FetchRequest.class));

    private final Set<String> catalogs;
    private final Set<String> entities;
    private transient Counter received;
    private transient Counter fetchRequests;
    private transient Counter unknownEvents;
    private transient Counter badEvents;
    private transient Counter ignored;

    /**
     * @param catalogs catalog wire names the job syncs
     * @param entities configured entity names the job syncs
     */
    public EventTriageFunction(Set<String> catalogs, Set<String> entities) {
        this.catalogs = new HashSet<>(catalogs);
        this.entities = new HashSet<>(entities);
    }

    @Override
    public void open(Configuration parameters) {
        var metrics = getRuntimeContext().getMetricGroup().addGroup("partnercentralEvents");
        received = metrics.counter("received");
        fetchRequests = metrics.counter("fetchRequests");
        unknownEvents = metrics.counter("unknownEvents");
        badEvents = metrics.counter("badEvents");
        ignored = metrics.counter("ignored");
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<BronzeRecord> out) {
        received.inc();
        Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        IncomingEvent e = IncomingEvent.classify(raw == null ? "" : raw);
        out.collect(e.toBronze(now));
        switch (e.kind()) {
            case BAD:
                badEvents.inc();
                LOG.warn("Set aside a bad Partner Central event: {}", e.reason());
                break;
            case UNKNOWN_TYPE:
                unknownEvents.inc();
                LOG.debug("Kept an event pcw does not fetch on: {}", e.event());
                break;
            default:
                String catalog = e.catalog().wireName();
                String entity = e.entity().configName();
                if (!catalogs.contains(catalog) || !entities.contains(entity)) {
                    ignored.inc();
                    return;
                }
                fetchRequests.inc();
                ctx.output(
                        FETCHES,
                        new FetchRequest(
                                catalog,
                                entity,
                                e.event().identifier(),
                                e.event().id(),
                                now.toEpochMilli()));
        }
    }
}
