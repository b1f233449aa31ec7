package dev.pcw.jobs.replay;

import dev.pcw.connectors.lake.BronzePaths;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.jobs.config.JobArgs;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.jobs.ingest.SilverSinks;
import dev.pcw.schemas.bronze.BronzeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bronze replay: a bounded job that reads the bronze files of a range of UTC days (the days
 * bronze is filed under, by fetch time), normalizes them with the ingest job's code and writes
 * silver idempotently (see {@link SilverSinks}: history keeps each version once, current tables
 * converge on the newest version per record, dead letters are kept once). It makes no API call and
 * writes no bronze. Change events only with {@code --emit-events} (their ids are those the sync
 * gave, so consumers that deduplicate see nothing new for what they already had).
 *
 * <p>A line that is not a bronze record becomes a dead letter ({@code INVALID_ENVELOPE}) saying
 * why; the replay goes on.
 */
public final class ReplayJob {
    private ReplayJob() {}

    /** What a replay reads. */
    public static final class Selection {
        /** First and last UTC day, inclusive; null for no bound. */
        public final LocalDate from;

        public final LocalDate to;

        /** Bronze entity folders ({@code opportunities}, …, {@code events}); empty for all. */
        public final List<String> entities;

        public Selection(LocalDate from, LocalDate to, List<String> entities) {
            if (from != null && to != null && to.isBefore(from)) {
                throw new IllegalArgumentException(
                        "--to " + to + " is before --from " + from + ": nothing to replay");
            }
            this.from = from;
            this.to = to;
            this.entities = List.copyOf(entities);
        }

        @Override
        public String toString() {
            return (entities.isEmpty() ? "every entity" : String.join(", ", entities))
                    + (from == null && to == null
                            ? ", every day"
                            : ", "
                                    + (from == null ? "the first day" : from)
                                    + " to "
                                    + (to == null ? "the last day" : to));
        }
    }

    /** What {@link #build} wired. */
    public static final class Plan {
        public final LakeConfig lake;

        /** The bronze folders read (one per entity and day, or per entity). */
        public final List<String> folders;

        public final List<String> eventTargets;

        Plan(LakeConfig lake, List<String> folders, List<String> eventTargets) {
            this.lake = lake;
            this.folders = List.copyOf(folders);
            this.eventTargets = List.copyOf(eventTargets);
        }
    }

    /**
     * Runs the replay on the cluster it is submitted to: {@code --from YYYY-MM-DD}, {@code --to
     * YYYY-MM-DD} (UTC days, inclusive, optional), {@code --entity NAME} (repeatable or
     * comma-separated; default every entity bronze holds), {@code --emit-events}, and {@code
     * --config} / {@code --set} as every job. Stop the ingest job first: the two would both write
     * the current tables.
     */
    public static void main(String[] args) throws Exception {
        JobArgs parsed =
                JobArgs.parse(
                        args, List.of("--emit-events"), List.of("--from", "--to", "--entity"));
        Selection selection =
                new Selection(
                        day(parsed.values("--from"), "--from"),
                        day(parsed.values("--to"), "--to"),
                        entities(parsed.values("--entity")));
        PcwConfig config = parsed.config();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Plan plan = build(env, config, selection, parsed.has("--emit-events"));
        if (plan.folders.isEmpty()) {
            throw new IllegalArgumentException(
                    "no bronze to replay for " + selection + " under " + plan.lake.lakeRoot());
        }
        env.execute("pcw replay");
    }

