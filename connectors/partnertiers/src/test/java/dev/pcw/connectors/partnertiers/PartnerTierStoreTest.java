package dev.pcw.connectors.partnertiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.schemas.tiers.PartnerTier;
import dev.pcw.schemas.tiers.TierNormalizer;
import dev.pcw.schemas.tiers.TierVersion;
import dev.pcw.schemas.tiers.TierVocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class PartnerTierStoreTest {
    static final String HEADER = "name,tier,program,oem,poc,notes\n";
    static final String SEED =
            HEADER
                    + "Red River Technology,Gold,Cisco PTP,Cisco,John Doe,Premier partner\n"
                    + "Tech Solutions,Platinum,Nutanix Elevate,Nutanix,Jane Smith,Top tier\n";

    @TempDir Path dir;
    private Path input;
    private LakeConfig lake;
    private Catalog catalog;
    private TierSync sync;
    private TierInputFolder folder;

    @BeforeEach
    void open() throws IOException {
        input = Files.createDirectories(dir.resolve("partners"));
        lake = LakeConfig.fromProperties(Map.of(LakeConfig.ROOT, dir.resolve("lake").toString()));
        catalog = Catalogs.create(lake);
        sync = newSync();
        folder = TierInputFolder.of(input.toString(), lake);
    }

    private TierSync newSync() {
        return new TierSync(
                PartnerTierStore.open(catalog, lake),
                new TierNormalizer(TierVocabulary.defaults()));
    }

    @AfterEach
    void close() throws Exception {
        ((AutoCloseable) catalog).close();
    }

    private void file(String name, String content) throws IOException {
        Files.write(input.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private List<Snapshot> snapshots(org.apache.iceberg.Table t) {
        t.refresh();
        List<Snapshot> out = new ArrayList<>();
        t.snapshots().forEach(out::add);
        return out;
    }

    @Test
    void aDryRunDiffsAndChangesNothing() throws IOException {
        file("partners_a.csv", SEED);
        int before = snapshots(sync.store().currentTable()).size();

        TierSync.Outcome o = sync.sync(folder, true, "test");

        assertThat(o.diff().added()).hasSize(2);
        assertThat(o.result().applied()).isFalse();
        assertThat(sync.store().list()).isEmpty();
        assertThat(snapshots(sync.store().currentTable())).hasSize(before);
    }

    @Test
    void appliesInOneCommitAndKeepsEveryVersionInTheHistory() throws IOException {
        file("partners_a.csv", SEED);
        int before = snapshots(sync.store().currentTable()).size();

        TierSync.Outcome first = sync.sync(folder, false, "alice");

        assertThat(first.result().applied()).isTrue();
        assertThat(snapshots(sync.store().currentTable())).hasSize(before + 1);
        Snapshot s = sync.store().currentTable().currentSnapshot();
        assertThat(s.summary())
                .containsEntry(PartnerTierStore.APPLY_ID, first.result().applyId())
                .containsEntry("pcw.added", "2")
                .containsEntry("pcw.requested-by", "alice");
        assertThat(sync.store().list())
                .extracting(PartnerTier::name, PartnerTier::tier)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Red River Technology", "Gold"),
                        org.assertj.core.groups.Tuple.tuple("Tech Solutions", "Platinum"));

        file(
                "partners_a.csv",
                SEED.replace("Red River Technology,Gold", "Red River Technology,platinum"));
        TierSync.Outcome second = sync.sync(folder, false, "bob");

        assertThat(second.diff().updated()).hasSize(1);
        assertThat(second.diff().unchanged()).hasSize(1);
        PartnerTier updated = sync.store().load().get(second.diff().updated().get(0).tier().key());
        assertThat(updated.tier()).isEqualTo("Platinum");
        assertThat(updated.createdAt())
                .isEqualTo(first.diff().added().get(0).tier().createdAt())
                .isBefore(updated.updatedAt().plusNanos(1));

        List<TierVersion> history = sync.store().versions();
        assertThat(history)
                .extracting(
                        v -> v.change().wireName() + " " + v.tier().name() + " " + v.tier().tier())
                .containsExactly(
                        "added Red River Technology Gold",
                        "added Tech Solutions Platinum",
                        "updated Red River Technology Platinum");
        TierVersion last = history.get(2);
        assertThat(last.previous().tier()).isEqualTo("Gold");
        assertThat(last.changedFields()).containsExactly("tier");
        assertThat(last.sourceFile()).endsWith("partners_a.csv");
        assertThat(last.applyId()).isEqualTo(second.result().applyId());
    }

    @Test
    void readsTheStoreOncePerSnapshot() throws IOException {
        file("partners_a.csv", SEED);
        sync.sync(folder, false, null);
        Map<dev.pcw.schemas.tiers.PartnerKey, PartnerTier> first = sync.store().load();

        assertThat(sync.store().load()).isSameAs(first).hasSize(2);
        file("partners_a.csv", SEED + "Acme,Gold,Dell PP,Dell,,\n");
        newSync().sync(folder, false, null);
        assertThat(sync.store().load()).isNotSameAs(first).hasSize(3);
    }

    @Test
    void reapplyingTheSameFileCommitsNothing() throws IOException {
        file("partners_a.csv", SEED);
        sync.sync(folder, false, null);
        int after = snapshots(sync.store().currentTable()).size();

        TierSync.Outcome again = sync.sync(folder, false, null);

        assertThat(again.result().applied()).isFalse();
        assertThat(again.diff().unchanged()).hasSize(2);
        assertThat(snapshots(sync.store().currentTable())).hasSize(after);
        assertThat(sync.store().versions()).hasSize(2);
    }

    @Test
    void aFileWithOneBadRecordAmongGoodOnesIsNotAppliedAtAll() throws IOException {
        file("partners_a.csv", SEED + ",Gold,P,Dell,,\n");

        TierSync.Outcome o = sync.sync(folder, false, null);

        assertThat(o.result().applied()).isFalse();
        assertThat(o.diff().added()).hasSize(2);
        assertThat(o.diff().validationMessage(5))
                .isEqualTo(
                        "Validation failed: Record 2: missing name ("
                                + input.resolve("partners_a.csv")
                                + " line 4)");
        assertThat(sync.store().list()).isEmpty();
    }

    @Test
    void aDuplicateAcrossTwoFilesKeepsBothFromBeingApplied() throws IOException {
        file("partners_a.csv", SEED);
        file(
                "partners_b.json",
                "{\"partners\": [{\"name\": \"red river technology\", \"tier\": \"Silver\","
                        + " \"program\": \"X\", \"oem\": \"cisco\"}]}");

        TierSync.Outcome o = sync.sync(folder, false, null);

        assertThat(o.result().applied()).isFalse();
        assertThat(o.diff().problems()).hasSize(1);
        assertThat(o.diff().problems().get(0).message())
                .startsWith("Record 0: duplicate of Record 0 of ")
                .contains("partners_a.csv: both are Cisco / red river technology");
    }

    @Test
    void aFileThatCannotBeReadStopsTheSyncNamingIt() throws IOException {
        file("partners_a.csv", SEED);
        file("partners_b.csv", "name,tier\nA,Gold\n");

        assertThatThrownBy(() -> sync.sync(folder, false, null))
                .isInstanceOf(TierLoadException.class)
                .hasMessageStartingWith(
                        "Failed to load "
                                + input.resolve("partners_b.csv")
                                + ": the header has no"
                                + " column program, oem");
        assertThat(sync.store().list()).isEmpty();
    }

    @Test
    void ignoresFilesThatAreNotPartnerTierFiles() throws IOException {
        file("partners_a.csv", SEED);
        file("notes.csv", "garbage");
        file("partners_a.csv.bak", "garbage");

        assertThat(folder.list())
                .extracting(f -> f.name())
                .containsExactly(input.resolve("partners_a.csv").toString());
    }

    @Test
    void concurrentAppliesEndAsIfOneRanAfterTheOther() throws Exception {
        file("partners_a.csv", SEED);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TierSync.Outcome>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            TierSync own = newSync();
            results.add(
                    pool.submit(
                            () -> {
                                start.await();
                                return own.sync(folder, false, null);
                            }));
        }
        start.countDown();
        List<TierSync.Outcome> outcomes = new ArrayList<>();
        for (Future<TierSync.Outcome> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();

        assertThat(outcomes.stream().filter(o -> o.result().applied()).count()).isEqualTo(1);
        assertThat(outcomes.stream().mapToInt(o -> o.diff().added().size()).sum()).isEqualTo(2);
        assertThat(outcomes.stream().mapToInt(o -> o.diff().unchanged().size()).sum())
                .isEqualTo(2 * (threads - 1));
        assertThat(sync.store().list()).hasSize(2);
        assertThat(rows(sync.store().currentTable())).isEqualTo(2);
        assertThat(sync.store().versions()).hasSize(2);
    }

    @Test
    void concurrentAppliesOfDifferentFilesKeepBoth() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        file("partners_a.csv", SEED);
        Files.write(
                other.resolve("partners_b.csv"),
                (HEADER + "Acme,Gold,Dell PP,dell,,\n").getBytes(StandardCharsets.UTF_8));
        TierSync a = newSync();
        TierSync b = newSync();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        Future<TierSync.Outcome> fa =
                pool.submit(
                        () -> {
                            start.await();
                            return a.sync(folder, false, null);
                        });
        Future<TierSync.Outcome> fb =
                pool.submit(
                        () -> {
                            start.await();
                            return b.sync(TierInputFolder.of(other.toString(), lake), false, null);
                        });
        start.countDown();
        assertThat(fa.get().result().applied()).isTrue();
        assertThat(fb.get().result().applied()).isTrue();
        pool.shutdown();

        assertThat(sync.store().list())
                .extracting(PartnerTier::name)
                .containsExactlyInAnyOrder("Acme", "Red River Technology", "Tech Solutions");
        assertThat(sync.store().versions()).hasSize(3);
    }

    @Test
    void aProcessKilledBetweenItsCommitAndItsHistoryLosesNoVersion() throws IOException {
        file("partners_a.csv", SEED);
        PartnerTierStore dying = PartnerTierStore.open(catalog, lake);
        dying.afterCommit(
                id -> {
                    throw new IllegalStateException("killed after committing " + id);
                });
        TierSync dyingSync = new TierSync(dying, new TierNormalizer(TierVocabulary.defaults()));

        assertThatThrownBy(() -> dyingSync.sync(folder, false, null))
                .hasMessageStartingWith("killed after committing a-");
        assertThat(sync.store().list()).hasSize(2);
        sync.store().historyTable().refresh();
        assertThat(rows(sync.store().historyTable())).isZero();

        // The next process catches up when it opens the store, and only once.
        PartnerTierStore next = PartnerTierStore.open(catalog, lake);
        next.catchUpHistory();
        next.catchUpHistory();
        newSync().store().catchUpHistory();

        assertThat(next.versions()).hasSize(2);
        assertThat(rows(next.historyTable())).isEqualTo(2);
        assertThat(next.versions().get(0).applyId()).isEqualTo(next.applyIds().get(0));
    }

    @Test
    void announcesOnlyTheVersionsAfterAHistorySnapshot() throws IOException {
        file("partners_a.csv", SEED);
        sync.sync(folder, false, null);
        long cursor = sync.store().historySnapshotId();
        file("partners_a.csv", SEED + "Acme,Gold,Dell PP,Dell,,\n");
        sync.sync(folder, false, null);

        assertThat(sync.store().versionsAfter(cursor))
                .extracting(v -> v.tier().name())
                .containsExactly("Acme");
        assertThat(sync.store().versionsAfter(-1)).hasSize(3);
        assertThat(sync.store().versionsAfter(sync.store().historySnapshotId())).isEmpty();
    }

    @Test
    void keepsDeadLettersOfAFileVersionOnce() throws IOException {
        file("partners_a.csv", SEED + ",Gold,P,Dell,,\nX,Gold,P,Dell,,,\n");
        TierSync.Outcome o = sync.sync(folder, true, null);
        TierFile f = o.files().get(0);
        TierDeadLetters dl = TierDeadLetters.open(catalog, lake);
        Instant at = Instant.parse("2026-12-01T09:00:00Z");

        assertThat(dl.record(f.name(), f.fingerprint(), o.diff().problems(), null, "req-1", at))
                .isEqualTo(2);
        assertThat(dl.record(f.name(), f.fingerprint(), o.diff().problems(), null, "req-2", at))
                .isZero();
        assertThat(
                        dl.record(
                                f.name(),
                                f.fingerprint(),
                                List.of(),
                                new TierLoadException(f.name(), "boom", null),
                                null,
                                at))
                .isZero();

        org.apache.iceberg.Table t = catalog.loadTable(lake.tableIdentifier("dead_letters"));
        List<String> reasons = new ArrayList<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
            for (Record r : rows) {
                reasons.add(
                        r.getField("reason_code")
                                + " "
                                + r.getField("record_id")
                                + " "
                                + r.getField("raw_payload"));
            }
        }
        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        "MISSING_REQUIRED "
                                + f.name()
                                + "@"
                                + f.fingerprint()
                                + "#2"
                                + " {\"name\":\"\",\"tier\":\"Gold\",\"program\":\"P\",\"oem\":\"Dell\",\"poc\":\"\",\"notes\":\"\"}",
                        "INVALID_VALUE "
                                + f.name()
                                + "@"
                                + f.fingerprint()
                                + "#3"
                                + " {\"name\":\"X\",\"tier\":\"Gold\",\"program\":\"P\",\"oem\":\"Dell\",\"poc\":\"\",\"notes\":\"\"}");
    }

    private static long rows(org.apache.iceberg.Table t) throws IOException {
        t.refresh();
        long n = 0;
        try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
            for (Record r : rows) {
                n++;
            }
        }
        return n;
    }

    static String names(List<PartnerTier> tiers) {
        return tiers.stream().map(PartnerTier::name).collect(Collectors.joining(","));
    }
}
