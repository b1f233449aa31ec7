package dev.pcw.jobs.ingest;

import dev.pcw.connectors.metadata.ApiUsage;
import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.RecordFingerprints;
import dev.pcw.connectors.metadata.RunStatus;
import dev.pcw.connectors.metadata.Stats;
import dev.pcw.connectors.metadata.SyncRequests;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Records every run in {@code ingestion_runs}: a RUNNING row when it starts, SUCCEEDED with its
 * statistics and the watermark it reached when it ends (a later bounded run starts from that
 * watermark); a run's start marks FAILED the runs of its catalog and entity that are still RUNNING
 * (their job ended before them); for invitations and engagements, the fingerprints the run listed
 * go to {@code record_fingerprints}, so a later bounded run fetches only those that changed; the
 * read calls the source makes go to {@code api_usage}, and a new job's quota governor starts from
 * the last 24 hours of them. Idempotent on the run id, as a restore may report a run's start twice.
 *
 * <p>While a run is in progress its counters are recorded at each completed checkpoint (a run whose
 * job dies keeps the counts of what landed); {@code api_calls} adds the calls made after the last
 * completed checkpoint before an in-job restart or a stop, which the restored run does not count;
 * {@code dead_letters} counts the run's records the normalizer set aside, as the {@code
 * dead_letters} table holds them under the run's id.
 */
public final class MetadataRunListener implements RunListener {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(MetadataRunListener.class);

    /** Extra keys of {@code stats_json} this listener writes. */
    static final String WATERMARK = "watermark";

    static final String IDS_AT_WATERMARK = "ids_at_watermark";
    static final String PAGES = "pages";
    static final String FETCHED_AHEAD = "fetched_ahead";

    private final String url;
    private final String user;
    private final String password;
    private CloudWatchRunMetrics metrics;
    private transient MetadataDb db;
    private transient IngestionRuns runs;
    private transient RecordFingerprints fingerprints;
    private transient ApiUsage usage;
    private transient String connectorId;
    private transient Map<String, String> rowIds;

