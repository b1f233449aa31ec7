package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;

/** The mutable state of an assigned split: the cursor as of the last emitted record. */
final class SyncSplitState {
    private final SyncSplit split;
    private SyncCursor cursor;

    SyncSplitState(SyncSplit split) {
        this.split = split;
        this.cursor = split.cursor();
    }

    void cursor(SyncCursor next) {
        this.cursor = next;
    }

    SyncCursor cursor() {
        return cursor;
    }

    SyncSplit toSplit() {
        return split.withCursor(cursor);
    }
}
