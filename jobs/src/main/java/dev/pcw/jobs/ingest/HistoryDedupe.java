package dev.pcw.jobs.ingest;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * Lets each (catalog, id, last_modified_date) into the append-only history table once, across
 * restarts and overlapping syncs (AWS's "after" filter is inclusive): keyed by catalog and id, it
 * remembers the last {@value #KEEP} versions it let through. State per record: at most {@value
 * #KEEP} longs.
 */
public final class HistoryDedupe extends KeyedProcessFunction<String, RowData, RowData> {
    private static final long serialVersionUID = 1L;
    static final int KEEP = 16;

    private final int lastModifiedIndex;
    private final int precision;
    private transient ValueState<long[]> seen;
    private transient Counter duplicates;

    /**
     * @param lastModifiedIndex the position of {@code last_modified_date} in the row
     * @param precision its timestamp precision (6 for Iceberg's): a binary row stores a timestamp
     *     compactly only up to precision 3, so reading it with another precision reads garbage
     */
    public HistoryDedupe(int lastModifiedIndex, int precision) {
        this.lastModifiedIndex = lastModifiedIndex;
        this.precision = precision;
    }

    /** The version of a row: its last_modified_date in epoch millis. */
    static long version(RowData row, int index, int precision) {
        return row.getTimestamp(index, precision).getMillisecond();
    }

    @Override
    public void open(Configuration parameters) {
        seen =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "seen-versions",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        duplicates = getRuntimeContext().getMetricGroup().counter("historyDuplicates");
    }

    @Override
    public void processElement(RowData row, Context ctx, Collector<RowData> out) throws Exception {
        if (row.isNullAt(lastModifiedIndex)) {
            out.collect(row);
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
            next = java.util.Arrays.copyOf(versions, versions.length + 1);
            next[versions.length] = version;
        } else {
            next = new long[KEEP];
            System.arraycopy(versions, 1, next, 0, KEEP - 1);
            next[KEEP - 1] = version;
        }
        seen.update(next);
        out.collect(row);
    }
}