    public MetadataRunListener(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * The listener {@code config} describes, on the metadata DB at {@code url}: with {@code
     * metadata.db_user}/{@code db_password}, and sending each run's figures to CloudWatch when
     * {@code metrics.cloudwatch.enabled}.
     */
    public static MetadataRunListener of(dev.pcw.jobs.config.PcwConfig config, String url) {
        MetadataRunListener l =
                new MetadataRunListener(
                        url, config.get("metadata.db_user"), config.get("metadata.db_password"));
        l.metrics = CloudWatchRunMetrics.of(config);
        return l;
    }

    @Override
    public void open() {
        db = MetadataDb.open(url, blankToNull(user), blankToNull(password));
        runs = new IngestionRuns(db, Clock.systemUTC());
        fingerprints = new RecordFingerprints(db);
        usage = new ApiUsage(db, Clock.systemUTC());
        connectorId =
                new Connectors(db, Clock.systemUTC())
                        .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        rowIds = new HashMap<>();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public Map<Long, Long> readCallsOfLastDay() {
        return usage.since(connectorId, ApiUsage.READ, java.time.Duration.ofHours(24));
    }

    @Override
    public java.util.List<dev.pcw.connectors.partnercentral.source.SyncRequest>
            pendingSyncRequests() {
        java.util.List<dev.pcw.connectors.partnercentral.source.SyncRequest> out =
                new java.util.ArrayList<>();
        for (SyncRequests.Request r :
                new SyncRequests(db, Clock.systemUTC()).pending(connectorId)) {
            if (r.catalog != null) {
                out.add(
                        new dev.pcw.connectors.partnercentral.source.SyncRequest(
                                r.id, r.catalog, r.entity, r.mode.equals("full")));
            }
        }
        return out;
    }

    @Override
    public void readCallsMade(Map<Long, Long> callsPerMinute) {
        usage.add(connectorId, ApiUsage.READ, callsPerMinute);
    }

    @Override
    public void runStarted(RunInfo run) {
        if (rowIds.containsKey(run.runId)) {
            return;
        }
        for (IngestionRun r : runs.recent(200)) {
            if (run.runId.equals(r.runId())) {
                rowIds.put(run.runId, r.id());
                if (r.status() == RunStatus.FAILED && runs.reopen(r.id())) {
                    // Restored from a checkpoint or savepoint: this job carries the run on.
                    LOG.info("Carrying on with {} (it was marked FAILED: {})", run, r.error());
                }
                return;
            }
        }
        String id = runs.start(connectorId, run.runId, run.catalog, run.entity, run.mode);
        rowIds.put(run.runId, id);
        int linked =
                new SyncRequests(db, Clock.systemUTC())
                        .link(connectorId, run.catalog, run.entity, run.runId, run.startedAt);
        if (linked > 0) {
            LOG.info("{} carries out {} manual sync request(s)", run, linked);
        }
        int abandoned =
                runs.abandonOthers(
                        connectorId,
                        run.catalog,
                        run.entity,
                        // This job's runs whose end is still to be reported are alive.
                        new java.util.ArrayList<>(rowIds.values()),
                        "abandoned: the job running it ended before the run did (run "
                                + run.runId
                                + " started after it)");
        if (abandoned > 0) {
            LOG.warn(
                    "Marked {} earlier run(s) of {}/{} FAILED: their job ended before they did",
                    abandoned,
                    run.catalog,
                    run.entity);
        }
    }

    @Override
    public void runProgress(RunInfo run, RunCounters counters) {
        runStarted(run);
        String id = rowIds.get(run.runId);
        // One statement: the database adds the calls counted outside checkpoints.
        runs.progress(id, stats(counters, 0));
    }

    @Override
    public void callsNotCheckpointed(RunInfo run, long calls) {
        runStarted(run);
        runs.addUncheckpointedCalls(rowIds.get(run.runId), calls);
    }

    private static Stats stats(RunCounters counters, long uncheckpointedCalls) {
        return Stats.of(
                counters.records(),
                counters.apiCalls() + uncheckpointedCalls,
                counters.throttled(),
                counters.deadLetters());
    }

    @Override
    public RunCounters runFinished(
            RunInfo run, Instant endedAt, RunCounters counters, Resume resume) {
        runStarted(run);
        String id = rowIds.remove(run.runId);
        long uncheckpointed = runs.uncheckpointedCalls(id);
        RunCounters recorded =
                new RunCounters(
                        counters.records(),
                        counters.pages(),
                        counters.apiCalls() + uncheckpointed,
                        counters.throttled(),
                        counters.deadLetters());
        if (runs.find(id).map(r -> r.status() == RunStatus.SUCCEEDED).orElse(false)) {
            return recorded; // finished before a restore replayed its end
        }
        // Marked FAILED (stopped, abandoned) while its records were still to be committed:
        // they are, so it succeeded after all.
        runs.reopen(id);
        Stats stats = stats(counters, uncheckpointed).withExtra(PAGES, counters.pages());
        if (resume.watermark != null) {
            stats =
                    stats.withExtra(WATERMARK, resume.watermark)
                            .withExtra(IDS_AT_WATERMARK, String.join(",", resume.idsAtWatermark));
        }
        if (!resume.fetchedAhead.isEmpty()) {
            StringBuilder ahead = new StringBuilder();
            resume.fetchedAhead.forEach(
                    (record, t) ->
                            ahead.append(ahead.length() == 0 ? "" : ",")
                                    .append(record)
                                    .append('=')
                                    .append(t));
            stats = stats.withExtra(FETCHED_AHEAD, ahead.toString());
        }
        if (resume.fingerprints != null) {
            fingerprints.replace(
                    connectorId, run.catalog, run.entity, run.runId, resume.fingerprints);
        }
        runs.finish(id, RunStatus.SUCCEEDED, stats, null);
        if (metrics != null) {
            metrics.publish(run, endedAt, recorded);
        }
        return recorded;
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /**
     * Where each (catalog, entity) stands after its newest successful run, for a new bounded job to
     * continue incrementally: split id ({@code catalog/entity}) to the watermark reached, and for
     * invitations and engagements the fingerprints listed.
     */
    public static Map<String, Resume> lastWatermarks(MetadataDb db) {
        Map<String, Resume> out = watermarks(db);
        // Invitations and engagements: the fingerprints their newest finished run listed.
        new Connectors(db, Clock.systemUTC())
                .findId(Connectors.PARTNER_CENTRAL)
                .map(id -> new RecordFingerprints(db).load(id))
                .orElse(Map.of())
                .forEach(
                        (key, known) -> {
                            Resume r = out.get(key);
                            out.put(
                                    key,
                                    r == null
                                            ? new Resume(null, java.util.List.of(), known)
                                            : new Resume(
                                                    r.watermark,
                                                    r.idsAtWatermark,
                                                    known,
                                                    r.fetchedAhead));
                        });
        return out;
    }

    private static Map<String, Resume> watermarks(MetadataDb db) {
        Map<String, Resume> out = new HashMap<>();
        for (IngestionRun r : new IngestionRuns(db, Clock.systemUTC()).recent(1000)) {
            String key = r.catalog() + "/" + r.entity();
            Object w = r.stats() == null ? null : r.stats().extra().get(WATERMARK);
            if (r.status() != RunStatus.SUCCEEDED || w == null || out.containsKey(key)) {
                continue;
            }
            Object ids = r.stats().extra().get(IDS_AT_WATERMARK);
            Map<String, String> ahead = new java.util.TreeMap<>();
            Object a = r.stats().extra().get(FETCHED_AHEAD);
            if (a != null && !a.toString().isEmpty()) {
                for (String pair : a.toString().split(",")) {
                    int eq = pair.indexOf('=');
                    ahead.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            out.put(
                    key,
                    new Resume(
                            w.toString(),
                            ids == null || ids.toString().isEmpty()
                                    ? java.util.List.of()
                                    : java.util.List.of(ids.toString().split(",")),
                            null,
                            ahead));
        }
        return out;
    }
}
