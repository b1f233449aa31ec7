package dev.pcw.jobs.ingest;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.lake.TableManager;
import dev.pcw.connectors.partnercentral.source.PartnerCentralSource;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.SourceSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.config.RuntimeProperties;
import dev.pcw.jobs.hybrid.PartnerCentralEvents;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.Catalog;

/**
 * The ingest job: Partner Central → bronze (raw JSON lines, exactly-once) → normalize → silver
 * Iceberg tables (current state upserted on catalog and id; history appended once per version; dead
 * letters with their reason) → change detection → CloudEvents to the sinks {@code events.sinks}
 * names, with a {@code pcw.connector.run.completed} event after every run. {@link #build} wires it
 * onto an environment; tests and {@code pcw run ingest} call it, {@link #main} submits it to a
 * cluster.
 *
 * <p>Operator uids are in {@link Uids}.
 */
public final class IngestJob {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestJob.class);

    /**
     * How long a bounded job, its input exhausted, waits for the lake's commits before it ends and
     * leaves a run's end unrecorded (see {@link LakeCommitGate}).
     */
    public static final java.time.Duration COMMIT_WAIT =
            dev.pcw.connectors.partnercentral.source.reader.SyncSourceReader.END_WAIT;

    private IngestJob() {}

    /**
     * Submits the job to the cluster it runs in: {@code --config connectors.yaml} (a path the
     * JobManager can read), {@code --set key=value} (repeatable), {@code --bounded}. The
     * environment (PC_CATALOG, S3_LAKE_BUCKET, PCW_DB_URL…) applies as documented in {@link
     * PcwConfig}; on Managed Service for Apache Flink, the runtime property group {@code pcw}
     * ({@link RuntimeProperties}). A bounded run continues from the watermarks the metadata DB
     * recorded; {@code --full} ignores them (a full resync).
     */
    public static void main(String[] args) throws Exception {
        dev.pcw.jobs.config.JobArgs parsed =
                dev.pcw.jobs.config.JobArgs.parse(args, List.of("--bounded", "--full"));
        boolean bounded = parsed.has("--bounded");
        boolean full = parsed.has("--full");
        PcwConfig config = parsed.config();
        if (!config.enabled()) {
            throw new IllegalStateException(
                    "pcw ingest not started: connectors.partner_central.enabled is false. Set it to"
                            + " true (or pass --set connectors.partner_central.enabled=true) to"
                            + " sync.");
        }
        boolean once = bounded || config.mode().equals("batch");
        String db = config.get("metadata.db_url");
        if (db.isBlank()) {
            db = dev.pcw.connectors.metadata.MetadataDb.sqliteUrl(config.home());
        }
        Map<String, RunListener.Resume> resume = Map.of();
        if (once) {
            try (dev.pcw.connectors.metadata.MetadataDb m =
                    dev.pcw.connectors.metadata.MetadataDb.open(
                            db,
                            blankToNull(config.get("metadata.db_user")),
                            blankToNull(config.get("metadata.db_password")))) {
                resume = MetadataRunListener.lastWatermarks(m);
            }
            if (full) {
                resume = forgetting(resume, List.of());
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config, once, resume, MetadataRunListener.of(config, db));
        env.execute("pcw ingest");
    }

    /**
     * {@code resume} without the entries of {@code entities} (all of them when empty): those
     * entities sync in full.
     */
    public static Map<String, RunListener.Resume> forgetting(
            Map<String, RunListener.Resume> resume,
            java.util.Collection<dev.pcw.schemas.partnercentral.PartnerCentralEntity> entities) {
        Map<String, RunListener.Resume> out = new TreeMap<>(resume);
        out.keySet()
                .removeIf(
                        k ->
                                entities.isEmpty()
                                        || entities.contains(
                                                dev.pcw.schemas.partnercentral.PartnerCentralEntity
                                                        .parse(k.substring(k.indexOf('/') + 1))));
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** What {@link #build} resolved, for callers that report on the run. */
    public static final class Plan {
        public final LakeConfig lake;
        public final SourceSettings source;

        /** Where change events go, one line per sink; empty when events are off. */
        public final List<String> eventTargets;

        /** Where the lake was behind the metadata DB and what the job does about it. */
        public final List<String> lakeNotes;

        Plan(
                LakeConfig lake,
                SourceSettings source,
                List<String> eventTargets,
                List<String> lakeNotes) {
            this.lake = lake;
            this.source = source;
            this.eventTargets = List.copyOf(eventTargets);
            this.lakeNotes = List.copyOf(lakeNotes);
        }
    }

    static int timestampPrecision(SilverTable t, String column) {
        org.apache.flink.table.types.logical.LogicalType type =
                new SilverRowConverter(t).rowType().getTypeAt(t.columnIndex(column));
        return org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(type);
    }

    /** The lake configuration: {@code lake.*} keys, with the lake under pcw's home by default. */
    public static LakeConfig lakeConfig(PcwConfig config) {
        Map<String, String> props = new TreeMap<>(config.lakeProperties());
        props.putIfAbsent(LakeConfig.ROOT, config.home().resolve("lake").toString());
        return LakeConfig.fromProperties(props);
    }

    /**
     * Creates the silver tables that do not exist yet (through the Iceberg API, so hidden
     * partitioning is kept) and evolves those that lack a column.
     */
    public static void ensureTables(LakeConfig lake) {
        Catalog catalog = Catalogs.create(lake);
        try {
            for (SilverTable t : SilverTables.all()) {
                TableManager.ensureTable(
                        catalog,
                        lake.tableIdentifier(t.name()),
                        t.schema(),
                        t.spec(),
                        t.properties(),
                        new HashSet<>(t.identifierFieldNames()));
            }
        } finally {
            Catalogs.closeQuietly(catalog);
        }
    }

    /**
     * Wires the job.
     *
     * @param bounded sync once and finish (overrides the configured mode)
     * @param resume where each split starts when the job does not restore from a checkpoint
     */
    public static Plan build(
            StreamExecutionEnvironment env,
            PcwConfig config,
            boolean bounded,
            Map<String, RunListener.Resume> resume,
            RunListener listener) {
        LakeConfig lake = lakeConfig(config);
        // The lake is the truth: where it is behind what the metadata DB recorded (a crash, a
        // deleted folder, a dropped or emptied table), start from the lake's position.
        java.util.Set<String> missing =
                resume.isEmpty() ? java.util.Set.of() : LakeResumeCheck.missingTables(lake);
        ensureTables(lake);
        LakeResumeCheck.Result checked = LakeResumeCheck.reconcile(lake, missing, resume);
        for (String note : checked.notes) {
            LOG.warn("Lake check: {}", note);
        }
        boolean events = !config.eventSinks().isEmpty();
        boolean eventDriven = !bounded && config.eventDriven();
        if (!bounded && config.mode().equals("hybrid") && !eventDriven) {
            LOG.warn(
                    "mode hybrid without connectors.partner_central.events.stream: syncing on the"
                            + " schedule only. Set the stream that an EventBridge rule fills with"
                            + " Partner Central's events to fetch changes within seconds.");
        }
        SourceSettings settings =
                SourceSettings.builder()
                        .client(
                                eventDriven
                                        ? config.clientConfig().toBuilder()
                                                .share(1 - config.eventsQuotaShare())
                                                .build()
                                        : config.clientConfig())
                        .scheduled(!(eventDriven && config.mode().equals("streaming")))
                        .catalogs(config.catalogs())
                        .entities(config.entities())
                        .bounded(bounded)
                        .scheduleCron(config.scheduleCron())
                        .pageSize(config.pageSize())
                        .fetchAwsSummary(config.fetchAwsSummary())
                        .resumeFrom(checked.resume)
                        .runMarkers(events)
                        .build();
        env.enableCheckpointing(config.checkpointInterval().toMillis());

        DataStream<BronzeRecord> records =
                env.fromSource(
                                new PartnerCentralSource(
                                        settings, new LakeCommitGate(listener, lake)),
                                WatermarkStrategy.noWatermarks(),
                                "Partner Central")
                        .uid(Uids.SOURCE);
        if (eventDriven) {
            records = records.union(PartnerCentralEvents.attach(env, config, listener));
        }

        DataStream<BronzeRecord> apiRecords =
                events
                        ? records.filter(r -> !r.isRunCompleted())
                                .uid(Uids.BRONZE_RECORDS)
                                .name("API records")
                        : records;
        apiRecords.sinkTo(BronzeSink.create(lake.lakeRoot())).uid(Uids.BRONZE_SINK).name("bronze");

        List<String> targets = SilverSinks.attach(records, config, lake, events, false);
        if (config.flag("maintenance.in_job")) {
            if (bounded) {
                LOG.info("maintenance.in_job: not in a bounded run (schedule pcw maintain)");
            } else {
                List<String> tables = new java.util.ArrayList<>();
                for (SilverTable t : SilverTables.all()) {
                    tables.add(t.name());
                }
                InJobMaintenance.attach(env, config, lake, tables);
            }
        }
        return new Plan(lake, settings, targets, checked.notes);
    }
}
