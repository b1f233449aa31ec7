package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Passes run starts on at once and run ends only once the checkpoint that holds them has completed,
 * so that a run's end (with the watermark and fingerprints a later bounded job starts from) is
 * recorded only when what the run emitted is committed downstream (bronze files, Iceberg
 * snapshots). A run whose checkpoint never completes before a failure is not reported as ended: the
 * metadata DB may lag behind the lake, never run ahead of it. Used on the task thread only.
 */
final class DeferredRunEnds implements RunListener {
    private static final long serialVersionUID = 1L;

    private final RunListener target;
    private final List<Runnable> sinceLastSnapshot = new ArrayList<>();
    private final NavigableMap<Long, List<Runnable>> byCheckpoint = new TreeMap<>();

    DeferredRunEnds(RunListener target) {
        this.target = target;
    }

    @Override
    public void open() throws Exception {
        target.open();
    }

    @Override
    public void close() throws Exception {
        target.close();
    }

    @Override
    public void runStarted(RunInfo run) {
        target.runStarted(run);
    }

    @Override
    public void runFinished(RunInfo run, Instant endedAt, RunCounters counters, Resume resume) {
        sinceLastSnapshot.add(() -> target.runFinished(run, endedAt, counters, resume));
    }

    /** The run ends emitted so far belong to checkpoint {@code checkpointId}. */
    void snapshot(long checkpointId) {
        if (!sinceLastSnapshot.isEmpty()) {
            byCheckpoint
                    .computeIfAbsent(checkpointId, id -> new ArrayList<>())
                    .addAll(sinceLastSnapshot);
            sinceLastSnapshot.clear();
        }
    }

    /**
     * Checkpoint {@code checkpointId} completed: report the run ends it (or an earlier one) holds.
     */
    void complete(long checkpointId) {
        Map<Long, List<Runnable>> done = byCheckpoint.headMap(checkpointId, true);
        List<List<Runnable>> ends = new ArrayList<>(done.values());
        done.clear();
        for (List<Runnable> batch : ends) {
            batch.forEach(Runnable::run);
        }
    }

    /** Run ends not yet reported. */
    int pending() {
        int n = sinceLastSnapshot.size();
        for (List<Runnable> l : byCheckpoint.values()) {
            n += l.size();
        }
        return n;
    }
}
