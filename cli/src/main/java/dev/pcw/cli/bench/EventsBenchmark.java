package dev.pcw.cli.bench;

import dev.pcw.cli.Dirs;
import dev.pcw.connectors.events.OutboundEvent;
import dev.pcw.connectors.events.eventbridge.EventBridgeSink;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.eventbridge.LocalEventBridge;
import dev.pcw.connectors.partnercentral.simulator.junit.Kinesalite;
import dev.pcw.connectors.partnercentral.simulator.kinesis.KinesisEventForwarder;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.jobs.ingest.MetadataRunListener;
import dev.pcw.schemas.events.ChangeEntity;
import dev.pcw.schemas.events.ChangeEvent;
import dev.pcw.schemas.events.ChangeEvents;
import dev.pcw.schemas.events.EventTypes;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverTables;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * {@code pcw bench events}: the change-events issue's figures.
 *
 * <ol>
 *   <li><b>Event mode</b>: a hybrid job on the simulator and kinesalite. After its first full sync,
 *       the simulator changes opportunities in waves and publishes their events, {@code
 *       duplicateShare} of them delivered twice. Figures: GetOpportunity calls ÷ distinct announced
 *       changes (target ≤ 1.0) and event-to-silver latency (p50, p95, max; target p95 ≤ checkpoint
 *       interval + 5 s), from the moment the events are put on the stream to the moment the new
 *       version is readable in the silver table.
 *   <li><b>EventBridge sink</b>: change events through {@link EventBridgeSink} into a local
 *       PutEvents endpoint, steady-state events per second, against the plain SDK client making the
 *       same number of concurrent PutEvents calls in the same run; then the same with a share of
 *       entries failing, every event still delivered once.
 * </ol>
 */
public final class EventsBenchmark {
    private EventsBenchmark() {}

    private static final String STREAM = "pc-events";
    private static final String BUS = "pcw-bench";

    /** Figures of the event-mode part. */
    public static final class EventMode {
        public long distinctChanges;
        public long getOpportunityCalls;
        public long eventsPut;
        public long duplicatesPut;
        public long p50Millis;
        public long p95Millis;
        public long maxMillis;
        public long targetMillis;

        public double callsPerChange() {
            return distinctChanges == 0 ? 0 : (double) getOpportunityCalls / distinctChanges;
        }
    }

