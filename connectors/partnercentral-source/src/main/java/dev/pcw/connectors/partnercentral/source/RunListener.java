package dev.pcw.connectors.partnercentral.source;

import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import dev.pcw.connectors.partnercentral.source.split.RunEnd;
import java.io.Serializable;
import java.time.Instant;

/**
 * Told when a run (one pass over one catalog's entity) starts and ends, for example to record it in
 * {@code ingestion_runs}. Called on the task thread: a start when the run's first step is emitted;
 * an end only once the checkpoint holding the run's last record has completed <em>and</em> {@link
 * #committed} says that record is where the run's records go (so that what a run end records, such
 * as the watermark a later job starts from, is never ahead of what was committed downstream). Ended
 * runs waiting for that are kept in the source's checkpointed state, so a restore reports them
 * instead of losing them. A restore may repeat a call for the same run id, so implementations must
 * be idempotent on it. Run ends need checkpointing: a job without it reports run starts only, and a
 * bounded source whose listener {@linkplain #recordsEnds records ends} keeps running for a while
 * after its input (see {@code SyncSourceReader#END_WAIT}) before it ends without them.
 */
public interface RunListener extends Serializable {
    /** A listener that does nothing. */
    RunListener NONE =
            new RunListener() {
                private static final long serialVersionUID = 1L;

                @Override
                public void runStarted(RunInfo run) {}

                @Override
                public RunCounters runFinished(
                        RunInfo run, Instant endedAt, RunCounters counters, Resume resume) {
                    return counters;
                }

                @Override
                public boolean recordsEnds() {
                    return false;
                }
            };

    void runStarted(RunInfo run);

    /**
     * @param counters the run's counters as its checkpoints hold them
     * @param resume where the next run of this (catalog, entity) starts: store it to start a later
     *     bounded run incrementally ({@link SourceSettings.Builder#resumeFrom})
     * @return the counters as recorded: {@code counters}, plus what the listener knows beyond them
     *     (the calls made before an in-job restart, see {@link #callsNotCheckpointed}); the
     *     run-completed event carries these
     */
    RunCounters runFinished(RunInfo run, Instant endedAt, RunCounters counters, Resume resume);

    /**
     * A run in progress as a completed checkpoint holds it (what has landed so far). Called at each
     * completed checkpoint; a failure here is logged, not raised.
     */
    default void runProgress(RunInfo run, RunCounters counters) {}

    /**
     * Calls a run in progress made after the newest completed checkpoint, when its reader closes
     * (the job fails, is cancelled or restarts): a run restored from that checkpoint does not count
     * them, AWS did. Add them to what {@link #runFinished} records.
     */
    default void callsNotCheckpointed(RunInfo run, long calls) {}

    /**
     * Whether what {@code run} emitted, up to its last record, is committed downstream (for the
     * ingest job: readable in bronze and silver). Asked after the checkpoint holding the run's end
     * has completed; while it says no, the end stays pending and is asked again at the next
     * completed checkpoint (a bounded source does not end its input while ends are pending).
     */
    default boolean committed(RunInfo run, RunEnd end) {
        return true;
    }

    /**
     * Whether run ends matter to this listener: when they do, a bounded source ends its input only
     * once they are recorded.
     */
    default boolean recordsEnds() {
        return true;
    }

    /**
     * The connector's Partner Central read calls per epoch minute (UTC) over the last 24 hours, as
     * {@link #readCallsMade} recorded them: the source's quota governor starts from them, so that
     * the daily budget holds across restarts and jobs. Empty when not kept.
     */
    default java.util.Map<Long, Long> readCallsOfLastDay() {
        return java.util.Map.of();
    }

    /** Adds read calls made (epoch minute → calls); called at checkpoints and at the end. */
    default void readCallsMade(java.util.Map<Long, Long> callsPerMinute) {}

    /** Opens resources on the task before the first call; closes them at the end. */
    /**
     * Manual sync requests waiting for a pass, oldest first; a running (unbounded) job asks every
     * few seconds. A request is linked to the run of the pass it caused when that run starts
     * ({@link #runStarted}). None by default.
     */
    default java.util.List<SyncRequest> pendingSyncRequests() {
        return java.util.List.of();
    }

    default void open() throws Exception {}

    default void close() throws Exception {}

    /** The watermark a finished run reached: where an incremental run starts. */
    final class Resume implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The newest LastModifiedDate emitted (AWS's value), or null. */
        public final String watermark;

        /** The ids emitted at exactly that instant. */
        public final java.util.List<String> idsAtWatermark;

        /**
         * For entities the API cannot filter by change (invitations, engagements): each record's
         * fingerprint as the run listed it, so that a new job fetches only what changed since; null
         * for the other entities.
         */
        public final java.util.Map<String, String> fingerprints;

        public Resume(String watermark, java.util.List<String> idsAtWatermark) {
            this(watermark, idsAtWatermark, null);
        }

        /**
         * Opportunities fetched at a newer version than their list item showed: id → that
         * LastModifiedDate; a later listing skips them at that version (see {@link
         * dev.pcw.connectors.partnercentral.source.split.SyncCursor#fetchedAhead()}).
         */
        public final java.util.Map<String, String> fetchedAhead;

        public Resume(
                String watermark,
                java.util.List<String> idsAtWatermark,
                java.util.Map<String, String> fingerprints) {
            this(watermark, idsAtWatermark, fingerprints, java.util.Map.of());
        }

        public Resume(
                String watermark,
                java.util.List<String> idsAtWatermark,
                java.util.Map<String, String> fingerprints,
                java.util.Map<String, String> fetchedAhead) {
            this.fetchedAhead =
                    java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(fetchedAhead));
            this.watermark = watermark;
            this.idsAtWatermark = java.util.List.copyOf(idsAtWatermark);
            this.fingerprints =
                    fingerprints == null
                            ? null
                            : java.util.Collections.unmodifiableMap(
                                    new java.util.TreeMap<>(fingerprints));
        }
    }

    /** Which run. */
    final class RunInfo implements Serializable {
        private static final long serialVersionUID = 1L;

        public final String runId;
        public final String catalog;
        public final String entity;

        /** {@code full} (no watermark yet) or {@code incremental}. */
        public final String mode;

        public final Instant startedAt;

        public RunInfo(
                String runId, String catalog, String entity, String mode, Instant startedAt) {
            this.runId = runId;
            this.catalog = catalog;
            this.entity = entity;
            this.mode = mode;
            this.startedAt = startedAt;
        }

        @Override
        public String toString() {
            return "run " + runId + " (" + catalog + "/" + entity + ", " + mode + ")";
        }
    }
}
