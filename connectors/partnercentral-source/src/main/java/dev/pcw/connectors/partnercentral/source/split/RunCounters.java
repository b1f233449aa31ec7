package dev.pcw.connectors.partnercentral.source.split;

import java.io.Serializable;

/**
 * What one run (one pass over one catalog's entity) has done so far: records emitted, list pages,
 * API calls (every attempt), throttled calls, dead letters (records the normalizer sets aside,
 * unreadable responses included). Kept in the split state so a run's statistics survive a restore.
 */
public final class RunCounters implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final RunCounters ZERO = new RunCounters(0, 0, 0, 0, 0);

    private final long records;
    private final long pages;
    private final long apiCalls;
    private final long throttled;
    private final long deadLetters;

    public RunCounters(long records, long pages, long apiCalls, long throttled, long deadLetters) {
        this.records = records;
        this.pages = pages;
        this.apiCalls = apiCalls;
        this.throttled = throttled;
        this.deadLetters = deadLetters;
    }

    public long records() {
        return records;
    }

    public long pages() {
        return pages;
    }

    public long apiCalls() {
        return apiCalls;
    }

    public long throttled() {
        return throttled;
    }

    public long deadLetters() {
        return deadLetters;
    }

    public RunCounters plus(
            long records, long pages, long apiCalls, long throttled, long deadLetters) {
        return new RunCounters(
                this.records + records,
                this.pages + pages,
                this.apiCalls + apiCalls,
                this.throttled + throttled,
                this.deadLetters + deadLetters);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RunCounters)) {
            return false;
        }
        RunCounters c = (RunCounters) o;
        return records == c.records
                && pages == c.pages
                && apiCalls == c.apiCalls
                && throttled == c.throttled
                && deadLetters == c.deadLetters;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(records * 31 + apiCalls);
    }

    @Override
    public String toString() {
        return records
                + " records, "
                + pages
                + " pages, "
                + apiCalls
                + " calls, "
                + throttled
                + " throttled, "
                + deadLetters
                + " deadLetters";
    }
}
