package dev.pcw.connectors.partnertiers;

import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.lake.TableManager;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import dev.pcw.schemas.tiers.PartnerKey;
import dev.pcw.schemas.tiers.PartnerTier;
import dev.pcw.schemas.tiers.StoredTier;
import dev.pcw.schemas.tiers.TierDiff;
import dev.pcw.schemas.tiers.TierVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner tier store in the lake: {@code partner_tiers} (current) and {@code
 * partner_tier_history} (every version), both in {@code pcw_silver}.
 *
 * <h2>One apply, one commit</h2>
 *
 * An apply reads the current table at its newest snapshot, asks its {@link Planner} for the diff
 * against it, writes the whole new state as one data file and replaces the table's files with it in
 * one Iceberg commit, validated against the snapshot it read: a concurrent apply that committed in
 * between makes the commit fail, and the apply starts over against the new state (its diff is
 * planned again). So concurrent applies, from this process or another, end as if one ran after the
 * other; readers see the old state or the new one, never a mix. The table has no delete files, so
 * every engine reads it without compaction.
 *
 * <h2>History follows, and is never lost</h2>
 *
 * The history rows of an apply are written to a data file of {@code partner_tier_history} before
 * the commit, and the commit's summary names that file ({@code pcw.history-file}). After the commit
 * the file is appended to the history, summary {@code pcw.apply-id}. A process killed in between
 * leaves the history one apply behind; {@link #catchUpHistory()} (run before every apply, and by
 * the job when it starts) appends the named file then, and appending twice is refused by a conflict
 * check on {@code apply_id}. The history is the outbox of the tier events.
 */
