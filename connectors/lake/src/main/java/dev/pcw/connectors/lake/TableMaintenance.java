package dev.pcw.connectors.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.UnpartitionedWriter;
import org.apache.iceberg.io.WriteResult;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table maintenance without Spark or a cluster: compaction of a current (upserted) table and
 * snapshot expiry, with Iceberg's core API.
 *
 * <p><b>Compaction</b> reads the table as of one snapshot (its equality and position deletes
 * applied), writes the live rows into files of the target size and commits one rewrite that
 * replaces every data and delete file it read. The new files carry the data sequence number of the
 * snapshot it read, so equality deletes a job commits meanwhile still apply to them: a compaction
 * running beside the ingest job loses none of its updates. The commit is validated from that
 * snapshot; when a concurrent change conflicts (a position delete against a file it rewrote), it
 * fails, its files are removed and the table is as before. Two steps ({@link #prepare}, then {@link
 * Compaction#commit}) so a test can commit between them.
 *
 * <p><b>Expiry</b> removes snapshots older than the retention, keeping at least the newest {@code
 * retainLast}, and never the newest snapshot a Flink job committed nor any after it: a job restored
 * from its last savepoint looks its last commit up in the table's history, and would commit that
 * checkpoint's files a second time if it were gone.
 */
public final class TableMaintenance {
    private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);

    /** The snapshot summary key Iceberg's Flink sink writes its job id under. */
    static final String FLINK_JOB_ID = "flink.job-id";

    private TableMaintenance() {}

    /** What a compaction read, wrote and committed. */
    public static final class Compaction {
        private final Table table;
        private final Snapshot start;
        private final Set<DataFile> dataBefore;
        private final Set<DeleteFile> deletesBefore;
        private final List<DataFile> written;
        private final long records;

        Compaction(
                Table table,
                Snapshot start,
                Set<DataFile> dataBefore,
                Set<DeleteFile> deletesBefore,
                List<DataFile> written,
                long records) {
            this.table = table;
            this.start = start;
            this.dataBefore = dataBefore;
            this.deletesBefore = deletesBefore;
            this.written = written;
            this.records = records;
        }

        /** Whether there is anything to commit (more than one data file, or delete files). */
        public boolean isNeeded() {
            return start != null && (!deletesBefore.isEmpty() || dataBefore.size() > 1);
        }

        public int dataFilesBefore() {
            return dataBefore.size();
        }

        public int deleteFilesBefore() {
            return deletesBefore.size();
        }

        public int dataFilesAfter() {
            return isNeeded() ? written.size() : dataBefore.size();
        }

        /** Live rows read (and written). */
        public long records() {
            return records;
        }

        /**
         * Commits the rewrite.
         *
         * @throws ValidationException when a change committed since the read conflicts with it;
         *     nothing is changed and the files written are removed
         */
        public void commit() {
            if (!isNeeded()) {
                return;
            }
            RewriteFiles rewrite =
                    table.newRewrite()
                            .validateFromSnapshot(start.snapshotId())
                            .dataSequenceNumber(start.sequenceNumber());
            dataBefore.forEach(rewrite::deleteFile);
            deletesBefore.forEach(rewrite::deleteFile);
            written.forEach(rewrite::addFile);
            rewrite.set("pcw.maintain", "compaction");
            try {
                rewrite.commit();
            } catch (RuntimeException e) {
                abort();
                throw e;
            }
        }

        /** Removes the files written, when the compaction is not committed. */
        public void abort() {
            for (DataFile f : written) {
                try {
                    table.io().deleteFile(f.location());
                } catch (RuntimeException e) {
                    LOG.warn("Could not remove {} of an abandoned compaction", f.location(), e);
                }
            }
        }
    }

    /**
     * Reads {@code table}'s current snapshot and writes its live rows into new files of about
     * {@code targetFileSize} bytes; nothing is committed yet. Nothing is written when the table is
     * already one file without deletes.
     *
     * @throws IllegalArgumentException for a partitioned table (compaction is for the current
     *     tables, which are not partitioned)
     */
    public static Compaction prepare(Table table, long targetFileSize) {
        table.refresh();
        if (table.spec().isPartitioned()) {
            throw new IllegalArgumentException(
                    table.name()
                            + " is partitioned: only the unpartitioned current tables are compacted");
        }
        Snapshot start = table.currentSnapshot();
        if (start == null) {
            return new Compaction(table, null, Set.of(), Set.of(), List.of(), 0);
        }
        Set<DataFile> data = new LinkedHashSet<>();
        Set<DeleteFile> deletes = new LinkedHashSet<>();
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().useSnapshot(start.snapshotId()).planFiles()) {
            for (FileScanTask t : tasks) {
                data.add(t.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("planning " + table.name() + ": " + e.getMessage(), e);
        }
        // Every live delete file goes, not only those a scan task applies: one that applies to no
        // data file (an upsert's equality deletes in the commit that inserted the rows, deletes of
        // rows a compaction already rewrote) stays in the metadata and is read by every planner.
        // Once the rewrite has given every row the start snapshot's sequence number, none of the
        // deletes it read can apply to anything.
        deletes.addAll(liveDeleteFiles(table, start));
        if (deletes.isEmpty() && data.size() <= 1) {
            return new Compaction(table, start, data, deletes, List.of(), 0);
        }
        OutputFileFactory files =
                OutputFileFactory.builderFor(table, 0, System.currentTimeMillis())
                        .format(FileFormat.PARQUET)
                        .operationId("pcw-maintain-" + UUID.randomUUID())
                        .build();
        UnpartitionedWriter<Record> writer =
                new UnpartitionedWriter<>(
                        table.spec(),
                        FileFormat.PARQUET,
                        new GenericAppenderFactory(table.schema(), table.spec())
                                .setAll(table.properties()),
                        files,
                        table.io(),
                        targetFileSize);
        long records = 0;
        WriteResult result;
        try {
            // Live rows read with LiveRows, not Iceberg's generic reader: that one loads, per data
            // file, every newer equality-delete key (a million after a full sync of a million).
            Schema schema = table.schema();
            records =
                    LiveRows.forEach(
                            table,
                            start.snapshotId(),
                            Expressions.alwaysTrue(),
                            r -> {
                                GenericRecord row = GenericRecord.create(schema);
                                for (Types.NestedField f : schema.columns()) {
                                    row.setField(f.name(), r.getField(f.name()));
                                }
                                try {
                                    writer.write(row);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
            result = writer.complete();
        } catch (IOException | RuntimeException e) {
            try {
                writer.abort();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException
                    ? new UncheckedIOException(
                            "compacting " + table.name() + ": " + e.getMessage(), (IOException) e)
                    : (RuntimeException) e;
        }
        List<DataFile> written = new ArrayList<>(List.of(result.dataFiles()));
        return new Compaction(table, start, data, deletes, written, records);
    }

    /** Every delete file live in {@code snapshot}, whether or not it applies to a data file. */
    static Set<DeleteFile> liveDeleteFiles(Table table, Snapshot snapshot) {
        Set<DeleteFile> out = new LinkedHashSet<>();
        for (ManifestFile manifest : snapshot.deleteManifests(table.io())) {
            try (ManifestReader<DeleteFile> reader =
                    ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
                for (DeleteFile f : reader) {
                    out.add(f.copyWithoutStats());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "reading " + table.name() + "'s delete manifests: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** What an expiry removed. */
    public static final class Expiry {
        public final int before;
        public final int after;

        /**
         * The oldest instant kept whatever the retention (a Flink job's newest commit); or null.
         */
        public final Instant protectedFrom;

        Expiry(int before, int after, Instant protectedFrom) {
            this.before = before;
            this.after = after;
            this.protectedFrom = protectedFrom;
        }

        public int expired() {
            return before - after;
        }
    }

    /**
     * Expires the snapshots of {@code table} older than {@code retention} (and the files only they
     * use), keeping at least {@code retainLast} and the newest snapshot a Flink job committed with
     * every one after it.
     */
    public static Expiry expire(Table table, Duration retention, int retainLast) {
        table.refresh();
        int before = count(table);
        if (table.currentSnapshot() == null) {
            return new Expiry(0, 0, null);
        }
        long olderThan = System.currentTimeMillis() - retention.toMillis();
        Instant protectedFrom = null;
        for (Snapshot s = table.currentSnapshot();
                s != null;
                s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            if (s.summary().containsKey(FLINK_JOB_ID)) {
                protectedFrom = Instant.ofEpochMilli(s.timestampMillis());
                olderThan = Math.min(olderThan, s.timestampMillis());
                break;
            }
        }
        table.expireSnapshots()
                .expireOlderThan(olderThan)
                .retainLast(Math.max(1, retainLast))
                .cleanExpiredFiles(true)
                .commit();
        table.refresh();
        return new Expiry(before, count(table), protectedFrom);
    }

    private static int count(Table table) {
        int n = 0;
        for (Snapshot ignored : table.snapshots()) {
            n++;
        }
        return n;
    }
}
