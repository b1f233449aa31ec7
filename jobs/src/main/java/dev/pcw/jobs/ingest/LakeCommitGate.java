package dev.pcw.jobs.ingest;

import dev.pcw.connectors.lake.BronzePaths;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import dev.pcw.connectors.partnercentral.source.split.RunEnd;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverTables;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * A {@link RunListener} that records a run's end only once the run's last record is readable in the
 * lake: in its silver table (or in {@code dead_letters} when it was set aside), for opportunities
 * also in the history table, and with no uncommitted part file left in the run's bronze folders.
 * Flink's committers (Iceberg's and the FileSink's) commit when they hear that a checkpoint
 * completed, independently of the source that hears it too; killed in between, a job would
 * otherwise have recorded a watermark that the lake does not reach (silver short, the run
 * SUCCEEDED, and the next run starting after the lost records). Commits of one table are ordered,
 * so the last record being there means every earlier record of the run is there too.
 *
 * <p>A run that emitted nothing has only its bronze folders to check. Dead letters of a run's
 * earlier records are not waited for: they are derived from bronze, which is.
 */
public final class LakeCommitGate implements RunListener {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(LakeCommitGate.class);

    /**
     * A test-only pause point for a crash harness: with {@code PCW_TEST_HALT_AT=commit-pending} in
     * the environment the process halts at the worst instant of a run's end (its checkpoint
     * completed, its records not yet committed), with {@code run-end} at the first run end due,
     * whether or not its commits are made, and with {@code run-recorded} right after the first run
     * end is recorded (the metadata DB says SUCCEEDED; its run-completed marker not yet emitted).
     */
    private static final String HALT_AT = System.getenv("PCW_TEST_HALT_AT");

    private final RunListener target;
    private final LakeConfig lake;
    private transient Catalog catalog;
    private transient long openedAtMillis;

    public LakeCommitGate(RunListener target, LakeConfig lake) {
        this.target = Objects.requireNonNull(target, "target");
        this.lake = Objects.requireNonNull(lake, "lake");
    }

    @Override
    public void open() throws Exception {
        target.open();
        catalog = Catalogs.create(lake);
        openedAtMillis = System.currentTimeMillis();
    }

    @Override
    public void close() throws Exception {
        // The catalog is not closed: a Hadoop catalog's close shuts Iceberg's JVM-wide lock
        // manager down, under the committers of the same TaskManager that may still be
        // committing (the source closes first at the end of a bounded job).
        catalog = null;
        target.close();
    }

    @Override
    public boolean recordsEnds() {
        return target.recordsEnds();
    }

    @Override
    public java.util.Map<Long, Long> readCallsOfLastDay() {
        return target.readCallsOfLastDay();
    }

    @Override
    public void readCallsMade(java.util.Map<Long, Long> callsPerMinute) {
        target.readCallsMade(callsPerMinute);
    }

    @Override
    public java.util.List<dev.pcw.connectors.partnercentral.source.SyncRequest>
            pendingSyncRequests() {
        return target.pendingSyncRequests();
    }

    @Override
    public void runStarted(RunInfo run) {
        target.runStarted(run);
    }

