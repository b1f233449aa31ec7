package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.SourceSettings;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import dev.pcw.schemas.bronze.BronzeRecord;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The Partner Central source reader: one fetcher thread and one client per subtask, sized to {@code
 * 1 / parallelism} of the account's quota so that all subtasks together stay under it.
 *
 * <p>Metrics (group {@code partnercentral}): {@code apiCalls}, {@code calls_<Operation>} and {@code
 * throttled} (every attempt), {@code budgetLeft} (this subtask's rolling 24 h read budget), {@code
 * slowedDown} (1 while the budget is low), {@code records} and {@code records_<entity>}, {@code
 * lagSeconds} (now − the newest LastModifiedDate emitted).
 */
public final class SyncSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                Fetched, BronzeRecord, SyncSplit, SyncSplitState> {
    private final RunListener listener;
    private final RunEnds runEnds;
    private boolean endOfInput;
    private boolean started;
    private final java.util.List<RunListener.RunInfo> carriedOn = new java.util.ArrayList<>();

    private SyncSourceReader(
            java.util.function.Supplier<
                            org.apache.flink.connector.base.source.reader.splitreader.SplitReader<
                                    Fetched, SyncSplit>>
                    splitReaders,
            SyncRecordEmitter emitter,
            SourceReaderContext context,
            RunListener listener,
            RunEnds runEnds) {
        super(splitReaders, emitter, new Configuration(), context);
        this.listener = listener;
        this.runEnds = runEnds;
    }

    /** Creates a reader; {@code clock} is the wall clock in epoch millis (a seam for tests). */
    public static SyncSourceReader create(
            SourceSettings settings,
            RunListener listener,
            SourceReaderContext context,
            LongSupplier clock) {
        int parallelism = Math.max(1, context.currentParallelism());
        PartnerCentralClientConfig clientConfig =
                settings.client().toBuilder()
                        .share(settings.client().share() / parallelism)
                        .build();
        AtomicReference<PartnerCentralClient> client = new AtomicReference<>();
        MetricGroup metrics = context.metricGroup().addGroup("partnercentral");
        Counter records = metrics.counter("records");
        Map<String, Counter> perEntity = new ConcurrentHashMap<>();
        AtomicReference<Instant> newest = new AtomicReference<>();
        metrics.gauge(
                "apiCalls", () -> client.get() == null ? 0L : client.get().stats().totalCalls());
        metrics.gauge(
                "throttled", () -> client.get() == null ? 0L : client.get().stats().throttled());
        metrics.gauge(
                "budgetLeft",
                () -> client.get() == null ? -1L : client.get().readGovernor().budgetLeft());
        metrics.gauge(
                "slowedDown",
                () -> client.get() != null && client.get().readGovernor().slowedDown() ? 1 : 0);
        metrics.gauge(
                "lagSeconds",
                () ->
                        newest.get() == null
                                ? -1L
                                : (clock.getAsLong() - newest.get().toEpochMilli()) / 1000);
        // Run ends are reported once their checkpoint completes and they are committed (RunEnds).
        RunEnds runEnds = new RunEnds(listener);
        SyncRecordEmitter emitter =
                new SyncRecordEmitter(
                        listener,
                        runEnds,
                        settings.runMarkers(),
                        clock,
                        r -> {
                            records.inc();
                            perEntity
                                    .computeIfAbsent(
                                            r.entity(), e -> metrics.counter("records_" + e))
                                    .inc();
                        },
                        w ->
                                newest.accumulateAndGet(
                                        w, (a, b) -> a == null || b.isAfter(a) ? b : a));
        return new SyncSourceReader(
                () -> {
                    PartnerCentralClient c = PartnerCentralClient.create(clientConfig);
                    client.set(c);
                    return new SyncSplitReader(c, settings, clock);
                },
                emitter,
                context,
                listener,
                runEnds);
    }

    @Override
    public java.util.List<SyncSplit> snapshotState(long checkpointId) {
        java.util.List<SyncSplit> splits =
                new java.util.ArrayList<>(super.snapshotState(checkpointId));
        // Finished splits whose run ends are not recorded yet are stored too.
        splits.addAll(runEnds.finishedSplits());
        runEnds.snapshot(checkpointId);
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        runEnds.complete(checkpointId, endOfInput);
    }

    @Override
    public org.apache.flink.core.io.InputStatus pollNext(
            org.apache.flink.api.connector.source.ReaderOutput<BronzeRecord> output)
            throws Exception {
        org.apache.flink.core.io.InputStatus status = super.pollNext(output);
        if (status == org.apache.flink.core.io.InputStatus.END_OF_INPUT) {
            // Only the final checkpoint is left: run ends may wait there for their commits.
            endOfInput = true;
        }
        return status;
    }

    private void reportCarriedOn() {
        for (RunListener.RunInfo run : carriedOn) {
            listener.runStarted(run);
        }
        carriedOn.clear();
    }

    /** Run ends not recorded yet (for tests). */
    int pendingRunEnds() {
        return runEnds.pending();
    }

    @Override
    public void start() {
        try {
            listener.open();
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the run listener: " + e.getMessage(), e);
        }
        started = true;
        reportCarriedOn();
        super.start();
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            context.sendSplitRequest();
        }
    }

    @Override
    protected void onSplitFinished(Map<String, SyncSplitState> finished) {
        finished.keySet().forEach(runEnds::finished);
        context.sendSplitRequest();
    }

    @Override
    protected SyncSplitState initializedState(SyncSplit split) {
        SyncSplitState state = new SyncSplitState(split);
        runEnds.track(state);
        SyncCursor c = split.cursor();
        if (c.inPass()) {
            // Restored mid-run: the run carries on in this job (the listener is idempotent).
            // Restored splits arrive before start(), when the listener is not open yet.
            carriedOn.add(
                    new RunListener.RunInfo(
                            c.runId(),
                            split.catalog(),
                            split.entity().configName(),
                            SyncStepper.mode(split, c.passAfter() != null),
                            java.time.Instant.ofEpochMilli(c.passStartedAtMillis())));
            if (started) {
                reportCarriedOn();
            }
        }
        return state;
    }

    @Override
    protected SyncSplit toSplitType(String splitId, SyncSplitState state) {
        return state.toSplit();
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            listener.close();
        }
    }
}