    /** Parses the last value of a date option; null when absent. */
    public static LocalDate day(List<String> values, String option) {
        if (values.isEmpty()) {
            return null;
        }
        String v = values.get(values.size() - 1);
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option + " takes a UTC day as YYYY-MM-DD, not '" + v + "'");
        }
    }

    /** Entity names from repeatable, comma-separated values. */
    public static List<String> entities(List<String> values) {
        TreeSet<String> out = new TreeSet<>();
        for (String v : values) {
            for (String e : v.split(",")) {
                if (!e.isBlank()) {
                    out.add(e.trim());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Adds the replay to {@code env}; its plan names the bronze folders it reads (none: nothing to
     * run).
     *
     * @param emitEvents detect changes against silver and send events to the configured sinks
     */
    public static Plan build(
            StreamExecutionEnvironment env,
            PcwConfig config,
            Selection selection,
            boolean emitEvents) {
        LakeConfig lake = IngestJob.lakeConfig(config);
        List<String> folders = folders(lake, selection);
        if (folders.isEmpty()) {
            return new Plan(lake, folders, List.of());
        }
        IngestJob.ensureTables(lake);
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        Path[] paths = folders.stream().map(Path::new).toArray(Path[]::new);
        FileSource<String> source =
                FileSource.forRecordStreamFormat(new TextLineInputFormat(), paths).build();
        DataStream<BronzeRecord> records =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "bronze files")
                        .uid(ReplayUids.SOURCE)
                        .map(new LineReader())
                        .returns(TypeInformation.of(BronzeRecord.class))
                        .uid(ReplayUids.PARSE)
                        .name("bronze records");
        List<String> targets =
                SilverSinks.attach(
                        records, config, lake, emitEvents && !config.eventSinks().isEmpty(), true);
        return new Plan(lake, folders, targets);
    }

    /** Bronze lines back to records; metric {@code replay.bronzeLines}. */
    static final class LineReader extends RichMapFunction<String, BronzeRecord> {
        private static final long serialVersionUID = 1L;
        private transient Counter lines;

        @Override
        public void open(Configuration parameters) {
            lines = getRuntimeContext().getMetricGroup().addGroup("replay").counter("bronzeLines");
        }

        @Override
        public BronzeRecord map(String line) {
            lines.inc();
            try {
                return BronzeRecord.parse(line);
            } catch (RuntimeException e) {
                return BronzeRecord.unreadableLine(line, Instant.now());
            }
        }
    }

    /**
     * The bronze folders of a selection that exist: {@code {entity}/{yyyy}/{MM}/{dd}} for each day
     * of a bounded range, the entity's whole folder without bounds.
     */
    static List<String> folders(LakeConfig lake, Selection selection) {
        BronzePaths bronze = BronzePaths.under(lake.lakeRoot());
        try {
            Path root = new Path(bronze.bronzeRoot());
            FileSystem fs = root.getFileSystem();
            List<String> entities = selection.entities;
            if (entities.isEmpty()) {
                entities = new ArrayList<>();
                if (fs.exists(root)) {
                    for (FileStatus s : fs.listStatus(root)) {
                        if (s.isDir()) {
                            entities.add(s.getPath().getName());
                        }
                    }
                }
                entities.sort(null);
            }
            List<String> out = new ArrayList<>();
            for (String entity : entities) {
                Path all = new Path(bronze.entityDirectory(entity));
                if (selection.from == null && selection.to == null) {
                    if (fs.exists(all)) {
                        out.add(all.toString());
                    }
                    continue;
                }
                LocalDate first = selection.from != null ? selection.from : firstDay(fs, all);
                LocalDate last = selection.to != null ? selection.to : LocalDate.now();
                for (LocalDate d = first; d != null && !d.isAfter(last); d = d.plusDays(1)) {
                    Path day = new Path(bronze.dayDirectory(entity, d));
                    if (fs.exists(day)) {
                        out.add(day.toString());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list bronze under " + lake.lakeRoot(), e);
        }
    }

    /** The first day an entity's bronze holds ({@code yyyy/MM/dd} folders), or null. */
    private static LocalDate firstDay(FileSystem fs, Path entity) throws IOException {
        String y = first(fs, entity);
        String m = y == null ? null : first(fs, new Path(entity, y));
        String d = m == null ? null : first(fs, new Path(new Path(entity, y), m));
        return d == null ? null : LocalDate.parse(y + "-" + m + "-" + d);
    }

    private static String first(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return null;
        }
        TreeSet<String> names = new TreeSet<>();
        for (FileStatus s : fs.listStatus(dir)) {
            if (s.isDir() && s.getPath().getName().matches("\\d+")) {
                names.add(s.getPath().getName());
            }
        }
        return names.isEmpty() ? null : names.first();
    }
}
