package dev.pcw.jobs.ingest;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * Keeps an older version of a record from overwriting a newer one in a silver current table (an
 * upsert, where the last row to arrive wins): keyed by {@code catalog|id}, it remembers the newest
 * version it let through and drops rows older than that. In hybrid and streaming modes a scheduled
 * pass can emit a batch of details seconds after fetching them, while an event-driven fetch lands a
 * newer version of one of them first. The version is {@code last_modified_date} where the table has
 * it, else {@code fetched_at} (a later fetch sees the same or a newer version). State per record:
 * one long. Metric: {@code olderVersionsDropped}.
 */
public final class VersionGuard extends KeyedProcessFunction<String, RowData, RowData> {
    private static final long serialVersionUID = 1L;

    /** The keyed state's name: part of the savepoint layout. */
    static final String STATE_NAME = "newest-version";

    private final int versionIndex;
    private final int precision;
    private transient ValueState<Long> newest;
    private transient Counter dropped;

    /**
     * @param versionIndex the position of the version column in the row
     * @param precision its timestamp precision (see {@link HistoryDedupe#version})
     */
    public VersionGuard(int versionIndex, int precision) {
        this.versionIndex = versionIndex;
        this.precision = precision;
    }

    @Override
    public void open(Configuration parameters) {
        newest = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_NAME, Types.LONG));
        dropped = getRuntimeContext().getMetricGroup().counter("olderVersionsDropped");
    }

    @Override
    public void processElement(RowData row, Context ctx, Collector<RowData> out) throws Exception {
        if (row.isNullAt(versionIndex)) {
            out.collect(row);
            return;
        }
        long version = HistoryDedupe.version(row, versionIndex, precision);
        Long seen = newest.value();
        if (seen != null && version < seen) {
            dropped.inc();
            return;
        }
        if (seen == null || version > seen) {
            newest.update(version);
        }
        out.collect(row);
    }
}
