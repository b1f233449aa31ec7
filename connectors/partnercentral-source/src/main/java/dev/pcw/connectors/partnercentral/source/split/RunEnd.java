package dev.pcw.connectors.partnercentral.source.split;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A run (one pass over one catalog's entity) that has ended but whose end is not recorded yet: its
 * statistics, where it left the watermark, and the last record it emitted, which the run's end
 * waits for in the lake. Immutable; stored in the split state (layout 3 of {@link
 * SyncSplitSerializer}), so a restore reports it instead of losing it.
 */
public final class RunEnd implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String runId;
    private final String mode;
    private final long startedAtMillis;
    private final long endedAtMillis;
    private final RunCounters counters;
    private final String watermark;
    private final List<String> idsAtWatermark;
    private final String lastRecordId;
    private final String lastRecordModified;
    private final Map<String, String> fetchedAhead;

    public RunEnd(
            String runId,
            String mode,
            long startedAtMillis,
            long endedAtMillis,
            RunCounters counters,
            String watermark,
            List<String> idsAtWatermark,
            String lastRecordId,
            String lastRecordModified,
            Map<String, String> fetchedAhead) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.startedAtMillis = startedAtMillis;
        this.endedAtMillis = endedAtMillis;
        this.counters = Objects.requireNonNull(counters, "counters");
        this.watermark = watermark;
        this.idsAtWatermark = Collections.unmodifiableList(new ArrayList<>(idsAtWatermark));
        this.lastRecordId = lastRecordId;
        this.lastRecordModified = lastRecordModified;
        this.fetchedAhead = Collections.unmodifiableMap(new TreeMap<>(fetchedAhead));
    }

    public String runId() {
        return runId;
    }

    /** {@code full} or {@code incremental}. */
    public String mode() {
        return mode;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public long endedAtMillis() {
        return endedAtMillis;
    }

    public RunCounters counters() {
        return counters;
    }

    /** The newest LastModifiedDate the run left behind (opportunities), or null. */
    public String watermark() {
        return watermark;
    }

    public List<String> idsAtWatermark() {
        return idsAtWatermark;
    }

    /** The id of the last record the run emitted (not counting AWS summaries), or null. */
    public String lastRecordId() {
        return lastRecordId;
    }

    /** That record's LastModifiedDate as listed (opportunities), or null. */
    public String lastRecordModified() {
        return lastRecordModified;
    }

    /** The opportunities fetched at a newer version than listed, as the run left them. */
    public Map<String, String> fetchedAhead() {
        return fetchedAhead;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RunEnd)) {
            return false;
        }
        RunEnd e = (RunEnd) o;
        return startedAtMillis == e.startedAtMillis
                && endedAtMillis == e.endedAtMillis
                && runId.equals(e.runId)
                && mode.equals(e.mode)
                && counters.equals(e.counters)
                && Objects.equals(watermark, e.watermark)
                && idsAtWatermark.equals(e.idsAtWatermark)
                && Objects.equals(lastRecordId, e.lastRecordId)
                && Objects.equals(lastRecordModified, e.lastRecordModified)
                && fetchedAhead.equals(e.fetchedAhead);
    }

    @Override
    public int hashCode() {
        return runId.hashCode();
    }

    @Override
    public String toString() {
        return "RunEnd{" + runId + ", " + mode + ", last=" + lastRecordId + ", " + counters + "}";
    }
}
