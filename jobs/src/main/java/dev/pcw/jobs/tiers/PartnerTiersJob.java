package dev.pcw.jobs.tiers;

import dev.pcw.connectors.events.OutboundEvent;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.partnertiers.TierInputFolder;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.events.EventSinks;
import dev.pcw.jobs.ingest.IngestJob;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The partner-tiers job: watches {@code partner_tiers.input}, applies each new or changed file to
 * {@code partner_tiers} (one Iceberg commit per file), keeps refused files in {@code dead_letters},
 * and sends {@code pcw.partners.tier.added|updated} events for every apply to the event sinks.
 * Bounded, it applies what the folder holds and finishes.
 *
 * <pre>{@code
 * PartnerTiersJob.Plan plan = PartnerTiersJob.build(env, config, true, dbUrl);
 * env.execute("pcw partner-tiers");
 * }</pre>
 */
public final class PartnerTiersJob {
    private PartnerTiersJob() {}

    /**
     * The job on a cluster ({@code flink run -c dev.pcw.jobs.tiers.PartnerTiersJob …}): {@code
     * --config FILE}, {@code --set key=value} (repeatable), {@code --bounded}; on Managed Service
     * for Apache Flink the property group {@code pcw} as for the ingest job. The metadata DB
     * ({@code metadata.db_url}) keeps what was announced.
     */
    public static void main(String[] args) throws Exception {
        dev.pcw.jobs.config.JobArgs parsed =
                dev.pcw.jobs.config.JobArgs.parse(args, List.of("--bounded"));
        boolean bounded = parsed.has("--bounded");
        PcwConfig config = parsed.config();
        String db = config.get("metadata.db_url");
        if (db.isBlank()) {
            db = dev.pcw.connectors.metadata.MetadataDb.sqliteUrl(config.home());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config, bounded, db);
        env.execute("pcw partner-tiers");
    }

    /** What {@link #build} wired, for the launcher's summary. */
    public static final class Plan {
        public final TierInputFolder folder;
        public final LakeConfig lake;
        public final List<String> eventTargets;

        Plan(TierInputFolder folder, LakeConfig lake, List<String> eventTargets) {
            this.folder = folder;
            this.lake = lake;
            this.eventTargets = eventTargets;
        }
    }

    /**
     * Adds the job to {@code env}.
     *
     * @param bounded look at the folder once and finish
     * @param dbUrl the metadata DB (for the announcement cursor)
     */
    public static Plan build(
            StreamExecutionEnvironment env, PcwConfig config, boolean bounded, String dbUrl) {
        LakeConfig lake = IngestJob.lakeConfig(config);
        TierInputFolder folder = TierInputFolder.of(config.tierInput(), lake);
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        DataStream<TierSignal> signals =
                env.fromSource(
                                new TierFolderSource(folder, config.tierPollInterval(), bounded),
                                WatermarkStrategy.noWatermarks(),
                                "partner tier files",
                                TypeInformation.of(TierSignal.class))
                        .uid(TierUids.SOURCE)
                        .setParallelism(1);
        DataStream<OutboundEvent> events =
                signals.process(
                                new TierApplyFunction(
                                        lake,
                                        folder,
                                        config.tierVocabulary(),
                                        dbUrl,
                                        config.get("metadata.db_user"),
                                        config.get("metadata.db_password")),
                                TypeInformation.of(OutboundEvent.class))
                        .uid(TierUids.APPLY)
                        .name("apply partner tier files")
                        .setParallelism(1);
        List<String> targets = EventSinks.attach(events, config, lake.lakeRoot());
        return new Plan(folder, lake, targets);
    }
}
