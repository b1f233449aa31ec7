package dev.pcw.jobs.tiers;

/**
 * The partner-tiers job's operator uids: part of pcw's public contract, because savepoints map
 * state to operators by uid. Never rename one without a migration note in the README. The event
 * sinks keep the ingest job's uids ({@code events-file}, …).
 */
public final class TierUids {
    private TierUids() {}

    /** The folder watcher (state: each file's fingerprint when it was last read). */
    public static final String SOURCE = "partner-tiers-source";

    /** Applies files and announces applies (state: the newest history snapshot announced). */
    public static final String APPLY = "partner-tiers-apply";
}
