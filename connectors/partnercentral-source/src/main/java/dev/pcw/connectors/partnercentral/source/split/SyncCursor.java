package dev.pcw.connectors.partnercentral.source.split;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where one (catalog, entity) sync stands, immutable: the pass in progress (its run id, the {@code
 * AfterLastModifiedDate} it lists from, the listing phase and page token, the listed records whose
 * details are still to fetch), the watermark (the newest LastModifiedDate emitted, an AWS value,
 * and the ids emitted at exactly that instant, because AWS's filter is inclusive), and the run's
 * counters. Stored in state: a restore resumes mid-page without fetching again what was emitted.
 */
public final class SyncCursor implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The cursor of a split that has never synced: the first pass is a full sync. */
    public static final SyncCursor INITIAL =
            new SyncCursor(
                    null,
                    0,
                    null,
                    0,
                    null,
                    false,
                    List.of(),
                    null,
                    List.of(),
                    0,
                    0,
                    RunCounters.ZERO,
                    Map.of(),
                    Map.of(),
                    null,
                    null,
                    List.of(),
                    Map.of());

    private final String runId;
    private final long passStartedAtMillis;
    private final String passAfter;
    private final int phase;
    private final String pageToken;
    private final boolean listingDone;
    private final List<PendingItem> pending;
    private final String watermark;
    private final List<String> idsAtWatermark;
    private final long passesCompleted;
    private final long nextPassAtMillis;
    private final RunCounters counters;
    private final Map<String, String> known;
    private final Map<String, String> nextKnown;
    private final String lastRecordId;
    private final String lastRecordModified;
    private final List<RunEnd> endedRuns;
    private final Map<String, String> fetchedAhead;

    /** A cursor without a last record or ended runs (as layouts 1 and 2 stored it). */
    public SyncCursor(
            String runId,
            long passStartedAtMillis,
            String passAfter,
            int phase,
            String pageToken,
            boolean listingDone,
            List<PendingItem> pending,
            String watermark,
            List<String> idsAtWatermark,
            long passesCompleted,
            long nextPassAtMillis,
            RunCounters counters,
            Map<String, String> known,
            Map<String, String> nextKnown) {
        this(
                runId,
                passStartedAtMillis,
                passAfter,
                phase,
                pageToken,
                listingDone,
                pending,
                watermark,
                idsAtWatermark,
                passesCompleted,
                nextPassAtMillis,
                counters,
                known,
                nextKnown,
                null,
                null,
                List.of(),
                Map.of());
    }

    public SyncCursor(
            String runId,
            long passStartedAtMillis,
            String passAfter,
            int phase,
            String pageToken,
            boolean listingDone,
            List<PendingItem> pending,
            String watermark,
            List<String> idsAtWatermark,
            long passesCompleted,
            long nextPassAtMillis,
            RunCounters counters,
            Map<String, String> known,
            Map<String, String> nextKnown,
            String lastRecordId,
            String lastRecordModified,
            List<RunEnd> endedRuns,
            Map<String, String> fetchedAhead) {
        this(
                runId,
                passStartedAtMillis,
                passAfter,
                phase,
                pageToken,
                listingDone,
                pending,
                watermark,
                idsAtWatermark,
                passesCompleted,
                nextPassAtMillis,
                counters,
                freeze(known),
                freeze(nextKnown),
                lastRecordId,
                lastRecordModified,
                endedRuns,
                freeze(fetchedAhead),
                true);
    }

    /**
     * {@code known} and {@code nextKnown} must be frozen already ({@link #freeze}): a builder
     * passes the maps of the cursor it copies as they are, so that moving a cursor past one record
     * does not copy every fingerprint (there can be hundreds of thousands).
     */
    private SyncCursor(
            String runId,
            long passStartedAtMillis,
            String passAfter,
            int phase,
            String pageToken,
            boolean listingDone,
            List<PendingItem> pending,
            String watermark,
            List<String> idsAtWatermark,
            long passesCompleted,
            long nextPassAtMillis,
            RunCounters counters,
            Map<String, String> known,
            Map<String, String> nextKnown,
            String lastRecordId,
            String lastRecordModified,
            List<RunEnd> endedRuns,
            Map<String, String> fetchedAhead,
            boolean frozenMaps) {
        this.runId = runId;
        this.passStartedAtMillis = passStartedAtMillis;
        this.passAfter = passAfter;
        this.phase = phase;
        this.pageToken = pageToken;
        this.listingDone = listingDone;
        this.pending = Collections.unmodifiableList(new ArrayList<>(pending));
        this.watermark = watermark;
        this.idsAtWatermark = Collections.unmodifiableList(new ArrayList<>(idsAtWatermark));
        this.passesCompleted = passesCompleted;
        this.nextPassAtMillis = nextPassAtMillis;
        this.counters = Objects.requireNonNull(counters, "counters");
        this.known = known;
        this.nextKnown = nextKnown;
        this.lastRecordId = lastRecordId;
        this.lastRecordModified = lastRecordModified;
        this.endedRuns = Collections.unmodifiableList(new ArrayList<>(endedRuns));
        this.fetchedAhead = fetchedAhead;
    }

    /** An immutable map of fingerprints: itself when it is one already (no copy per cursor). */
    private static Map<String, String> freeze(Map<String, String> m) {
        return FingerprintMap.of(m);
    }

    /** The run (pass) in progress, or null between passes. */
    public String runId() {
        return runId;
    }

    public boolean inPass() {
        return runId != null;
    }

    public long passStartedAtMillis() {
        return passStartedAtMillis;
    }

    /** The inclusive {@code AfterLastModifiedDate} of this pass; null for a full pass. */
    public String passAfter() {
        return passAfter;
    }

    /** The listing phase (invitations list as RECEIVER, then as SENDER). */
    public int phase() {
        return phase;
    }

    /** The next page to list, or null for the phase's first page. */
    public String pageToken() {
        return pageToken;
    }

    public boolean listingDone() {
        return listingDone;
    }

    public List<PendingItem> pending() {
        return pending;
    }

    /** The newest LastModifiedDate emitted (ISO-8601, AWS's value), or null before any. */
    public String watermark() {
        return watermark;
    }

    /** Ids emitted with exactly the watermark's LastModifiedDate. */
    public List<String> idsAtWatermark() {
        return idsAtWatermark;
    }

    public long passesCompleted() {
        return passesCompleted;
    }

    /** Between passes: when the next pass may start (epoch millis; 0 = now). */
    public long nextPassAtMillis() {
        return nextPassAtMillis;
    }

    public RunCounters counters() {
        return counters;
    }

    /**
     * For entities the API cannot filter by change (invitations, engagements): each record's
     * fingerprint as the previous pass listed it (engagements: ModifiedAt; invitations: the list
     * item). A record listed again with the same fingerprint is not fetched again.
     */
    public Map<String, String> known() {
        return known;
    }

    /** The fingerprints listed so far in this pass; they become {@link #known()} at its end. */
    public Map<String, String> nextKnown() {
        return nextKnown;
    }

    /**
     * The id of the last record this pass emitted (AWS summaries aside), or null: a run's end waits
     * until this record is readable in the lake.
     */
    public String lastRecordId() {
        return lastRecordId;
    }

    /** The listed LastModifiedDate of {@link #lastRecordId()} (opportunities), or null. */
    public String lastRecordModified() {
        return lastRecordModified;
    }

    /**
     * Runs that ended but whose end is not recorded yet, oldest first. The source reader keeps them
     * (see {@code RunEnds}); the fetcher's cursors carry whatever a restore gave them.
     */
    public List<RunEnd> endedRuns() {
        return endedRuns;
    }

    /**
     * Opportunities whose GetOpportunity returned a newer version than their list item showed (they
     * changed between list and get): id → the LastModifiedDate fetched. A listing that meets such a
     * record again at that version or an older one skips it, so no version is fetched twice.
     * Entries older than the watermark are dropped at the end of each pass.
     */
    public Map<String, String> fetchedAhead() {
        return fetchedAhead;
    }

    /** A copy-and-change helper; the fields not set keep their values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SyncCursor)) {
            return false;
        }
        SyncCursor c = (SyncCursor) o;
        return passStartedAtMillis == c.passStartedAtMillis
                && phase == c.phase
                && listingDone == c.listingDone
                && passesCompleted == c.passesCompleted
                && nextPassAtMillis == c.nextPassAtMillis
                && Objects.equals(runId, c.runId)
                && Objects.equals(passAfter, c.passAfter)
                && Objects.equals(pageToken, c.pageToken)
                && pending.equals(c.pending)
                && Objects.equals(watermark, c.watermark)
                && idsAtWatermark.equals(c.idsAtWatermark)
                && counters.equals(c.counters)
                && known.equals(c.known)
                && nextKnown.equals(c.nextKnown)
                && Objects.equals(lastRecordId, c.lastRecordId)
                && Objects.equals(lastRecordModified, c.lastRecordModified)
                && endedRuns.equals(c.endedRuns)
                && fetchedAhead.equals(c.fetchedAhead);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, pageToken, watermark, pending.size(), passesCompleted);
    }

    @Override
    public String toString() {
        return "SyncCursor{run="
                + runId
                + ", after="
                + passAfter
                + ", phase="
                + phase
                + ", token="
                + (pageToken == null ? "-" : "…")
                + ", listingDone="
                + listingDone
                + ", pending="
                + pending.size()
                + ", watermark="
                + watermark
                + " ("
                + idsAtWatermark.size()
                + " ids), passes="
                + passesCompleted
                + ", "
                + counters
                + "}";
    }

    /** Builds a changed copy of a {@link SyncCursor}. */
    public static final class Builder {
        private String runId;
        private long passStartedAtMillis;
        private String passAfter;
        private int phase;
        private String pageToken;
        private boolean listingDone;
        private List<PendingItem> pending;
        private String watermark;
        private List<String> idsAtWatermark;
        private long passesCompleted;
        private long nextPassAtMillis;
        private RunCounters counters;
        private Map<String, String> known;
        private Map<String, String> nextKnown;
        private String lastRecordId;
        private String lastRecordModified;
        private List<RunEnd> endedRuns;
        private Map<String, String> fetchedAhead;
        private boolean mapsChanged;

        private Builder(SyncCursor c) {
            runId = c.runId;
            passStartedAtMillis = c.passStartedAtMillis;
            passAfter = c.passAfter;
            phase = c.phase;
            pageToken = c.pageToken;
            listingDone = c.listingDone;
            pending = c.pending;
            watermark = c.watermark;
            idsAtWatermark = c.idsAtWatermark;
            passesCompleted = c.passesCompleted;
            nextPassAtMillis = c.nextPassAtMillis;
            counters = c.counters;
            known = c.known;
            nextKnown = c.nextKnown;
            lastRecordId = c.lastRecordId;
            lastRecordModified = c.lastRecordModified;
            endedRuns = c.endedRuns;
            fetchedAhead = c.fetchedAhead;
        }

        public Builder fetchedAhead(Map<String, String> v) {
            fetchedAhead = freeze(v);
            return this;
        }

        /** The last record the pass emitted: its id and listed LastModifiedDate (or null). */
        public Builder lastRecord(String id, String modified) {
            lastRecordId = id;
            lastRecordModified = modified;
            return this;
        }

        public Builder endedRuns(List<RunEnd> v) {
            endedRuns = v;
            return this;
        }

        public Builder known(Map<String, String> v) {
            known = v;
            mapsChanged = true;
            return this;
        }

        public Builder nextKnown(Map<String, String> v) {
            nextKnown = v;
            mapsChanged = true;
            return this;
        }

        public Builder runId(String v) {
            runId = v;
            return this;
        }

        public Builder passStartedAtMillis(long v) {
            passStartedAtMillis = v;
            return this;
        }

        public Builder passAfter(String v) {
            passAfter = v;
            return this;
        }

        public Builder phase(int v) {
            phase = v;
            return this;
        }

        public Builder pageToken(String v) {
            pageToken = v;
            return this;
        }

        public Builder listingDone(boolean v) {
            listingDone = v;
            return this;
        }

        public Builder pending(List<PendingItem> v) {
            pending = v;
            return this;
        }

        public Builder watermark(String v) {
            watermark = v;
            return this;
        }

        public Builder idsAtWatermark(List<String> v) {
            idsAtWatermark = v;
            return this;
        }

        public Builder passesCompleted(long v) {
            passesCompleted = v;
            return this;
        }

        public Builder nextPassAtMillis(long v) {
            nextPassAtMillis = v;
            return this;
        }

        public Builder counters(RunCounters v) {
            counters = v;
            return this;
        }

        public SyncCursor build() {
            return new SyncCursor(
                    runId,
                    passStartedAtMillis,
                    passAfter,
                    phase,
                    pageToken,
                    listingDone,
                    pending,
                    watermark,
                    idsAtWatermark,
                    passesCompleted,
                    nextPassAtMillis,
                    counters,
                    mapsChanged ? freeze(known) : known,
                    mapsChanged ? freeze(nextKnown) : nextKnown,
                    lastRecordId,
                    lastRecordModified,
                    endedRuns,
                    fetchedAhead,
                    true);
        }
    }
}
