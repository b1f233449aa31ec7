package dev.pcw.connectors.partnercentral.source;

import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import java.io.Serializable;
import java.time.Instant;

/**
 * Told when a run (one pass over one catalog's entity) starts and ends, for example to record it in
 * {@code ingestion_runs}. Called on the task thread, in the order of the emitted records; a restore
 * may repeat a call for the same run id, so implementations must be idempotent on it.
 */
public interface RunListener extends Serializable {
    /** A listener that does nothing. */
    RunListener NONE =
            new RunListener() {
                private static final long serialVersionUID = 1L;

                @Override
                public void runStarted(RunInfo run) {}

                @Override
                public void runFinished(RunInfo run, Instant endedAt, RunCounters counters) {}
            };

    void runStarted(RunInfo run);

    void runFinished(RunInfo run, Instant endedAt, RunCounters counters);

    /** Opens resources on the task before the first call; closes them at the end. */
    default void open() throws Exception {}

    default void close() throws Exception {}

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
