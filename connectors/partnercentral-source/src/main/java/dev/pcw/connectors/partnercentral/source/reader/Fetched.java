package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.schemas.bronze.BronzeRecord;

/**
 * One step of a sync as the fetcher hands it to the emitter: the record to emit (if any), the
 * cursor once it is emitted, and the run event it marks (if any). The emitter applies the cursor as
 * it emits, so a checkpoint between two records stores exactly what was emitted.
 */
final class Fetched {
    enum RunEvent {
        STARTED,
        FINISHED
    }

    final BronzeRecord record;
    final SyncCursor cursorAfter;
    final RunEvent runEvent;
    final RunListener.RunInfo run;

    Fetched(
            BronzeRecord record,
            SyncCursor cursorAfter,
            RunEvent runEvent,
            RunListener.RunInfo run) {
        this.record = record;
        this.cursorAfter = cursorAfter;
        this.runEvent = runEvent;
        this.run = run;
    }

    static Fetched cursorOnly(SyncCursor cursor) {
        return new Fetched(null, cursor, null, null);
    }
}
