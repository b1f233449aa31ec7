package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.split.RunEnd;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the ends of runs once they are safe to record: the checkpoint holding the run's last
 * record has completed and the listener confirms that record is committed downstream ({@link
 * RunListener#committed}). Until then an ended run stays in its split's state, so that a failure, a
 * lost notification or a metadata DB error delays its end instead of dropping it. A split that has
 * finished keeps being stored while it has unrecorded ends. Ends restored from a checkpoint are
 * reported at the first checkpoint that completes after the restore, when every committer has
 * re-committed what that checkpoint held. Used on the task thread only.
 */
final class RunEnds {
    private static final Logger LOG = LoggerFactory.getLogger(RunEnds.class);

    /** The tag of ends restored from a checkpoint: due at the next completed checkpoint. */
    private static final long RESTORED = Long.MIN_VALUE;

    private final RunListener listener;
    private final Map<String, SyncSplitState> states = new LinkedHashMap<>();
    private final Map<String, SyncSplitState> finished = new LinkedHashMap<>();
    private final Map<String, Long> checkpointOf = new HashMap<>();

    RunEnds(RunListener listener) {
        this.listener = listener;
    }

    /** A split was assigned (or restored) with this state; ends it carries are due soon. */
    void track(SyncSplitState state) {
        states.put(state.split().splitId(), state);
        for (RunEnd e : state.ended()) {
            checkpointOf.put(e.runId(), RESTORED);
        }
    }

    /** A run ended: its end waits for its checkpoint and its commits. */
    void ended(SyncSplitState state, RunEnd end) {
        state.ended().add(end);
    }

    /** The split finished; it is still stored while it has unrecorded ends. */
    void finished(String splitId) {
        SyncSplitState s = states.remove(splitId);
        if (s != null && !s.ended().isEmpty()) {
            finished.put(splitId, s);
        }
    }

    /** Finished splits that must still be stored, for the reader's snapshot. */
    List<SyncSplit> finishedSplits() {
        List<SyncSplit> out = new ArrayList<>(finished.size());
        for (SyncSplitState s : finished.values()) {
            out.add(s.toSplit());
        }
        return out;
    }

    /** The ends emitted so far and not yet in a checkpoint belong to {@code checkpointId}. */
    void snapshot(long checkpointId) {
        for (SyncSplitState s : all()) {
            for (RunEnd e : s.ended()) {
                checkpointOf.putIfAbsent(e.runId(), checkpointId);
            }
        }
    }

    /**
     * Checkpoint {@code checkpointId} completed: records the ends it (or an earlier one) holds
     * whose last record is committed, oldest first within each split.
     */
    void complete(long checkpointId) {
        for (SyncSplitState s : all()) {
            Iterator<RunEnd> it = s.ended().iterator();
            while (it.hasNext()) {
                RunEnd e = it.next();
                Long tag = checkpointOf.get(e.runId());
                if (tag == null || tag > checkpointId) {
                    break;
                }
                RunListener.RunInfo run = info(s.split(), e);
                if (!listener.committed(run, e)) {
                    LOG.info(
                            "{} ended; its end is recorded once its last record ({}) is committed",
                            run,
                            e.lastRecordId());
                    break;
                }
                boolean newest = !it.hasNext();
                listener.runFinished(
                        run,
                        Instant.ofEpochMilli(e.endedAtMillis()),
                        e.counters(),
                        new RunListener.Resume(
                                e.watermark(),
                                e.idsAtWatermark(),
                                // The cursor's fingerprints are those of the newest ended run.
                                newest && SyncStepper.fingerprinted(s.split().entity())
                                        ? s.cursor().known()
                                        : null,
                                e.fetchedAhead()));
                it.remove();
                checkpointOf.remove(e.runId());
            }
        }
        finished.values().removeIf(s -> s.ended().isEmpty());
    }

    /** Ends not recorded yet. */
    int pending() {
        int n = 0;
        for (SyncSplitState s : all()) {
            n += s.ended().size();
        }
        return n;
    }

    private List<SyncSplitState> all() {
        List<SyncSplitState> out = new ArrayList<>(states.values());
        out.addAll(finished.values());
        return out;
    }

    static RunListener.RunInfo info(SyncSplit split, RunEnd e) {
        return new RunListener.RunInfo(
                e.runId(),
                split.catalog(),
                split.entity().configName(),
                e.mode(),
                Instant.ofEpochMilli(e.startedAtMillis()));
    }
}
