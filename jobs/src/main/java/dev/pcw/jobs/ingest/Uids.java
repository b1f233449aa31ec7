package dev.pcw.jobs.ingest;

/**
 * The ingest job's operator uids: part of pcw's public contract, because savepoints map state to
 * operators by uid. Never rename one without a migration note in the README.
 */
public final class Uids {
    private Uids() {}

    public static final String SOURCE = "partner-central-source";
    public static final String BRONZE_SINK = "bronze-sink";
    public static final String NORMALIZE = "normalize";
    public static final String HISTORY_DEDUPE = "history-dedupe";

    /** The filter that keeps run-end markers out of bronze (stateless). */
    public static final String BRONZE_RECORDS = "bronze-records";

    /** The keyed change detector (state: one RecordState per catalog, entity and id). */
    public static final String CHANGE_DETECT = "change-detect";

    /** Hybrid and streaming modes: Partner Central's events from Kinesis (shard positions). */
    public static final String PC_EVENTS_SOURCE = "partner-central-events-source";

    /** Sorts incoming events (stateless). */
    public static final String PC_EVENTS_TRIAGE = "partner-central-events-triage";

    /** One fetch per record per window (state: the pending request per record). */
    public static final String PC_EVENTS_DEDUPE = "partner-central-events-dedupe";

    /** The targeted fetches (state: requests in flight). */
    public static final String PC_EVENTS_FETCH = "partner-central-events-fetch";

    public static final String EVENTS_FILE = "events-file";
    public static final String EVENTS_EVENTBRIDGE = "events-eventbridge";
    public static final String EVENTS_KINESIS = "events-kinesis";

    /** Prefix of the Iceberg sink of each silver table: {@code silver-<table>}. */
    public static final String SILVER_PREFIX = "silver-";

    public static final String DEAD_LETTERS = "silver-dead_letters";

    /**
     * Prefix of the version guard before each silver current table: {@code version-guard-<table>}.
     */
    public static final String VERSION_GUARD_PREFIX = "version-guard-";

    public static String versionGuard(String table) {
        return VERSION_GUARD_PREFIX + table;
    }

    public static String silver(String table) {
        return SILVER_PREFIX + table;
    }

    public static String toRowData(String table) {
        return "rowdata-" + table;
    }
}
