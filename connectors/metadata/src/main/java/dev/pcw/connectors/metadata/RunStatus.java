package dev.pcw.connectors.metadata;

/**
 * The status of an ingestion run, stored as its name in {@code ingestion_runs.status} (a CHECK
 * constraint allows only these three).
 *
 * <ul>
 *   <li>{@link #RUNNING}: written by {@link IngestionRuns#start}; the run has no end time and no
 *       stats yet. A run left RUNNING by a crashed job stays so until someone finishes it.
 *   <li>{@link #SUCCEEDED}: the run completed; stats are final. Dead letters do not make a run
 *       fail: they are counted in its stats.
 *   <li>{@link #FAILED}: the run stopped on an error, recorded in {@code error}; stats are what was
 *       done until then.
 * </ul>
 *
 * A run moves from RUNNING to one of the two final statuses exactly once ({@link
 * IngestionRuns#finish}).
 */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED;

    /** True for SUCCEEDED and FAILED, the statuses a run can be finished with. */
    public boolean isFinal() {
        return this != RUNNING;
    }
}