    @Override
    public RunCounters runFinished(
            RunInfo run, Instant endedAt, RunCounters counters, Resume resume) {
        RunCounters recorded = target.runFinished(run, endedAt, counters, resume);
        if ("run-recorded".equals(HALT_AT)) {
            // Test-only: dies here, as a process killed at this instant would.
            System.out.println("pcw-test: halting once the end of " + run + " is recorded");
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
        return recorded;
    }

    @Override
    public void runProgress(RunInfo run, RunCounters counters) {
        target.runProgress(run, counters);
    }

    @Override
    public void callsNotCheckpointed(RunInfo run, long calls) {
        target.callsNotCheckpointed(run, calls);
    }

    @Override
    public boolean committed(RunInfo run, RunEnd end) {
        if (!target.committed(run, end)) {
            return false;
        }
        String missing = missing(run, end);
        if ("run-end".equals(HALT_AT) || (missing != null && "commit-pending".equals(HALT_AT))) {
            // Test-only: dies here, as a process killed at this instant would.
            System.out.println(
                    "pcw-test: halting at the end of "
                            + run
                            + (missing == null ? " (committed)" : " (commits pending)"));
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
        if (missing == null) {
            return true;
        }
        LOG.info("{}: not recorded as ended yet: {}", run, missing);
        return false;
    }

    /** What of the run is not readable in the lake yet, or null when all of it is. */
    String missing(RunInfo run, RunEnd end) {
        String bronze = uncommittedBronze(run, end);
        if (bronze != null) {
            return "bronze part file " + bronze + " is not committed";
        }
        String id = end.lastRecordId();
        if (id == null) {
            return null;
        }
        PartnerCentralEntity entity = PartnerCentralEntity.parse(run.entity);
        String table = tableOf(entity);
        Expression key =
                Expressions.and(
                        Expressions.equal("catalog", run.catalog), Expressions.equal("id", id));
        boolean inCurrent = false;
        for (Record r : read(table, key, "run_id")) {
            Object runId = r.getField("run_id");
            // The run's version, or one a later run (or an event-driven fetch) wrote over it.
            inCurrent |= runId != null && runId.toString().compareTo(run.runId) >= 0;
        }
        if (!inCurrent) {
            Expression dead =
                    Expressions.and(
                            Expressions.equal("run_id", run.runId),
                            Expressions.or(
                                    Expressions.equal("record_id", id),
                                    Expressions.isNull("record_id")));
            if (read(SilverTables.DEAD_LETTERS_NAME, dead, "run_id").isEmpty()) {
                return "record " + id + " is not in " + table + " nor in dead_letters";
            }
            return null;
        }
        if (entity == PartnerCentralEntity.OPPORTUNITIES && end.lastRecordModified() != null) {
            Instant listed = Instant.parse(end.lastRecordModified());
            boolean inHistory = false;
            for (Record r :
                    read(SilverTables.OPPORTUNITY_HISTORY_NAME, key, "last_modified_date")) {
                Object v = r.getField("last_modified_date");
                inHistory |=
                        v instanceof OffsetDateTime
                                && !((OffsetDateTime) v).toInstant().isBefore(listed);
            }
            if (!inHistory) {
                return "version "
                        + end.lastRecordModified()
                        + " of "
                        + id
                        + " is not in "
                        + SilverTables.OPPORTUNITY_HISTORY_NAME;
            }
        }
        return null;
    }

    /** The silver current table an entity's records go to. */
    static String tableOf(PartnerCentralEntity entity) {
        return "partnercentral_" + entity.configName();
    }

    /**
     * The committed rows of {@code table} that match {@code filter} (see {@link CommittedRows}).
     */
    private List<Record> read(String table, Expression filter, String column) {
        Table t = catalog.loadTable(lake.tableIdentifier(table));
        List<Record> out = new ArrayList<>();
        CommittedRows.forEach(t, filter, out::add, "catalog", column);
        return out;
    }

    /**
     * A part file of the run's bronze folders that Flink's FileSink has not committed (it stays
     * hidden, {@code .part-….inprogress.…}, until the checkpoint's commit renames it), or null;
     * hidden files older than this task (left by an attempt that died) do not count. On S3 an
     * uncommitted part is an unfinished multipart upload that no listing shows; there the silver
     * check above stands for both, as both commit on the same checkpoint.
     */
    private String uncommittedBronze(RunInfo run, RunEnd end) {
        BronzePaths paths = lake.bronzePaths();
        LocalDate first = LocalDate.ofInstant(run.startedAt, ZoneOffset.UTC);
        LocalDate last =
                LocalDate.ofInstant(Instant.ofEpochMilli(end.endedAtMillis()), ZoneOffset.UTC);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Path dir =
                    new Path(
                            paths.runDirectory(
                                    run.entity,
                                    d.atStartOfDay(ZoneOffset.UTC).toInstant(),
                                    run.runId));
            FileStatus[] files;
            try {
                files = dir.getFileSystem().listStatus(dir);
            } catch (FileNotFoundException e) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + dir + ": " + e.getMessage(), e);
            }
            if (files == null) {
                continue;
            }
            for (FileStatus f : files) {
                String name = f.getPath().getName();
                // A part file older than this task was left by an attempt that died: what it
                // held was restored from the checkpoint (and committed) or is written again.
                if (name.startsWith(".")
                        && name.contains(".inprogress")
                        && f.getModificationTime() >= openedAtMillis) {
                    return f.getPath().toString();
                }
            }
        }
        return null;
    }
}
