package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.SourceSettings;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import dev.pcw.schemas.bronze.BronzeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /**
     * How long a bounded source, its input exhausted, keeps running (and checkpointing) for the
     * commits that let its last run ends be recorded; after that it ends and leaves them
     * unrecorded.
     */
    public static final Duration END_WAIT = Duration.ofMinutes(2);

    private static final Duration RETRY = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(SyncSourceReader.class);

    private final RunListener listener;
    private final RunEnds runEnds;
    private boolean started;

    /** The newest checkpoint known to have completed. */
    private long lastCompletedCheckpoint = -1;

    /** Since when the input is exhausted while run ends wait to be recorded, or -1. */
    private long drainingSinceMillis = -1;

    /** While draining: completes when the recording of the ends is to be tried again. */
    private CompletableFuture<Void> retry;

    /** Completed to wake an idle reader when run-end markers are due. */
    private CompletableFuture<Void> wake;

    private final java.util.List<RunListener.RunInfo> carriedOn = new java.util.ArrayList<>();

    private final AtomicReference<PartnerCentralClient> client;

    /** The read calls of the last day, until the client is created and counts them. */
    private final AtomicReference<Map<Long, Long>> carriedReads;

    private SyncSourceReader(
            java.util.function.Supplier<
                            org.apache.flink.connector.base.source.reader.splitreader.SplitReader<
                                    Fetched, SyncSplit>>
                    splitReaders,
            SyncRecordEmitter emitter,
            SourceReaderContext context,
            RunListener listener,
            RunEnds runEnds,
            AtomicReference<PartnerCentralClient> client,
            AtomicReference<Map<Long, Long>> carriedReads) {
        super(splitReaders, emitter, new Configuration(), context);
        this.listener = listener;
        this.runEnds = runEnds;
        this.client = client;
        this.carriedReads = carriedReads;
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
        Map<String, java.util.concurrent.atomic.AtomicLong> callsByRun = new ConcurrentHashMap<>();
        RunEnds runEnds = new RunEnds(listener, settings.runMarkers(), callsByRun);
        SyncRecordEmitter emitter =
                new SyncRecordEmitter(
                        listener,
                        runEnds,
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
        AtomicReference<Map<Long, Long>> carriedReads = new AtomicReference<>();
        return new SyncSourceReader(
                () -> {
                    PartnerCentralClient c = PartnerCentralClient.create(clientConfig);
                    Map<Long, Long> carried = carriedReads.getAndSet(null);
                    if (carried != null) {
                        c.carryOverReads(carried);
                    }
                    client.set(c);
                    return new SyncSplitReader(c, settings, clock, callsByRun, listener);
                },
                emitter,
                context,
                listener,
                runEnds,
                client,
                carriedReads);
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
        lastCompletedCheckpoint = Math.max(lastCompletedCheckpoint, checkpointId);
        recordReadCalls();
        runEnds.complete(checkpointId);
        if (runEnds.hasMarkers()) {
            // Emitted by the next pollNext, which an idle reader must be woken for.
            if (wake != null) {
                wake.complete(null);
            }
            if (retry != null) {
                retry.complete(null);
            }
        }
        if (retry != null && runEnds.pending() == 0) {
            retry.complete(null);
        }
    }

    /** The run-end markers of the ends just recorded, after the runs' committed records. */
    private void emitMarkers(
            org.apache.flink.api.connector.source.ReaderOutput<BronzeRecord> output) {
        for (BronzeRecord marker : runEnds.takeMarkers()) {
            output.collect(marker, marker.fetchedAt().toEpochMilli());
        }
    }

    /**
     * Ends the input only once every run end is recorded. Iceberg's committer commits at once when
     * its input ends, with a checkpoint id that makes a job restored from an earlier checkpoint
     * skip all its own commits; so a bounded job must not end while what it wrote still waits for a
     * checkpoint: killed there, its successor could neither restore its last checkpoint nor tell
     * what the lake holds of its runs, and would fetch them again. While it waits, the committers'
     * commits of the last completed checkpoint are looked for every {@link #RETRY}.
     */
    @Override
    public org.apache.flink.core.io.InputStatus pollNext(
            org.apache.flink.api.connector.source.ReaderOutput<BronzeRecord> output)
            throws Exception {
        emitMarkers(output);
        org.apache.flink.core.io.InputStatus status = super.pollNext(output);
        if (status != org.apache.flink.core.io.InputStatus.END_OF_INPUT
                || runEnds.pending() == 0
                || !listener.recordsEnds()) {
            return status;
        }
        long now = System.currentTimeMillis();
        if (drainingSinceMillis < 0) {
            drainingSinceMillis = now;
            LOG.info(
                    "input exhausted; ending once {} run end(s) are recorded (at most {} s)",
                    runEnds.pending(),
                    END_WAIT.toSeconds());
        } else if (lastCompletedCheckpoint >= 0) {
            runEnds.complete(lastCompletedCheckpoint);
            emitMarkers(output);
            if (runEnds.pending() == 0) {
                return status;
            }
        }
        if (now - drainingSinceMillis >= END_WAIT.toMillis()) {
            LOG.warn(
                    "ending with {} run end(s) unrecorded: their commits were not confirmed within"
                            + " {} s",
                    runEnds.pending(),
                    END_WAIT.toSeconds());
            return status;
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> next.complete(null));
        retry = next;
        return org.apache.flink.core.io.InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (runEnds.hasMarkers()) {
            return CompletableFuture.completedFuture(null);
        }
        if (retry != null && !retry.isDone()) {
            return retry;
        }
        CompletableFuture<Void> fetched = super.isAvailable();
        if (fetched.isDone()) {
            return fetched;
        }
        // Also woken when a completed checkpoint leaves run-end markers to emit.
        CompletableFuture<Void> w = new CompletableFuture<>();
        wake = w;
        return fetched.applyToEither(w, v -> null);
    }

    /**
     * Starts the quota governor from the connector's read calls of the last day (earlier jobs,
     * earlier attempts of this one), so that the daily budget holds across them.
     */
    private void carryOverReads() {
        Map<Long, Long> lastDay;
        try {
            lastDay = listener.readCallsOfLastDay();
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot read the API usage of the last day ({}); the daily budget counts"
                            + " this job's calls only",
                    e.getMessage());
            return;
        }
        PartnerCentralClient c = client.get();
        if (c != null) {
            // Created already for splits restored before the start.
            c.carryOverReads(lastDay);
        } else {
            carriedReads.set(lastDay);
        }
    }

    /** Hands the read calls made since the last time to the listener (the metadata DB). */
    private void recordReadCalls() {
        PartnerCentralClient c = client.get();
        if (c == null) {
            return;
        }
        try {
            c.handOverReadUsage(listener::readCallsMade);
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot record the API usage ({}); trying again at the next checkpoint",
                    e.getMessage());
        }
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
        carryOverReads();
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
            carriedOn.add(RunEnds.running(split, c));
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
            try {
                if (started) {
                    recordReadCalls();
                    try {
                        runEnds.close();
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "cannot record the calls made since the last checkpoint ({})",
                                e.getMessage());
                    }
                }
            } finally {
                listener.close();
            }
        }
    }
}