public final class PartnerTierStore {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerTierStore.class);

    /** Snapshot summary: the apply that made the snapshot. */
    public static final String APPLY_ID = "pcw.apply-id";

    /** Current-table snapshot summary: the history data file of its apply. */
    static final String HISTORY_FILE = "pcw.history-file";

    static final String HISTORY_FILE_SIZE = "pcw.history-file-size";
    static final String HISTORY_RECORDS = "pcw.history-records";

    private static final DateTimeFormatter APPLY_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** How many times an apply starts over after a concurrent commit. */
    static final int MAX_ATTEMPTS = 10;

    /** Plans an apply against the store as it is when the attempt starts. */
    @FunctionalInterface
    public interface Planner {
        /**
         * The diff of the input against {@code store} (identity → stored version, still being read
         * when the planner starts: see {@link TierDiff#against(java.util.concurrent.Future,
         * dev.pcw.schemas.tiers.TierNormalizer, Instant)}), stamped {@code now}.
         */
        TierDiff plan(java.util.concurrent.Future<Map<PartnerKey, StoredTier>> store, Instant now);
    }

    /** What an apply did. */
    public static final class ApplyResult {
        private final TierDiff diff;
        private final String applyId;
        private final int attempts;

        ApplyResult(TierDiff diff, String applyId, int attempts) {
            this.diff = diff;
            this.applyId = applyId;
            this.attempts = attempts;
        }

        /** The diff of the attempt that counted. */
        public TierDiff diff() {
            return diff;
        }

        /** Whether the store changed (the diff had changes and no problems). */
        public boolean applied() {
            return applyId != null;
        }

        /** The apply's id; null when nothing was applied. */
        public String applyId() {
            return applyId;
        }

        /** 1, or more when concurrent applies made it start over. */
        public int attempts() {
            return attempts;
        }
    }

    private final Table current;
    private final Table history;
    private final Clock clock;

    /**
     * A seam for tests: runs between an apply's commit and its history append, the instant a killed
     * process would leave the history behind. Null outside tests.
     */
    private volatile java.util.function.Consumer<String> afterCommit;

    /** Sets the seam that runs between an apply's commit and its history (tests only). */
    void afterCommit(java.util.function.Consumer<String> hook) {
        this.afterCommit = hook;
    }

    private PartnerTierStore(Table current, Table history, Clock clock) {
        this.current = current;
        this.history = history;
        this.clock = clock;
    }

    /** Opens the store, creating its two tables when absent. */
    public static PartnerTierStore open(Catalog catalog, LakeConfig lake) {
        return open(catalog, lake, Clock.systemUTC());
    }

    /** Opens the store with a clock of the caller's (tests). */
    public static PartnerTierStore open(Catalog catalog, LakeConfig lake, Clock clock) {
        Table current = ensure(catalog, lake, SilverTables.PARTNER_TIERS);
        Table history = ensure(catalog, lake, SilverTables.PARTNER_TIER_HISTORY);
        return new PartnerTierStore(current, history, clock);
    }

    private static Table ensure(Catalog catalog, LakeConfig lake, SilverTable t) {
        Table table =
                TableManager.ensureTable(
                        catalog,
                        lake.tableIdentifier(t.name()),
                        t.schema(),
                        t.spec(),
                        t.properties(),
                        new HashSet<>(t.identifierFieldNames()));
        if (table.currentSnapshot() == null) {
            // A first snapshot, so that every apply can validate against the one it read.
            try {
                table.newAppend().set("pcw.created", "true").commit();
            } catch (CommitFailedException e) {
                // Another process made it first.
            }
            table.refresh();
        }
        return table;
    }

    /** The current table. */
    public Table currentTable() {
        return current;
    }

    /** The history table. */
    public Table historyTable() {
        return history;
    }

    /** The newest state read, with the snapshot it was read at: snapshots never change. */
    private volatile Object[] cached;

    /** Every stored partner, newest state, identity → version (not to be changed). */
    public Map<PartnerKey, PartnerTier> load() {
        current.refresh();
        Snapshot s = current.currentSnapshot();
        Object[] c = cached;
        if (c != null && s != null && c[0].equals(s.snapshotId())) {
            @SuppressWarnings("unchecked")
            Map<PartnerKey, PartnerTier> hit = (Map<PartnerKey, PartnerTier>) c[1];
            return hit;
        }
        Map<PartnerKey, PartnerTier> out = new HashMap<>();
        read(s, null, false).forEach((k, v) -> out.put(k, v.full()));
        Map<PartnerKey, PartnerTier> frozen = java.util.Collections.unmodifiableMap(out);
        if (s != null) {
            cached = new Object[] {s.snapshotId(), frozen};
        }
        return frozen;
    }

    /** Every stored partner, newest state, in (oem, name) order, case-folded. */
    public List<PartnerTier> list() {
        return list(null, null);
    }

    /**
     * The stored partners of {@code oem} with {@code tier} (either null for any; compared ignoring
     * case and extra spaces), in (oem, name) order.
     */
    public List<PartnerTier> list(String oem, String tier) {
        String o = oem == null ? null : PartnerKey.fold(oem);
        String t = tier == null ? null : PartnerKey.fold(tier);
        List<PartnerTier> all = new ArrayList<>();
        for (PartnerTier p : load().values()) {
            if ((o == null || o.equals(PartnerKey.fold(p.oem())))
                    && (t == null || t.equals(PartnerKey.fold(p.tier())))) {
                all.add(p);
            }
        }
        all.sort(Comparator.comparing(PartnerTier::key));
        return all;
    }

    /**
     * The rows of {@code snapshot}: whole, or with {@code slim} only each row's key, content hash
     * and timestamps (all a dry run needs, a fraction of the reading). With {@code lineage}, also
     * each row's {apply_id, source_file}. A slim read of a table with rows written before
     * content_hash existed reads them whole.
     */
    private Map<PartnerKey, StoredTier> read(
            Snapshot snapshot, Map<PartnerKey, String[]> lineage, boolean slim) {
        Map<PartnerKey, StoredTier> out = new HashMap<>();
        if (snapshot == null) {
            return out;
        }
        // Tier, program, OEM and the timestamps of one apply repeat across rows: one copy each.
        Map<String, String> pool = new HashMap<>();
        Map<Object, Instant> times = new HashMap<>();
        Map<String, String> folded = new HashMap<>();
        IcebergGenerics.ScanBuilder scan =
                IcebergGenerics.read(current).useSnapshot(snapshot.snapshotId());
        if (slim) {
            scan = scan.select("oem", "name", "content_hash", "created_at", "updated_at");
        } else if (lineage == null) {
            scan =
                    scan.select(
                            "oem",
                            "name",
                            "tier",
                            "program",
                            "poc",
                            "notes",
                            "created_at",
                            "updated_at");
        }
        try (CloseableIterable<Record> rows = scan.build()) {
            for (Record r : rows) {
                String oem = pool.computeIfAbsent((String) r.getField("oem"), k -> k);
                String name = (String) r.getField("name");
                Instant created =
                        times.computeIfAbsent(r.getField("created_at"), PartnerTierStore::instant);
                Instant updated =
                        times.computeIfAbsent(r.getField("updated_at"), PartnerTierStore::instant);
                if (slim) {
                    Long hash = (Long) r.getField("content_hash");
                    if (hash == null) {
                        return read(snapshot, lineage, false);
                    }
                    out.put(
                            PartnerKey.ofFoldedOem(
                                    folded.computeIfAbsent(oem, PartnerKey::fold), name),
                            StoredTier.slim(hash, created, updated));
                    continue;
                }
                PartnerTier t =
                        new PartnerTier(
                                name,
                                pool.computeIfAbsent((String) r.getField("tier"), k -> k),
                                pool.computeIfAbsent((String) r.getField("program"), k -> k),
                                oem,
                                (String) r.getField("poc"),
                                (String) r.getField("notes"),
                                created,
                                updated);
                out.put(t.key(), StoredTier.of(t));
                if (lineage != null) {
                    lineage.put(
                            t.key(),
                            new String[] {
                                (String) r.getField("apply_id"), (String) r.getField("source_file")
                            });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Plans and, when the plan has changes and no problems, applies them in one commit, starting
     * over when a concurrent apply committed first.
     *
     * @param dryRun plan only
     * @param request who asked, kept in the commit's summary ({@code pcw.requested-by}); may be
     *     null
     * @throws IllegalStateException when concurrent applies won {@value #MAX_ATTEMPTS} times in a
     *     row
     */
    public ApplyResult apply(Planner planner, boolean dryRun, String request) {
        return apply(planner, dryRun, false, request);
    }

    /**
     * As {@link #apply(Planner, boolean, String)}; a dry run with {@code withPrevious} reads the
     * store whole, so that each update carries the version it replaces ({@link
     * TierDiff.Change#previous()}), at the cost of reading every column.
     */
    public ApplyResult apply(
            Planner planner, boolean dryRun, boolean withPrevious, String request) {
        for (int attempt = 1; ; attempt++) {
            catchUpHistory();
            current.refresh();
            Snapshot base = current.currentSnapshot();
            Instant now = clock.instant();
            Map<PartnerKey, String[]> lineage = dryRun ? null : new HashMap<>();
            // The store is read on a thread of its own while the planner reads the input.
            boolean slim = dryRun && !withPrevious;
            java.util.concurrent.CompletableFuture<Map<PartnerKey, StoredTier>> reading =
                    new java.util.concurrent.CompletableFuture<>();
            Thread reader =
                    new Thread(
                            () -> {
                                try {
                                    reading.complete(read(base, lineage, slim));
                                } catch (Throwable t) {
                                    reading.completeExceptionally(t);
                                }
                            },
                            "partner-tiers-store-read");
            reader.setDaemon(true);
            reader.start();
            TierDiff diff = planner.plan(reading, now);
            diff.hasChanges(); // classifies what waited for the store
            Map<PartnerKey, StoredTier> stored = reading.join();
            if (dryRun || !diff.problems().isEmpty() || !diff.hasChanges()) {
                return new ApplyResult(diff, null, attempt);
            }
            String applyId = newApplyId(now);
            try {
                commit(base, stored, lineage, diff, applyId, now, request);
                java.util.function.Consumer<String> hook = afterCommit;
                if (hook != null) {
                    hook.accept(applyId);
                }
                appendHistory(current.currentSnapshot());
                return new ApplyResult(diff, applyId, attempt);
            } catch (ValidationException | CommitFailedException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException(
                            "partner_tiers changed under "
                                    + MAX_ATTEMPTS
                                    + " attempts of this apply in a row; try again: "
                                    + e.getMessage(),
                            e);
                }
                LOG.info("Apply {} met a concurrent apply; planning it again", applyId);
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", ie);
                }
            }
        }
    }

    static String newApplyId(Instant now) {
        return "a-" + APPLY_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void commit(
            Snapshot base,
            Map<PartnerKey, StoredTier> stored,
            Map<PartnerKey, String[]> lineage,
            TierDiff diff,
            String applyId,
            Instant now,
            String request) {
        List<TierVersion> versions = new ArrayList<>();
        for (TierDiff.Change c : diff.added()) {
            versions.add(
                    new TierVersion(
                            c.tier(),
                            TierVersion.Change.ADDED,
                            applyId,
                            now,
                            c.position().file(),
                            null));
        }
        for (TierDiff.Change c : diff.updated()) {
            versions.add(
                    new TierVersion(
                            c.tier(),
                            TierVersion.Change.UPDATED,
                            applyId,
                            now,
                            c.position().file(),
                            c.previous()));
        }
        Map<PartnerKey, PartnerTier> state = new HashMap<>();
        stored.forEach((k, v) -> state.put(k, v.full()));
        for (TierVersion v : versions) {
            PartnerKey k = v.tier().key();
            state.put(k, v.tier());
            lineage.put(k, new String[] {applyId, v.sourceFile()});
        }
        DataFile historyFile = writeHistory(versions);
        DataFile data;
        try {
            data = writeCurrent(state, lineage);
        } catch (RuntimeException e) {
            history.io().deleteFile(historyFile.location());
            throw e;
        }
        OverwriteFiles op = current.newOverwrite();
        for (DataFile f : dataFiles(current, base)) {
            op.deleteFile(f);
        }
        op.addFile(data)
                .validateFromSnapshot(base.snapshotId())
                .conflictDetectionFilter(Expressions.alwaysTrue())
                .validateNoConflictingData()
                .validateNoConflictingDeletes();
        summary(op, applyId, diff, request);
        op.set(HISTORY_FILE, historyFile.location());
        op.set(HISTORY_FILE_SIZE, Long.toString(historyFile.fileSizeInBytes()));
        op.set(HISTORY_RECORDS, Long.toString(historyFile.recordCount()));
        try {
            op.commit();
        } catch (RuntimeException e) {
            current.io().deleteFile(data.location());
            history.io().deleteFile(historyFile.location());
            throw e;
        }
    }

    private static void summary(
            SnapshotUpdate<?> op, String applyId, TierDiff diff, String request) {
        op.set(APPLY_ID, applyId);
        op.set("pcw.added", Integer.toString(diff.added().size()));
        op.set("pcw.updated", Integer.toString(diff.updated().size()));
        if (request != null) {
            op.set("pcw.requested-by", request);
        }
    }

    /**
     * Appends the history of the newest apply when a process stopped between its commit and its
     * history (see the class javadoc). Safe to call from any number of processes at once.
     */
    public void catchUpHistory() {
        current.refresh();
        appendHistory(current.currentSnapshot());
    }

    private void appendHistory(Snapshot applied) {
        if (applied == null || applied.summary().get(HISTORY_FILE) == null) {
            return;
        }
        String applyId = applied.summary().get(APPLY_ID);
        history.refresh();
        if (historyHas(applyId)) {
            return;
        }
        Snapshot base = history.currentSnapshot();
        DataFile file =
                DataFiles.builder(history.spec())
                        .withPath(applied.summary().get(HISTORY_FILE))
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(
                                Long.parseLong(applied.summary().get(HISTORY_FILE_SIZE)))
                        .withRecordCount(Long.parseLong(applied.summary().get(HISTORY_RECORDS)))
                        .build();
        OverwriteFiles op = history.newOverwrite().addFile(file);
        if (base != null) {
            op.validateFromSnapshot(base.snapshotId())
                    .conflictDetectionFilter(Expressions.equal("apply_id", applyId))
                    .validateNoConflictingData();
        }
        op.set(APPLY_ID, applyId);
        try {
            op.commit();
        } catch (ValidationException e) {
            // Another process appended it first.
            history.refresh();
            if (!historyHas(applyId)) {
                throw e;
            }
        }
    }

    private boolean historyHas(String applyId) {
        for (Snapshot s : ancestors(history)) {
            if (applyId.equals(s.summary().get(APPLY_ID))) {
                return true;
            }
        }
        return false;
    }

    private static List<Snapshot> ancestors(Table t) {
        List<Snapshot> out = new ArrayList<>();
        if (t.currentSnapshot() != null) {
            SnapshotUtil.ancestorsOf(t.currentSnapshot().snapshotId(), t::snapshot)
                    .forEach(out::add);
        }
        return out;
    }

    /** The newest snapshot id of the history, or -1 when it has none. */
    public long historySnapshotId() {
        history.refresh();
        return history.currentSnapshot() == null ? -1 : history.currentSnapshot().snapshotId();
    }

    /** The versions of the applies after a history snapshot, up to the newest one read. */
    public static final class Versions {
        private final List<TierVersion> versions;
        private final long head;

        Versions(List<TierVersion> versions, long head) {
            this.versions = List.copyOf(versions);
            this.head = head;
        }

        /** Oldest apply first; within an apply in (oem, name) order. */
        public List<TierVersion> versions() {
            return versions;
        }

        /** The history snapshot they reach: the cursor to ask from next time (-1: none). */
        public long head() {
            return head;
        }
    }

    /**
     * The versions the applies after history snapshot {@code afterSnapshotId} stored; every version
     * in the history when that snapshot is not among the history's ancestors (-1, or expired by
     * maintenance).
     */
    public Versions since(long afterSnapshotId) {
        history.refresh();
        List<Snapshot> chain = ancestors(history);
        long head = chain.isEmpty() ? -1 : chain.get(0).snapshotId();
        List<Snapshot> newer = new ArrayList<>();
        for (Snapshot s : chain) {
            if (s.snapshotId() == afterSnapshotId) {
                break;
            }
            newer.add(0, s);
        }
        List<TierVersion> out = new ArrayList<>();
        for (Snapshot s : newer) {
            String applyId = s.summary().get(APPLY_ID);
            if (applyId == null) {
                continue;
            }
            List<TierVersion> of = new ArrayList<>();
            for (DataFile f : s.addedDataFiles(history.io())) {
                readHistoryFile(f, of);
            }
            of.sort(Comparator.comparing(v -> v.tier().key()));
            out.addAll(of);
        }
        return new Versions(out, head);
    }

    /** {@link #since}'s versions. */
    public List<TierVersion> versionsAfter(long afterSnapshotId) {
        return since(afterSnapshotId).versions();
    }

    /** Every version in the history, oldest apply first. */
    public List<TierVersion> versions() {
        return versionsAfter(-1);
    }

    private void readHistoryFile(DataFile f, List<TierVersion> out) {
        try (CloseableIterable<Record> rows =
                org.apache.iceberg.parquet.Parquet.read(history.io().newInputFile(f.location()))
                        .project(history.schema())
                        .createReaderFunc(
                                type ->
                                        org.apache.iceberg.data.parquet.GenericParquetReaders
                                                .buildReader(history.schema(), type))
                        .build()) {
            for (Record r : rows) {
                out.add(version(r));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TierVersion version(Record r) {
        PartnerTier t = tier(r);
        Record p = (Record) r.getField("previous");
        PartnerTier previous = null;
        if (p != null) {
            previous =
                    new PartnerTier(
                            (String) p.getField("name"),
                            (String) p.getField("tier"),
                            (String) p.getField("program"),
                            (String) p.getField("oem"),
                            (String) p.getField("poc"),
                            (String) p.getField("notes"),
                            t.createdAt(),
                            instant(p.getField("updated_at")));
        }
        return new TierVersion(
                t,
                TierVersion.Change.parse((String) r.getField("change")),
                (String) r.getField("apply_id"),
                instant(r.getField("applied_at")),
                (String) r.getField("source_file"),
                previous);
    }

    private static PartnerTier tier(Record r) {
        return new PartnerTier(
                (String) r.getField("name"),
                (String) r.getField("tier"),
                (String) r.getField("program"),
                (String) r.getField("oem"),
                (String) r.getField("poc"),
                (String) r.getField("notes"),
                instant(r.getField("created_at")),
                instant(r.getField("updated_at")));
    }

    private static List<DataFile> dataFiles(Table table, Snapshot snapshot) {
        List<DataFile> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
            for (FileScanTask t : tasks) {
                files.add(t.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private DataFile writeCurrent(
            Map<PartnerKey, PartnerTier> state, Map<PartnerKey, String[]> lineage) {
        List<PartnerKey> keys = new ArrayList<>(state.keySet());
        keys.sort(null);
        GenericRecord template = GenericRecord.create(current.schema());
        return write(
                current,
                writer -> {
                    for (PartnerKey k : keys) {
                        GenericRecord r = template.copy();
                        fill(r, state.get(k));
                        String[] l = lineage.get(k);
                        r.setField("apply_id", l[0]);
                        r.setField("source_file", l[1]);
                        r.setField("content_hash", state.get(k).contentHash());
                        writer.write(r);
                    }
                });
    }

    private DataFile writeHistory(List<TierVersion> versions) {
        GenericRecord template = GenericRecord.create(history.schema());
        Types.StructType previousType =
                history.schema().findField("previous").type().asStructType();
        return write(
                history,
                writer -> {
                    for (TierVersion v : versions) {
                        GenericRecord r = template.copy();
                        fill(r, v.tier());
                        r.setField("apply_id", v.applyId());
                        r.setField("source_file", v.sourceFile());
                        r.setField("change", v.change().wireName());
                        r.setField("applied_at", time(v.appliedAt()));
                        if (v.previous() != null) {
                            r.setField("changed_fields", v.changedFields());
                            GenericRecord p = GenericRecord.create(previousType);
                            PartnerTier pt = v.previous();
                            p.setField("name", pt.name());
                            p.setField("tier", pt.tier());
                            p.setField("program", pt.program());
                            p.setField("oem", pt.oem());
                            p.setField("poc", pt.poc());
                            p.setField("notes", pt.notes());
                            p.setField("updated_at", time(pt.updatedAt()));
                            r.setField("previous", p);
                        }
                        writer.write(r);
                    }
                });
    }

    private static void fill(GenericRecord r, PartnerTier t) {
        r.setField("oem", t.oem());
        r.setField("name", t.name());
        r.setField("tier", t.tier());
        r.setField("program", t.program());
        r.setField("poc", t.poc());
        r.setField("notes", t.notes());
        r.setField("created_at", time(t.createdAt()));
        r.setField("updated_at", time(t.updatedAt()));
    }

    private interface Rows {
        void writeTo(DataWriter<Record> writer) throws IOException;
    }

    private static DataFile write(Table table, Rows rows) {
        String name = "tiers-" + UUID.randomUUID() + ".parquet";
        OutputFile out = table.io().newOutputFile(table.locationProvider().newDataLocation(name));
        GenericAppenderFactory factory =
                new GenericAppenderFactory(table.schema(), table.spec()).setAll(table.properties());
        DataWriter<Record> writer =
                factory.newDataWriter(
                        EncryptedFiles.plainAsEncryptedOutput(out), FileFormat.PARQUET, null);
        try {
            try {
                rows.writeTo(writer);
            } finally {
                writer.close();
            }
        } catch (IOException | RuntimeException e) {
            table.io().deleteFile(out.location());
            if (e instanceof IOException) {
                throw new UncheckedIOException((IOException) e);
            }
            throw (RuntimeException) e;
        }
        return writer.toDataFile();
    }

    private static OffsetDateTime time(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object v) {
        return v == null ? null : ((OffsetDateTime) v).toInstant();
    }

    /** Apply ids of the applies in the current table's ancestry, oldest first. */
    public List<String> applyIds() {
        current.refresh();
        Set<String> ids = new LinkedHashSet<>();
        List<Snapshot> chain = ancestors(current);
        for (int i = chain.size() - 1; i >= 0; i--) {
            String id = chain.get(i).summary().get(APPLY_ID);
            if (id != null) {
                ids.add(id);
            }
        }
        return new ArrayList<>(ids);
    }

    @Override
    public String toString() {
        return "PartnerTierStore{" + current.name() + "}";
    }
}
