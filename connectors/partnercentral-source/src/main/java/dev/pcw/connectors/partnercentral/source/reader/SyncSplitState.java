package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.source.split.RunEnd;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutable state of an assigned split: the cursor as of the last emitted record, and the runs
 * that ended but whose end is not recorded yet (stored with the split, see {@link RunEnds}).
 */
final class SyncSplitState {
    private final SyncSplit split;
    private SyncCursor cursor;
    private final List<RunEnd> ended;

    SyncSplitState(SyncSplit split) {
        this.split = split;
        this.cursor = split.cursor();
        this.ended = new ArrayList<>(split.cursor().endedRuns());
    }

    void cursor(SyncCursor next) {
        this.cursor = next;
    }

    SyncCursor cursor() {
        return cursor;
    }

    SyncSplit split() {
        return split;
    }

    /** Ended runs whose end is not recorded yet, oldest first (a live view). */
    List<RunEnd> ended() {
        return ended;
    }

    SyncSplit toSplit() {
        return split.withCursor(cursor.toBuilder().endedRuns(ended).build());
    }
}
