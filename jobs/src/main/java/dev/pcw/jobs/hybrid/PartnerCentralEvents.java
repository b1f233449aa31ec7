package dev.pcw.jobs.hybrid;

import dev.pcw.connectors.events.kinesis.KinesisEventSink;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.Uids;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.partnercentral.Catalog;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;

/**
 * The event-driven half of hybrid and streaming modes: Partner Central's EventBridge events, routed
 * by a rule into a Kinesis stream, are read with the Kinesis connector, sorted ({@link
 * EventTriageFunction}), deduplicated per record within a window ({@link DedupeWindow}) and fetched
 * through the quota governor ({@link TargetedFetch}). The result joins the scheduled syncs' records
 * on their way to bronze, silver and change events.
 */
public final class PartnerCentralEvents {
    private PartnerCentralEvents() {}

    /** Calls in flight per fetch subtask (each still waits for the governor). */
    static final int FETCH_CONCURRENCY = 4;

    /** Fetch requests waiting per subtask before the stream is back-pressured. */
    static final int FETCH_CAPACITY = 200;

    /** A fetch that has not ended by then is skipped (the scheduled sync catches up). */
    static final long FETCH_TIMEOUT_MINUTES = 10;

    /**
     * Reads the events stream and returns every record for bronze: the events themselves (entity
     * {@code events}) and the records they caused to be fetched.
     *
     * @param usage the run listener, which keeps the connector's read calls (the fetches count
     *     against the same daily budget as the scheduled syncs, across jobs)
     */
    public static DataStream<BronzeRecord> attach(
            StreamExecutionEnvironment env,
            PcwConfig config,
            dev.pcw.connectors.partnercentral.source.RunListener usage) {
        String stream = config.eventsStream();
        SingleOutputStreamOperator<BronzeRecord> triaged =
                env.addSource(
                                new FlinkKinesisConsumer<>(
                                        stream,
                                        new SimpleStringSchema(),
                                        consumerProperties(config)))
                        .uid(Uids.PC_EVENTS_SOURCE)
                        .name("Partner Central events (Kinesis " + stream + ")")
                        .process(
                                new EventTriageFunction(
                                        config.catalogs().stream()
                                                .map(Catalog::wireName)
                                                .collect(Collectors.toSet()),
                                        config.entities().stream()
                                                .map(PartnerCentralEntity::configName)
                                                .collect(Collectors.toSet())))
                        .uid(Uids.PC_EVENTS_TRIAGE)
                        .name("event triage");
        DataStream<FetchRequest> released =
                triaged.getSideOutput(EventTriageFunction.FETCHES)
                        .keyBy((KeySelector<FetchRequest, String>) FetchRequest::key)
                        .process(new DedupeWindow(config.eventsDedupeWindow().toMillis()))
                        .uid(Uids.PC_EVENTS_DEDUPE)
                        .name("event dedupe");
        // Ordered: two fetches of one record in consecutive windows reach silver in order.
        DataStream<BronzeRecord> fetched =
                AsyncDataStream.orderedWait(
                                released,
                                new TargetedFetch(
                                        config.clientConfig().toBuilder()
                                                .share(config.eventsQuotaShare())
                                                .build(),
                                        FETCH_CONCURRENCY,
                                        // Hybrid mode syncs on the schedule too; streaming not.
                                        config.mode().equals("hybrid"),
                                        usage),
                                FETCH_TIMEOUT_MINUTES,
                                TimeUnit.MINUTES,
                                FETCH_CAPACITY)
                        .uid(Uids.PC_EVENTS_FETCH)
                        .name("targeted fetch");
        return triaged.union(fetched);
    }

    /**
     * The Kinesis consumer's properties from the {@code connectors.partner_central.events.*} keys.
     */
    static Properties consumerProperties(PcwConfig config) {
        String pc = "connectors.partner_central.";
        // The identity that reads Partner Central reads its event stream too.
        Properties p =
                KinesisEventSink.clientProperties(
                        config.get(pc + "events.region"),
                        config.get(pc + "events.endpoint"),
                        config.get(pc + "access_key_id"),
                        config.get(pc + "secret_access_key"));
        p.setProperty(
                ConsumerConfigConstants.STREAM_INITIAL_POSITION,
                config.get(pc + "events.initial_position").trim());
        return p;
    }
}