    /** Runs the event-mode part; {@code home} is emptied first. */
    public static EventMode eventMode(
            int opportunities,
            int changesPerWave,
            int waves,
            double duplicateShare,
            double readRate,
            Duration checkpointInterval,
            Path home,
            Path toolsDir,
            PrintStream out)
            throws Exception {
        Dirs.reset(home, "pcw bench events");
        // kinesalite and the AWS SDK disagree on CBOR; a local emulator only.
        System.setProperty("aws.cborEnabled", "false");
        System.setProperty("com.amazonaws.sdk.disableCbor", "true");
        out.printf("starting kinesalite (installed with npm under %s on first use)%n", toolsDir);
        try (Kinesalite kinesalite = Kinesalite.start(toolsDir.resolve("kinesalite"));
                PartnerCentralSimulator sim =
                        PartnerCentralSimulator.start(
                                SimulatorConfig.builder()
                                        .port(0)
                                        .opportunities(opportunities)
                                        .quotas(new QuotaSettings(readRate, 0, 1, 0))
                                        .build())) {
            kinesalite.createStream(STREAM, 2);
            Map<String, String> set = new HashMap<>();
            set.put("home", home.toString());
            set.put("connectors.partner_central.endpoint", sim.endpoint().toString());
            set.put("connectors.partner_central.access_key_id", "bench");
            set.put("connectors.partner_central.secret_access_key", "secret");
            set.put("connectors.partner_central.entities", "opportunities");
            set.put("connectors.partner_central.quota.read_rate", String.valueOf(readRate));
            set.put("connectors.partner_central.mode", "hybrid");
            set.put("connectors.partner_central.schedule_cron", "0 0 1 1 *");
            set.put("connectors.partner_central.events.stream", STREAM);
            set.put("connectors.partner_central.events.endpoint", kinesalite.endpoint());
            set.put("connectors.partner_central.events.initial_position", "TRIM_HORIZON");
            set.put("events.sinks", "file");
            set.put("flink.checkpoint_interval", checkpointInterval.toMillis() + "ms");
            set.put("flink.parallelism", "2");
            set.put("metadata.db_url", MetadataDb.sqliteUrl(home));
            PcwConfig config = PcwConfig.load(null, Map.of(), set);

            Configuration conf = new Configuration();
            conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(conf);
            env.setParallelism(config.parallelism());
            IngestJob.build(
                    env,
                    config,
                    false,
                    Map.of(),
                    new MetadataRunListener(config.get("metadata.db_url"), "", ""));
            JobClient job = env.executeAsync("pcw bench events");
            LakeConfig lake = IngestJob.lakeConfig(config);
            Catalog catalog = Catalogs.create(lake);
            try (KinesisEventForwarder forwarder =
                    new KinesisEventForwarder(
                            URI.create(kinesalite.endpoint()), STREAM, duplicateShare)) {
                out.printf(
                        Locale.ROOT,
                        "hybrid job: first full sync of %,d opportunities…%n",
                        opportunities);
                long deadline = System.currentTimeMillis() + 600_000;
                while (versions(catalog, lake).size() < opportunities) {
                    if (System.currentTimeMillis() > deadline
                            || job.getJobStatus().get().isTerminalState()) {
                        throw new IllegalStateException("the first sync did not complete");
                    }
                    Thread.sleep(250);
                }
                long getsBefore = sim.accounting().calls("GetOpportunity");
                sim.eventLog().addListener(forwarder);

                // id → (announced version, when its event was put)
                Map<String, long[]> pending = new LinkedHashMap<>();
                Map<String, Long> distinct = new HashMap<>();
                List<Long> latencies = new ArrayList<>();
                for (int w = 0; w < waves; w++) {
                    long putAt = System.currentTimeMillis();
                    List<Change> changes = sim.applyChanges("AWS", changesPerWave);
                    for (Change c : changes) {
                        if (c.entity() != PartnerCentralEntity.OPPORTUNITIES || c.event() == null) {
                            continue;
                        }
                        distinct.put(c.id() + "@" + c.record().modifiedMillis(), 1L);
                        long[] p = pending.get(c.id());
                        if (p == null || p[0] < c.record().modifiedMillis()) {
                            pending.put(
                                    c.id(),
                                    new long[] {
                                        c.record().modifiedMillis(), p == null ? putAt : p[1]
                                    });
                        }
                    }
                    long waveEnd = putAt + 1_000;
                    while (System.currentTimeMillis() < waveEnd) {
                        collect(catalog, lake, pending, latencies);
                        Thread.sleep(100);
                    }
                }
                long settle = System.currentTimeMillis() + 120_000;
                while (!pending.isEmpty() && System.currentTimeMillis() < settle) {
                    collect(catalog, lake, pending, latencies);
                    Thread.sleep(100);
                }
                if (!pending.isEmpty()) {
                    throw new IllegalStateException(
                            pending.size() + " announced changes never reached silver");
                }
                // Fetches still in flight would count after the figures; wait out one window.
                Thread.sleep(config.eventsDedupeWindow().toMillis() + 1_000);
                EventMode r = new EventMode();
                r.distinctChanges = distinct.size();
                r.getOpportunityCalls = sim.accounting().calls("GetOpportunity") - getsBefore;
                r.eventsPut = forwarder.put();
                r.duplicatesPut = forwarder.duplicated();
                latencies.sort(Comparator.naturalOrder());
                r.p50Millis = percentile(latencies, 0.50);
                r.p95Millis = percentile(latencies, 0.95);
                r.maxMillis = latencies.get(latencies.size() - 1);
                r.targetMillis = checkpointInterval.toMillis() + 5_000;
                out.printf(
                        Locale.ROOT,
                        "event mode: %,d distinct opportunity changes; %,d records put on the"
                                + " stream (%,d events delivered twice, %.0f%%; invitation events,"
                                + " which this job does not fetch, included)%n",
                        r.distinctChanges,
                        r.eventsPut,
                        r.duplicatesPut,
                        100.0 * r.duplicatesPut / Math.max(1, r.eventsPut - r.duplicatesPut));
                out.printf(
                        Locale.ROOT,
                        "  GetOpportunity calls ÷ distinct changes: %,d / %,d = %.3f (target ≤"
                                + " 1.0)%n",
                        r.getOpportunityCalls,
                        r.distinctChanges,
                        r.callsPerChange());
                out.printf(
                        Locale.ROOT,
                        "  event-to-silver latency: p50 %.1f s, p95 %.1f s, max %.1f s; p95 ÷"
                                + " (checkpoint interval %.1f s + 5 s) = %.2f (target ≤ 1.0)%n",
                        r.p50Millis / 1e3,
                        r.p95Millis / 1e3,
                        r.maxMillis / 1e3,
                        checkpointInterval.toMillis() / 1e3,
                        (double) r.p95Millis / r.targetMillis);
                return r;
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
                if (catalog instanceof AutoCloseable) {
                    ((AutoCloseable) catalog).close();
                }
            }
        }
    }

