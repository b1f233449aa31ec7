package dev.pcw.jobs.ingest;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.io.CloseableIterable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets each (catalog, id, last_modified_date) into the append-only history table once, across
 * restarts, overlapping syncs (AWS's "after" filter is inclusive) and new jobs: keyed by {@code
 * catalog|id}, it remembers the newest {@value #KEEP} versions it let through.
 *
 * <p><b>Seeding.</b> A job that starts without this operator's state (every bounded run is a new
 * job; {@code --full}, {@code --no-restore}, a lake check that fetches again) first reads the
 * history table's keys and versions and stores them, for the keys its subtask owns, so a version
 * the lake already holds is not appended a second time. A restored job skips the seed: its state is
 * at least as new as the lake. State per record: at most {@value #KEEP} longs.
 *
 * <p>Metric: {@code historyDuplicates} (versions dropped), {@code historySeeded} (keys seeded).
 */
public final class HistoryDedupe extends AbstractStreamOperator<RowData>
        implements OneInputStreamOperator<RowData, RowData> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HistoryDedupe.class);

    static final int KEEP = 16;

    /** The keyed state's name: part of the savepoint layout (as before this operator seeded). */
    static final String STATE_NAME = "seen-versions";

    private final int lastModifiedIndex;
    private final int precision;
    private final TableLoader history;

    private transient ValueState<long[]> seen;
    private transient ListState<Boolean> seeded;
    private transient Counter duplicates;
    private transient Counter seededKeys;

    /**
     * @param lastModifiedIndex the position of {@code last_modified_date} in the row
     * @param precision its timestamp precision (6 for Iceberg's): a binary row stores a timestamp
     *     compactly only up to precision 3, so reading it with another precision reads garbage
     * @param history the history table, to seed from; null to never seed
     */
    public HistoryDedupe(int lastModifiedIndex, int precision, TableLoader history) {
        this.lastModifiedIndex = lastModifiedIndex;
        this.precision = precision;
        this.history = history;
    }

    /** The version of a row: its last_modified_date in epoch millis. */
    static long version(RowData row, int index, int precision) {
        return row.getTimestamp(index, precision).getMillisecond();
    }

    /** The key rows are partitioned by: {@code catalog|id}. */
    static String key(String catalog, String id) {
        return (catalog == null ? "" : catalog) + "|" + (id == null ? "" : id);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        duplicates = getMetricGroup().counter("historyDuplicates");
        seededKeys = getMetricGroup().counter("historySeeded");
        seen =
                getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>(
                                STATE_NAME, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        // Union state: every subtask learns whether any subtask of the previous job had seeded.
        seeded =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("history-seeded", Types.BOOLEAN));
        boolean done = false;
        for (Boolean b : seeded.get()) {
            done |= Boolean.TRUE.equals(b);
        }
        if (!done && history != null) {
            seed();
        }
        seeded.update(List.of(Boolean.TRUE));
    }

    private void seed() throws IOException {
        var task = getRuntimeContext().getTaskInfo();
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        int parallelism = task.getNumberOfParallelSubtasks();
        int subtask = task.getIndexOfThisSubtask();
        long started = System.nanoTime();
        Map<String, long[]> versions = new HashMap<>();
        long read = 0;
        try (TableLoader loader = history.clone()) {
            loader.open();
            Table table = loader.loadTable();
            if (table.currentSnapshot() == null) {
                return;
            }
            try (CloseableIterable<Record> rows =
                    IcebergGenerics.read(table)
                            .select("catalog", "id", "last_modified_date")
                            .build()) {
                for (Record r : rows) {
                    read++;
                    Object at = r.getField("last_modified_date");
                    if (!(at instanceof OffsetDateTime)) {
                        continue;
                    }
                    String key = key((String) r.getField("catalog"), (String) r.getField("id"));
                    if (KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                    key, maxParallelism, parallelism)
                            != subtask) {
                        continue;
                    }
                    versions.compute(
                            key,
                            (k, v) ->
                                    remember(v, ((OffsetDateTime) at).toInstant().toEpochMilli()));
                }
            }
        }
        Object previousKey = getCurrentKey();
        for (Map.Entry<String, long[]> e : versions.entrySet()) {
            setCurrentKey(e.getKey());
            long[] kept = e.getValue();
            Arrays.sort(kept);
            seen.update(
                    kept.length > KEEP
                            ? Arrays.copyOfRange(kept, kept.length - KEEP, kept.length)
                            : kept);
        }
        if (previousKey != null) {
            setCurrentKey(previousKey);
        }
        seededKeys.inc(versions.size());
        LOG.info(
                "History dedupe seeded {} records ({} versions read) from the lake in {} ms",
                versions.size(),
                read,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** {@code versions} with {@code version} added, once; unbounded while seeding. */
    private static long[] remember(long[] versions, long version) {
        if (versions == null) {
            return new long[] {version};
        }
        for (long v : versions) {
            if (v == version) {
                return versions;
            }
        }
        long[] next = Arrays.copyOf(versions, versions.length + 1);
        next[versions.length] = version;
        return next;
    }

    @Override
    public void processElement(StreamRecord<RowData> element) throws Exception {
        RowData row = element.getValue();
        if (row.isNullAt(lastModifiedIndex)) {
            output.collect(element);
            return;
        }
        long version = version(row, lastModifiedIndex, precision);
        long[] versions = seen.value();
        if (versions != null) {
            for (long v : versions) {
                if (v == version) {
                    duplicates.inc();
                    return;
                }
            }
        }
        long[] next;
        if (versions == null) {
            next = new long[] {version};
        } else if (versions.length < KEEP) {
            next = Arrays.copyOf(versions, versions.length + 1);
            next[versions.length] = version;
        } else {
            next = new long[KEEP];
            System.arraycopy(versions, 1, next, 0, KEEP - 1);
            next[KEEP - 1] = version;
        }
        seen.update(next);
        output.collect(element);
    }
}
