package dev.pcw.jobs.replay;

import dev.pcw.connectors.lake.SilverRecords;
import dev.pcw.jobs.ingest.SilverRowConverter;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.TableLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay's guard before a silver table, seeded from what the table holds:
 *
 * <ul>
 *   <li>a current table (keyed by {@code catalog|id}): writes a row only when {@link
 *       ReplayDecision} says it is newer than the stored one or, at the same version and fetch,
 *       different from it; remembers what it wrote, so the newest of several replayed versions wins
 *       in any order;
 *   <li>{@code dead_letters} (keyed by the row's {@link RowFingerprint}, {@code at} left out):
 *       keeps a dead letter only when no identical one is kept (its other values all come from
 *       bronze).
 * </ul>
 *
 * <p>What it remembers lives on the heap, not in Flink state: a replay is bounded and, when it
 * fails, run again from the start (seeding anew from what the lake then holds). Each subtask keeps
 * only its own keys. Metrics: {@code replayWritten}, {@code replayUnchanged}, {@code replayOlder}
 * (current tables); {@code replayDeadLettersKept}, {@code replayDeadLettersKnown} (dead letters).
 */
public final class ReplayGuard extends KeyedProcessFunction<String, RowData, RowData> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ReplayGuard.class);

    private final String tableName;
    private final TableLoader loader;
    private final boolean deadLetters;
    private final RowType rowType;
    private final int catalogAt;
    private final int idAt;
    private final int versionAt;
    private final int versionPrecision;
    private final int writtenAt;
    private final int writtenPrecision;
    private final int deadLetterAt;

    private transient Map<String, ReplayDecision.Stamp> stamps;
    private transient RowFingerprint fingerprint;
    private transient Counter written;
    private transient Counter unchanged;
    private transient Counter older;

    private ReplayGuard(SilverTable t, TableLoader loader) {
        this.tableName = t.name();
        this.loader = loader;
        this.deadLetters = t.name().equals(SilverTables.DEAD_LETTERS_NAME);
        this.rowType = new SilverRowConverter(t).rowType();
        this.catalogAt = t.columnIndex("catalog");
        this.idAt = t.columnIndex("id");
        int lmd = t.columnIndex("last_modified_date");
        this.versionAt = lmd >= 0 ? lmd : t.columnIndex("fetched_at");
        this.versionPrecision = precision(rowType, versionAt);
        this.writtenAt = t.columnIndex("updated_at");
        this.writtenPrecision = precision(rowType, writtenAt);
        // A dead letter's `at` is its fetch time, but for a bronze line too broken to give one
        // it is when a replay read it: two replays keep one such dead letter, not two.
        this.deadLetterAt = deadLetters ? t.columnIndex("at") : -1;
    }

    /**
     * The guard of {@code t}: a current table (upserted on {@code catalog, id}) or {@code
     * dead_letters}.
     */
    public static ReplayGuard forTable(SilverTable t, TableLoader loader) {
        if (!t.upsert() && !t.name().equals(SilverTables.DEAD_LETTERS_NAME)) {
            throw new IllegalArgumentException(
                    t.name() + " is neither a current table nor dead_letters");
        }
        return new ReplayGuard(t, loader);
    }

    private static int precision(RowType type, int index) {
        return index < 0 ? 0 : LogicalTypeChecks.getPrecision(type.getTypeAt(index));
    }

    /** What the rows are keyed by: {@code catalog|id}, or a dead letter's fingerprint. */
    public KeySelector<RowData, String> keySelector() {
        if (deadLetters) {
            RowFingerprint f = new RowFingerprint(rowType, deadLetterAt);
            return r -> Long.toHexString(f.of(r));
        }
        int c = catalogAt;
        int i = idAt;
        return r ->
                (r.isNullAt(c) ? "" : r.getString(c).toString())
                        + "|"
                        + (r.isNullAt(i) ? "" : r.getString(i).toString());
    }

    @Override
    public void open(Configuration parameters) throws Exception {
        fingerprint = new RowFingerprint(rowType, deadLetterAt);
        var metrics = getRuntimeContext().getMetricGroup();
        // The current tables' counts are the replay's progress; dead letters count apart.
        written = metrics.counter(deadLetters ? "replayDeadLettersKept" : "replayWritten");
        unchanged = metrics.counter(deadLetters ? "replayDeadLettersKnown" : "replayUnchanged");
        older = metrics.counter(deadLetters ? "replayDeadLettersOlder" : "replayOlder");
        stamps = new HashMap<>();
        seed();
    }

    private void seed() throws Exception {
        var task = getRuntimeContext().getTaskInfo();
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        int parallelism = task.getNumberOfParallelSubtasks();
        int subtask = task.getIndexOfThisSubtask();
        SilverTable silver = SilverTables.byName(tableName);
        SilverRowConverter converter = new SilverRowConverter(silver);
        KeySelector<RowData, String> key = keySelector();
        long started = System.nanoTime();
        long read;
        try (TableLoader l = loader.clone()) {
            l.open();
            Table table = l.loadTable();
            read =
                    SilverRecords.forEach(
                            table,
                            silver,
                            row -> {
                                RowData r = converter.convert(row);
                                String k;
                                try {
                                    k = key.getKey(r);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                                if (KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                                k, maxParallelism, parallelism)
                                        == subtask) {
                                    stamps.put(k, stamp(r));
                                }
                            });
        }
        LOG.info(
                "Replay guard of {} seeded {} of {} rows from the lake in {} ms",
                tableName,
                stamps.size(),
                read,
                (System.nanoTime() - started) / 1_000_000);
    }

    private ReplayDecision.Stamp stamp(RowData r) {
        return new ReplayDecision.Stamp(
                deadLetters || versionAt < 0 || r.isNullAt(versionAt)
                        ? Long.MIN_VALUE
                        : r.getTimestamp(versionAt, versionPrecision).getMillisecond(),
                deadLetters || writtenAt < 0 || r.isNullAt(writtenAt)
                        ? Long.MIN_VALUE
                        : r.getTimestamp(writtenAt, writtenPrecision).getMillisecond(),
                fingerprint.of(r));
    }

    @Override
    public void processElement(RowData row, Context ctx, Collector<RowData> out) {
        String key = ctx.getCurrentKey();
        ReplayDecision.Stamp replayed = stamp(row);
        ReplayDecision.Outcome outcome = ReplayDecision.decide(stamps.get(key), replayed);
        switch (outcome) {
            case NEWER:
            case CHANGED:
                stamps.put(key, replayed);
                written.inc();
                out.collect(row);
                break;
            case SAME:
                unchanged.inc();
                break;
            default:
                older.inc();
        }
    }
}