    private static void collect(
            Catalog catalog, LakeConfig lake, Map<String, long[]> pending, List<Long> latencies) {
        if (pending.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        Map<String, Long> versions = versions(catalog, lake);
        pending.entrySet()
                .removeIf(
                        e -> {
                            Long v = versions.get(e.getKey());
                            if (v != null && v >= e.getValue()[0]) {
                                latencies.add(now - e.getValue()[1]);
                                return true;
                            }
                            return false;
                        });
    }

    /** id → last_modified_date (epoch millis) of the silver current table. */
    private static Map<String, Long> versions(Catalog catalog, LakeConfig lake) {
        Table t = catalog.loadTable(lake.tableIdentifier(SilverTables.OPPORTUNITIES_NAME));
        Map<String, Long> out = new HashMap<>();
        if (t.currentSnapshot() == null) {
            return out;
        }
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(t).select("id", "last_modified_date").build()) {
            for (Record r : rows) {
                Object v = r.getField("last_modified_date");
                if (v instanceof OffsetDateTime) {
                    out.put(
                            (String) r.getField("id"),
                            ((OffsetDateTime) v).toInstant().toEpochMilli());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** Figures of the sink part. */
    public static final class Sink {
        public double sinkPerSecond;
        public double clientPerSecond;
        public double withFailuresPerSecond;
        public long delivered;
        public long failedEntries;
    }

    /** Runs the EventBridge sink part. */
    public static Sink sink(int events, int parallelism, double failureRatio, PrintStream out)
            throws Exception {
        Sink r = new Sink();
        try (LocalEventBridge bus = LocalEventBridge.start(Set.of(BUS))) {
            bus.setKeepEntries(false);
            int concurrency = parallelism * EventBridgeSink.MAX_IN_FLIGHT;
            r.clientPerSecond = plainClient(bus, events, concurrency);
            out.printf(
                    Locale.ROOT,
                    "plain SDK client, %d concurrent PutEvents calls of 10: %,.0f events/s%n",
                    concurrency,
                    r.clientPerSecond);

            long before = bus.acceptedCount();
            r.sinkPerSecond = throughSink(bus, events, parallelism, before);
            out.printf(
                    Locale.ROOT,
                    "EventBridge sink, parallelism %d: %,.0f events/s = %.2f × the plain client%n",
                    parallelism,
                    r.sinkPerSecond,
                    r.sinkPerSecond / r.clientPerSecond);

            bus.setEntryFailureRatio(failureRatio);
            before = bus.acceptedCount();
            long failedBefore = bus.failedCount();
            r.withFailuresPerSecond = throughSink(bus, events, parallelism, before);
            r.delivered = bus.acceptedCount() - before;
            r.failedEntries = bus.failedCount() - failedBefore;
            out.printf(
                    Locale.ROOT,
                    "  with %.0f%% of entries failing (ThrottlingException, retried): %,.0f"
                            + " events/s, %,d entries retried, %,d of %,d delivered%n",
                    failureRatio * 100,
                    r.withFailuresPerSecond,
                    r.failedEntries,
                    r.delivered,
                    events);
        }
        return r;
    }

    /** Steady-state events/s of a job sending {@code events} through the sink. */
    private static double throughSink(
            LocalEventBridge bus, int events, int parallelism, long before) throws Exception {
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(parallelism);
        env.fromSequence(0, events - 1)
                .map(EventsBenchmark::event)
                .returns(TypeInformation.of(OutboundEvent.class))
                .sinkTo(
                        EventBridgeSink.builder()
                                .bus(BUS)
                                .endpoint(bus.endpoint())
                                .staticCredentials("bench", "secret")
                                .build());
        JobClient job = env.executeAsync("pcw bench eventbridge sink");
        long first = 0;
        while (bus.acceptedCount() - before < events) {
            if (first == 0 && bus.acceptedCount() > before) {
                first = System.nanoTime();
            }
            if (job.getJobStatus().get().isTerminalState()
                    && bus.acceptedCount() - before < events) {
                job.getJobExecutionResult().get();
                throw new IllegalStateException("the sink job ended before every event arrived");
            }
            Thread.sleep(5);
        }
        long last = System.nanoTime();
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        return events / Math.max(1e-9, (last - first) / 1e9);
    }

    private static double plainClient(LocalEventBridge bus, int events, int concurrency)
            throws Exception {
        List<List<PutEventsRequestEntry>> batches = new ArrayList<>();
        List<PutEventsRequestEntry> batch = new ArrayList<>();
        for (long i = 0; i < events; i++) {
            OutboundEvent e = event(i);
            batch.add(
                    PutEventsRequestEntry.builder()
                            .eventBusName(BUS)
                            .source(e.source())
                            .detailType(e.type())
                            .detail(e.json())
                            .build());
            if (batch.size() == 10) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try (EventBridgeClient client =
                EventBridgeClient.builder()
                        .endpointOverride(bus.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("bench", "secret")))
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build()) {
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                workers.add(
                        pool.submit(
                                () -> {
                                    int i;
                                    while ((i = (int) next.getAndIncrement()) < batches.size()) {
                                        List<PutEventsRequestEntry> b = batches.get(i);
                                        client.putEvents(x -> x.entries(b));
                                    }
                                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
            return events / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A realistic change event (an opportunity created, about 1 KB of structured JSON). */
    static OutboundEvent event(long i) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        String id = String.format(Locale.ROOT, "O%07d", i);
        Instant at = Instant.parse("2026-11-22T00:00:00Z").plusSeconds(i);
        snapshot.put("id", id);
        snapshot.put("catalog", "AWS");
        snapshot.put("stage", "Qualified");
        snapshot.put("review_status", "Submitted");
        snapshot.put("customer_company_name", "Example Customer " + i + " Holdings Ltd");
        snapshot.put("expected_revenue_usd", new BigDecimal("12500.00"));
        snapshot.put("last_modified_date", at);
        ChangeEvent change =
                new ChangeEvent(
                        EventTypes.OPPORTUNITY_CREATED,
                        ChangeEntity.OPPORTUNITY,
                        "AWS",
                        id,
                        Long.toString(at.toEpochMilli()),
                        at,
                        List.of(),
                        Map.of(),
                        snapshot);
        return OutboundEvent.of(ChangeEvents.toCloudEvent(change));
    }
}
