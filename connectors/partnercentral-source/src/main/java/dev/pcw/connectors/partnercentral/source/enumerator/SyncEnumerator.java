package dev.pcw.connectors.partnercentral.source.enumerator;

import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands each (catalog, entity) split to one reader, for good.
 *
 * <p>Split lifecycle: created once, when the job first starts (a restored unbounded enumerator
 * creates only those of catalogs and entities added to the configuration since, see {@link
 * #reconcile}); assigned to the reader {@code hash(splitId) mod parallelism} as soon as that reader
 * registers; from then on the split and its cursor live in that reader's state. When a reader
 * fails, Flink hands its splits back ({@link #addSplitsBack}) with the cursor of the last
 * checkpoint, and they are assigned again when the reader comes back. In bounded mode a reader is
 * told there are no more splits once none of its splits is left to assign.
 *
 * <p>Threads: every method runs on the coordinator thread; the enumerator does no I/O.
 */
public final class SyncEnumerator implements SplitEnumerator<SyncSplit, SyncEnumeratorState> {
    private final SplitEnumeratorContext<SyncSplit> context;
    private final boolean bounded;
    private final List<SyncSplit> unassigned;
    private final Set<String> created;
    private final Set<Integer> toldNoMore = new HashSet<>();

    public SyncEnumerator(
            SplitEnumeratorContext<SyncSplit> context, boolean bounded, SyncEnumeratorState state) {
        this.context = context;
        this.bounded = bounded;
        this.unassigned = new ArrayList<>(state.unassigned());
        this.created = state.created();
    }

    /**
     * A restored state reconciled with the configuration: splits of catalogs or entities added
     * since are created ({@code configured} holds each configured split as a new job would start
     * it) and splits no longer configured are dropped from the unassigned ones (their readers
     * finish those they hold). {@code notes} gets one line per change.
     *
     * <p>A bounded job does not create added splits: it restores only to finish the runs it was
     * interrupted in, and Flink restores a source subtask that had finished before the checkpoint
     * as finished, so a split assigned to it would fail the job ("Received element after
     * endOfInput"). The added catalogs and entities are synced by the next run, which starts
     * without a checkpoint; the note says so.
     */
    public static SyncEnumeratorState reconcile(
            SyncEnumeratorState restored,
            List<SyncSplit> configured,
            boolean bounded,
            List<String> notes) {
        Set<String> ids = new java.util.TreeSet<>();
        for (SyncSplit s : configured) {
            ids.add(s.splitId());
        }
        Set<String> had = restored.created();
        if (had == null) {
            notes.add(
                    "restored from a state that does not say which catalogs and entities the job"
                            + " had: catalogs or entities added to the configuration since are"
                            + " synced once the job starts without it");
            had = ids;
        }
        List<SyncSplit> unassigned = new ArrayList<>();
        for (SyncSplit s : restored.unassigned()) {
            if (ids.contains(s.splitId())) {
                unassigned.add(s);
            }
        }
        Set<String> created = new java.util.TreeSet<>(ids);
        for (SyncSplit s : configured) {
            if (had.contains(s.splitId())) {
                continue;
            }
            if (bounded) {
                created.remove(s.splitId());
                notes.add(
                        "added "
                                + s.splitId()
                                + " (new in the configuration since the checkpoint): this run"
                                + " only finishes what the interrupted one started; the next run"
                                + " syncs it");
            } else {
                unassigned.add(s);
                notes.add("added " + s.splitId() + " (new in the configuration): it syncs now");
            }
        }
        for (String id : had) {
            if (!ids.contains(id)) {
                notes.add(
                        "retired "
                                + id
                                + " (no longer in connectors.partner_central.catalogs or"
                                + " entities): it is not synced any more");
            }
        }
        return new SyncEnumeratorState(unassigned, true, created);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        assign();
        signalIfDone(subtaskId);
    }

    @Override
    public void addSplitsBack(List<SyncSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        toldNoMore.remove(subtaskId);
    }

    @Override
    public void addReader(int subtaskId) {
        assign();
        signalIfDone(subtaskId);
    }

    /** The reader that owns a split: stable for a given parallelism. */
    static int owner(String splitId, int parallelism) {
        return Math.floorMod(splitId.hashCode(), parallelism);
    }

    private void assign() {
        int parallelism = context.currentParallelism();
        Iterator<SyncSplit> it = unassigned.iterator();
        while (it.hasNext()) {
            SyncSplit s = it.next();
            int reader = owner(s.splitId(), parallelism);
            if (context.registeredReaders().containsKey(reader)) {
                context.assignSplit(s, reader);
                it.remove();
            }
        }
    }

    private void signalIfDone(int subtaskId) {
        if (!bounded || toldNoMore.contains(subtaskId)) {
            return;
        }
        int parallelism = context.currentParallelism();
        for (SyncSplit s : unassigned) {
            if (owner(s.splitId(), parallelism) == subtaskId) {
                return;
            }
        }
        context.signalNoMoreSplits(subtaskId);
        toldNoMore.add(subtaskId);
    }

    @Override
    public SyncEnumeratorState snapshotState(long checkpointId) {
        return new SyncEnumeratorState(unassigned, true, created);
    }

    @Override
    public void close() {}

    /** Splits still waiting for their reader (for tests). */
    List<SyncSplit> unassigned() {
        return List.copyOf(unassigned);
    }
}
