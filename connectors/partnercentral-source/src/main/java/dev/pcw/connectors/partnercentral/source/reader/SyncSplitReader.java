package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.client.PartnerCentralAccessException;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.source.SourceSettings;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * Runs on the fetcher thread: takes the assigned splits in turn and advances each by one API call
 * per {@link #fetch()}. Between scheduled passes it sleeps (at most a second at a time, and {@link
 * #wakeUp()} ends the sleep). Access errors end the job without restarts: retrying cannot fix a
 * missing permission.
 */
final class SyncSplitReader implements SplitReader<Fetched, SyncSplit> {
    private static final long MAX_IDLE_MILLIS = 1_000;

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(SyncSplitReader.class);

    private final PartnerCentralClient client;
    private final SourceSettings settings;
    private final SyncStepper stepper;
    private final LongSupplier clock;
    private final Map<String, SyncSplit> splits = new LinkedHashMap<>();
    private final dev.pcw.connectors.partnercentral.source.RunListener listener;
    private final Deque<String> turn = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeUpRequested;

    private final java.util.concurrent.ExecutorService details;

    /** Calls made per run id (every attempt, those of steps cut short too), see {@link RunEnds}. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> callsByRun;

    SyncSplitReader(PartnerCentralClient client, SourceSettings settings, LongSupplier clock) {
        this(
                client,
                settings,
                clock,
                new java.util.concurrent.ConcurrentHashMap<>(),
                new dev.pcw.connectors.partnercentral.source.RunListener() {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public void runStarted(RunInfo run) {}

                    @Override
                    public dev.pcw.connectors.partnercentral.source.split.RunCounters runFinished(
                            RunInfo run,
                            java.time.Instant endedAt,
                            dev.pcw.connectors.partnercentral.source.split.RunCounters counters,
                            Resume resume) {
                        return counters;
                    }
                });
    }

    SyncSplitReader(
            PartnerCentralClient client,
            SourceSettings settings,
            LongSupplier clock,
            Map<String, java.util.concurrent.atomic.AtomicLong> callsByRun,
            dev.pcw.connectors.partnercentral.source.RunListener listener) {
        this.callsByRun = callsByRun;
        this.listener = listener;
        this.client = client;
        this.settings = settings;
        java.util.concurrent.atomic.AtomicInteger n =
                new java.util.concurrent.atomic.AtomicInteger();
        this.details =
                java.util.concurrent.Executors.newFixedThreadPool(
                        settings.detailConcurrency(),
                        r -> {
                            Thread t =
                                    new Thread(
                                            r, "pcw-partnercentral-details-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        this.stepper = new SyncStepper(client, settings, details);
        this.clock = clock;
    }

    /** How often a running job looks for manual sync requests. */
    static final long SYNC_POLL_MILLIS = 2_000;

    private long nextSyncPollAt;

    /** Requests this reader started a pass for (a request stays pending until its run starts). */
    private final java.util.Set<String> triggered = new java.util.HashSet<>();

    /**
     * Starts a pass now for each pending manual sync request of a split of this reader that is
     * between passes; a request whose split is in a pass waits for the pass to end. A full request
     * sets the watermark and the known fingerprints aside for that pass.
     */
    private void startRequestedPasses(long now) {
        java.util.List<dev.pcw.connectors.partnercentral.source.SyncRequest> pending;
        try {
            pending = listener.pendingSyncRequests();
        } catch (RuntimeException e) {
            LOG.debug("cannot read the manual sync requests ({}); trying again", e.getMessage());
            return;
        }
        for (dev.pcw.connectors.partnercentral.source.SyncRequest r : pending) {
            if (triggered.contains(r.id)) {
                continue;
            }
            for (String id : turn) {
                SyncSplit s = splits.get(id);
                SyncCursor c = s.cursor();
                if (c.inPass()
                        || !s.catalog().equals(r.catalog)
                        || !s.entity().configName().equals(r.entity)) {
                    continue;
                }
                SyncCursor.Builder b = c.toBuilder().nextPassAtMillis(now);
                if (r.full) {
                    b.watermark(null).idsAtWatermark(List.of()).known(java.util.Map.of());
                }
                splits.put(id, s.withCursor(b.build()));
                triggered.add(r.id);
                LOG.info("{}: starting a pass of {} now", r, id);
            }
        }
    }

    @Override
    public RecordsWithSplitIds<Fetched> fetch() {
        long now = clock.getAsLong();
        if (!settings.bounded() && now >= nextSyncPollAt) {
            nextSyncPollAt = now + SYNC_POLL_MILLIS;
            startRequestedPasses(now);
        }
        // A split restored after its one pass (kept in state while its run's end was not yet
        // recorded) has nothing left to do: it finishes at once.
        for (String id : new ArrayList<>(turn)) {
            SyncSplit split = splits.get(id);
            SyncCursor c = split.cursor();
            boolean retired = !configured(split);
            if (retired) {
                // Restored from a job whose configuration had this catalog or entity.
                LOG.warn(
                        "{} is no longer in connectors.partner_central.catalogs or entities: not"
                                + " synced any more{}",
                        id,
                        c.inPass() ? " (its run " + c.runId() + " stops where it is)" : "");
            }
            if (retired || (!c.inPass() && c.nextPassAtMillis() == Long.MAX_VALUE)) {
                splits.remove(id);
                turn.remove(id);
                RecordsBySplits.Builder<Fetched> done = new RecordsBySplits.Builder<>();
                done.addFinishedSplit(id);
                return done.build();
            }
        }
        String ready = null;
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < turn.size(); i++) {
            String id = turn.pollFirst();
            turn.addLast(id);
            SyncSplit s = splits.get(id);
            if (SyncStepper.ready(s.cursor(), now)) {
                ready = id;
                break;
            }
            earliest = Math.min(earliest, s.cursor().nextPassAtMillis());
        }
        RecordsBySplits.Builder<Fetched> out = new RecordsBySplits.Builder<>();
        if (ready == null) {
            idle(earliest == Long.MAX_VALUE ? MAX_IDLE_MILLIS : Math.max(1, earliest - now));
            return out.build();
        }
        SyncSplit split = splits.get(ready);
        List<Fetched> steps;
        String runId = split.cursor().runId();
        long callsBefore = client.stats().totalCalls();
        try {
            steps = stepper.step(split, now);
        } catch (PartnerCentralAccessException e) {
            throw new SuppressRestartsException(e);
        } catch (SyncStepper.Interrupted e) {
            // Stopping (a savepoint, a cancel): give back nothing; the cursor has not moved.
            Thread.currentThread().interrupt();
            return out.build();
        } catch (dev.pcw.connectors.partnercentral.client.PartnerCentralApiException e) {
            if ("Interrupted".equals(e.errorCode()) || Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
                return out.build();
            }
            throw e;
        } finally {
            if (runId != null) {
                callsByRun
                        .computeIfAbsent(runId, k -> new java.util.concurrent.atomic.AtomicLong())
                        .addAndGet(client.stats().totalCalls() - callsBefore);
            }
        }
        SyncSplit next = split.withCursor(steps.get(steps.size() - 1).cursorAfter);
        splits.put(ready, next);
        for (Fetched f : steps) {
            out.add(ready, f);
        }
        if (!next.cursor().inPass() && next.cursor().nextPassAtMillis() == Long.MAX_VALUE) {
            // Bounded: one pass and done.
            out.addFinishedSplit(ready);
            splits.remove(ready);
            turn.remove(ready);
        }
        return out.build();
    }

    private void idle(long millis) {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(Math.min(millis, MAX_IDLE_MILLIS));
            while (!wakeUpRequested && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            wakeUpRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private boolean configured(SyncSplit split) {
        return settings.entities().contains(split.entity())
                && settings.catalogs().stream().anyMatch(c -> c.wireName().equals(split.catalog()));
    }

    @Override
    public void handleSplitsChanges(SplitsChange<SyncSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change);
        }
        for (SyncSplit s : change.splits()) {
            splits.put(s.splitId(), s);
            turn.addLast(s.splitId());
        }
    }

    @Override
    public void wakeUp() {
        lock.lock();
        try {
            wakeUpRequested = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        details.shutdownNow();
        client.close();
    }

    PartnerCentralClient client() {
        return client;
    }
}
