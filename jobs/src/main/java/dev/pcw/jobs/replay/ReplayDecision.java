package dev.pcw.jobs.replay;

/**
 * Whether a replayed row of a current table is written, against the row the table holds for the
 * same record (or the newest one the replay already wrote). Versions compare by the version column
 * ({@code last_modified_date}, else {@code fetched_at}), then by {@code updated_at} (when pcw
 * fetched it): of two fetches of one version the later one is what a sync leaves in silver. Pure
 * logic, no Flink.
 */
public final class ReplayDecision {
    /** What to do with a replayed row. */
    public enum Outcome {
        /** No stored row, or the replayed one is newer: write it. */
        NEWER,
        /** Same version and fetch, other content (a normalizer changed): write it. */
        CHANGED,
        /** Same version, fetch and content: nothing to write. */
        SAME,
        /** Older than the stored row: never overwrite newer with older. */
        OLDER
    }

    /** A row's position and content; {@link Long#MIN_VALUE} for a missing version or fetch time. */
    public static final class Stamp {
        final long version;
        final long written;
        final long fingerprint;

        public Stamp(long version, long written, long fingerprint) {
            this.version = version;
            this.written = written;
            this.fingerprint = fingerprint;
        }
    }

    private ReplayDecision() {}

    /**
     * @param stored what the table (or the replay so far) holds; null for nothing
     * @param replayed the replayed row
     */
    public static Outcome decide(Stamp stored, Stamp replayed) {
        if (stored == null) {
            return Outcome.NEWER;
        }
        int byVersion = Long.compare(replayed.version, stored.version);
        int order = byVersion != 0 ? byVersion : Long.compare(replayed.written, stored.written);
        if (order > 0) {
            return Outcome.NEWER;
        }
        if (order < 0) {
            return Outcome.OLDER;
        }
        return replayed.fingerprint == stored.fingerprint ? Outcome.SAME : Outcome.CHANGED;
    }
}
