package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import dev.pcw.connectors.partnercentral.source.split.RunEnd;
import dev.pcw.schemas.bronze.BronzeRecord;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits a fetched record and moves the split's cursor past it in the same step, on the task thread;
 * reports run starts to the {@link RunListener} and hands run ends to {@link RunEnds}, which
 * records them once they are committed and then has the reader emit their run-end markers.
 */
final class SyncRecordEmitter implements RecordEmitter<Fetched, BronzeRecord, SyncSplitState> {
    private final RunListener listener;
    private final RunEnds runEnds;
    private final LongSupplier clock;
    private final Consumer<BronzeRecord> onRecord;
    private final Consumer<Instant> onWatermark;
    private String lastWatermark;

    SyncRecordEmitter(
            RunListener listener,
            RunEnds runEnds,
            LongSupplier clock,
            Consumer<BronzeRecord> onRecord,
            Consumer<Instant> onWatermark) {
        this.listener = listener;
        this.runEnds = runEnds;
        this.clock = clock;
        this.onRecord = onRecord;
        this.onWatermark = onWatermark;
    }

    @Override
    public void emitRecord(
            Fetched element, SourceOutput<BronzeRecord> output, SyncSplitState state) {
        if (element.record != null) {
            output.collect(element.record, element.record.fetchedAt().toEpochMilli());
            onRecord.accept(element.record);
        }
        state.cursor(element.cursorAfter);
        String watermark = element.cursorAfter.watermark();
        if (watermark != null && !watermark.equals(lastWatermark)) {
            // Parsed only when it moves, not for every record.
            lastWatermark = watermark;
            onWatermark.accept(Instant.parse(watermark));
        }
        if (element.runEvent == Fetched.RunEvent.STARTED) {
            listener.runStarted(element.run);
        } else if (element.runEvent == Fetched.RunEvent.FINISHED) {
            // The counters as they stood before the cursor moved to the next pass.
            Instant endedAt = Instant.ofEpochMilli(clock.getAsLong());
            RunCounters counters = element.cursorAfter.counters();
            runEnds.ended(
                    state,
                    new RunEnd(
                            element.run.runId,
                            element.run.mode,
                            element.run.startedAt.toEpochMilli(),
                            endedAt.toEpochMilli(),
                            counters,
                            element.cursorAfter.watermark(),
                            element.cursorAfter.idsAtWatermark(),
                            element.cursorAfter.lastRecordId(),
                            element.cursorAfter.lastRecordModified(),
                            element.cursorAfter.fetchedAhead()));
        }
    }
}
