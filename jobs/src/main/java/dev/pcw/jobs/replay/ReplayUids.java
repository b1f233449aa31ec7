package dev.pcw.jobs.replay;

/**
 * The replay job's operator uids. The job is bounded and restarts from scratch (a replay is
 * idempotent), so its savepoints are not a contract; the uids are stable all the same. The
 * operators it shares with the ingest job (normalize, history dedupe, silver sinks, change
 * detection, event sinks) keep the ingest job's uids ({@link dev.pcw.jobs.ingest.Uids}).
 */
public final class ReplayUids {
    private ReplayUids() {}

    /** The bronze file source. */
    public static final String SOURCE = "replay-bronze-source";

    /** The dead letters a dead-letter replay moves, as bronze records. */
    public static final String DEAD_LETTERS_SOURCE = "replay-dead-letters-source";

    /** Bronze lines → bronze records (stateless). */
    public static final String PARSE = "replay-bronze-parse";

    /** Prefix of the guard before each current table and {@code dead_letters}. */
    public static final String GUARD_PREFIX = "replay-guard-";

    public static String guard(String table) {
        return GUARD_PREFIX + table;
    }
}
