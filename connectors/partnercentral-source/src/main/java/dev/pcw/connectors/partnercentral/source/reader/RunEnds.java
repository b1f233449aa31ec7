package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import dev.pcw.connectors.partnercentral.source.split.RunEnd;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.events.ChangeEvents;
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
 *
 * <p>With run markers on, a recorded end stays in the state until its run-end marker is taken
 * ({@link #takeMarkers}) and emitted: the marker leaves after the run's records are committed, so
 * its {@code pcw.connector.run.completed} event comes after the run's change events on every sink;
 * a checkpoint taken between the two restores the end as unrecorded, records it again (listeners
 * are idempotent) and emits the marker then.
 *
 * <p>Runs in progress: at each completed checkpoint the listener hears their counters as that
 * checkpoint holds them ({@link RunListener#runProgress}), so a run whose job dies keeps the counts
 * of what landed; at {@link #close} it hears the calls made since, which a restore would not count.
 */
final class RunEnds {
    private static final Logger LOG = LoggerFactory.getLogger(RunEnds.class);

    /** The tag of ends restored from a checkpoint: due at the next completed checkpoint. */
    private static final long RESTORED = Long.MIN_VALUE;

    private final RunListener listener;
    private final boolean markers;
    private final Map<String, SyncSplitState> states = new LinkedHashMap<>();
    private final Map<String, SyncSplitState> finished = new LinkedHashMap<>();
    private final Map<String, Long> checkpointOf = new HashMap<>();

    /** Run ids recorded whose marker is not emitted yet, with the marker. */
    private final Map<String, BronzeRecord> due = new LinkedHashMap<>();

    /** Per snapshot not yet completed: the counters of the runs then in progress. */
    private final java.util.TreeMap<Long, List<Progress>> progress = new java.util.TreeMap<>();

    /** The API calls of each run in progress as the newest completed checkpoint holds them. */
    private final Map<String, Long> callsAtCompleted = new HashMap<>();

    /** The API calls of each run in progress as the checkpoint this reader restored holds them. */
    private final Map<String, Long> callsAtRestore = new HashMap<>();

    /** The newest checkpoint known to have completed. */
    private long lastCompleted = Long.MIN_VALUE;

    /** Calls this reader made per run id (the fetcher counts them, cut-short steps included). */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> callsMade;

    /**
     * @param markers whether to emit a run-end marker per recorded end (see {@link #takeMarkers})
     */
    RunEnds(RunListener listener, boolean markers) {
        this(listener, markers, new HashMap<>());
    }

    /**
     * @param callsMade the calls the reader's fetcher made per run id
     */
    RunEnds(
            RunListener listener,
            boolean markers,
            Map<String, java.util.concurrent.atomic.AtomicLong> callsMade) {
        this.listener = listener;
        this.markers = markers;
        this.callsMade = callsMade;
    }

    private static final class Progress {
        final RunListener.RunInfo run;
        final RunCounters counters;

        Progress(RunListener.RunInfo run, RunCounters counters) {
            this.run = run;
            this.counters = counters;
        }
    }

    /** A split was assigned (or restored) with this state; ends it carries are due soon. */
    void track(SyncSplitState state) {
        states.put(state.split().splitId(), state);
        SyncCursor c = state.cursor();
        if (c.inPass() && c.runId() != null) {
            callsAtRestore.put(c.runId(), c.counters().apiCalls());
        }
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

    /**
     * The ends emitted so far and not yet in a checkpoint belong to {@code checkpointId}; the runs
     * in progress are noted with their counters as the checkpoint holds them.
     */
    void snapshot(long checkpointId) {
        List<Progress> running = new ArrayList<>();
        for (SyncSplitState s : all()) {
            for (RunEnd e : s.ended()) {
                checkpointOf.putIfAbsent(e.runId(), checkpointId);
            }
            SyncCursor c = s.cursor();
            if (c.inPass() && c.runId() != null) {
                running.add(new Progress(running(s.split(), c), c.counters()));
            }
        }
        progress.put(checkpointId, running);
    }

    /**
     * Checkpoint {@code checkpointId} completed: records the ends it (or an earlier one) holds
     * whose last record is committed, oldest first within each split.
     */
    void complete(long checkpointId) {
        lastCompleted = Math.max(lastCompleted, checkpointId);
        reportProgress(checkpointId);
        for (SyncSplitState s : all()) {
            Iterator<RunEnd> it = s.ended().iterator();
            while (it.hasNext()) {
                RunEnd e = it.next();
                if (due.containsKey(e.runId())) {
                    continue; // recorded; its marker is still to be emitted
                }
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
                RunCounters recorded =
                        listener.runFinished(
                                run,
                                Instant.ofEpochMilli(e.endedAtMillis()),
                                e.counters(),
                                new RunListener.Resume(
                                        e.watermark(),
                                        e.idsAtWatermark(),
                                        // The cursor's fingerprints are those of the newest ended
                                        // run.
                                        newest && SyncStepper.fingerprinted(s.split().entity())
                                                ? s.cursor().known()
                                                : null,
                                        e.fetchedAhead()));
                // Recorded: it makes no more calls, and its counters hold them all.
                callsAtCompleted.remove(e.runId());
                callsAtRestore.remove(e.runId());
                callsMade.remove(e.runId());
                if (markers) {
                    due.put(e.runId(), marker(run, e, recorded));
                } else {
                    it.remove();
                    checkpointOf.remove(e.runId());
                }
            }
        }
        finished.values().removeIf(s -> s.ended().isEmpty());
    }

    /** Whether run-end markers wait to be taken. */
    boolean hasMarkers() {
        return !due.isEmpty();
    }

    /**
     * The markers of the ends recorded since the last call, oldest first; their ends leave the
     * state, so the caller must emit them before the next snapshot.
     */
    List<BronzeRecord> takeMarkers() {
        if (due.isEmpty()) {
            return List.of();
        }
        List<BronzeRecord> out = new ArrayList<>(due.values());
        for (SyncSplitState s : all()) {
            s.ended().removeIf(e -> due.containsKey(e.runId()));
        }
        due.keySet().forEach(checkpointOf::remove);
        due.clear();
        finished.values().removeIf(s -> s.ended().isEmpty());
        return out;
    }

    /**
     * The reader closes (the job ends, fails or is cancelled): each run in progress hears the calls
     * it made after the newest completed checkpoint, which the run restored from that checkpoint
     * does not count.
     */
    void close() {
        for (SyncSplitState s : all()) {
            SyncCursor c = s.cursor();
            if (c.inPass() && c.runId() != null) {
                reportUncheckpointed(running(s.split(), c));
            }
            for (RunEnd e : s.ended()) {
                Long tag = checkpointOf.get(e.runId());
                boolean inCompleted = tag != null && tag <= lastCompleted;
                if (!inCompleted && !due.containsKey(e.runId())) {
                    // Ended after the newest completed checkpoint: a restore redoes its rest.
                    reportUncheckpointed(info(s.split(), e));
                }
            }
        }
    }

    private void reportUncheckpointed(RunListener.RunInfo run) {
        java.util.concurrent.atomic.AtomicLong made = callsMade.get(run.runId);
        long restored = callsAtRestore.getOrDefault(run.runId, 0L);
        long checkpointed = callsAtCompleted.getOrDefault(run.runId, restored) - restored;
        long calls = (made == null ? 0 : made.get()) - checkpointed;
        if (calls > 0) {
            listener.callsNotCheckpointed(run, calls);
        }
    }

    private void reportProgress(long checkpointId) {
        java.util.Map.Entry<Long, List<Progress>> newest = progress.floorEntry(checkpointId);
        if (newest == null) {
            return;
        }
        progress.headMap(checkpointId, true).clear();
        callsAtCompleted.clear();
        for (Progress p : newest.getValue()) {
            callsAtCompleted.put(p.run.runId, p.counters.apiCalls());
            try {
                listener.runProgress(p.run, p.counters);
            } catch (RuntimeException ex) {
                LOG.warn("cannot record the progress of {}: {}", p.run, ex.getMessage());
            }
        }
    }

    private static BronzeRecord marker(RunListener.RunInfo run, RunEnd e, RunCounters counters) {
        return ChangeEvents.runCompletedMarker(
                run.runId,
                run.catalog,
                run.entity,
                run.mode,
                run.startedAt,
                Instant.ofEpochMilli(e.endedAtMillis()),
                counters.records(),
                counters.apiCalls(),
                counters.throttled(),
                counters.deadLetters());
    }

    /** Ends not recorded yet, or recorded with their marker still to be emitted. */
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

    /** The run a split's cursor is in. */
    static RunListener.RunInfo running(SyncSplit split, SyncCursor c) {
        return new RunListener.RunInfo(
                c.runId(),
                split.catalog(),
                split.entity().configName(),
                SyncStepper.mode(split, c.passAfter() != null),
                Instant.ofEpochMilli(c.passStartedAtMillis()));
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
