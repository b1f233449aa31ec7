package dev.pcw.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.jobs.ingest.IngestTestKit;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bronze replay against what the ingest job wrote: two syncs (a full one, then one after the
 * simulator changed records, with a few malformed payloads among them) fill a lake; a replay of its
 * bronze into an empty lake reproduces every silver table row for row and value for value; a replay
 * over a lake that already holds it writes nothing; a day's replay changes nothing either; a
 * corrupt bronze line becomes one dead letter saying why, once.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReplayITCase {
    private static final int COUNT = 150;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(COUNT)
                            .anchor(java.time.Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED)
                            .faults(FaultSettings.builder().malformedRatio(0.03).build()));

    @TempDir Path synced;
    @TempDir Path replayed;

    private PcwConfig config(Path home) {
        return IngestTestKit.config(
                home,
                SIM.endpoint(),
                "AWS",
                Map.of(
                        "connectors.partner_central.entities",
                        "opportunities,solutions,engagement_invitations,engagements",
                        "events.sinks",
                        "file"));
    }

    private void sync(String name) throws Exception {
        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        IngestTestKit.build(env, config(synced), true);
        env.execute(name);
    }

    private ReplayJob.Plan replay(Path home, ReplayJob.Selection selection) throws Exception {
        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        ReplayJob.Plan plan = ReplayJob.build(env, config(home), selection, false);
        assertThat(plan.folders).isNotEmpty();
        env.execute("replay");
        return plan;
    }

    @Test
    void aReplayReproducesSilverExactlyAndChangesNothingTheSecondTime() throws Exception {
        sync("sync-1-full");
        SIM.simulator().applyChanges("AWS", 40);
        sync("sync-2-incremental");
        Map<String, List<String>> expected = silver(synced);
        assertThat(expected.get("partnercentral_opportunities")).hasSizeGreaterThanOrEqualTo(COUNT);
        assertThat(expected.get("partnercentral_opportunity_history"))
                .hasSizeGreaterThan(expected.get("partnercentral_opportunities").size());
        assertThat(expected.get("dead_letters")).as("malformed payloads set aside").isNotEmpty();
        long eventsBefore = IngestTestKit.events(synced).size();

        // Into an empty lake that holds only the bronze: silver comes back exactly.
        copyTree(synced.resolve("lake/bronze"), replayed.resolve("lake/bronze"));
        ReplayJob.Selection everything = new ReplayJob.Selection(null, null, List.of());
        ReplayJob.Plan plan = replay(replayed, everything);
        assertThat(plan.folders)
                .extracting(f -> f.replaceAll(".*/bronze/partnercentral/", "").replace("/", ""))
                .contains("opportunities", "solutions", "engagement_invitations");
        assertThat(silver(replayed)).isEqualTo(expected);
        assertThat(IngestTestKit.events(replayed)).as("no events unless asked").isEmpty();

        // Again: nothing to write, no table changes.
        Map<String, Long> snapshots = snapshots(replayed);
        replay(replayed, everything);
        assertThat(silver(replayed)).isEqualTo(expected);
        assertThat(addedRecordsSince(replayed, snapshots)).isZero();

        // Today's bronze replayed over the lake that synced it: nothing changes there either.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, Long> syncedSnapshots = snapshots(synced);
        replay(synced, new ReplayJob.Selection(today, today, List.of("opportunities")));
        assertThat(silver(synced)).isEqualTo(expected);
        assertThat(addedRecordsSince(synced, syncedSnapshots)).isZero();
        assertThat(IngestTestKit.events(synced)).hasSize((int) eventsBefore);
    }

    @Test
    void aCorruptBronzeLineBecomesOneDeadLetterSayingWhy() throws Exception {
        sync("sync-corrupt");
        copyTree(synced.resolve("lake/bronze"), replayed.resolve("lake/bronze"));
        Path day;
        try (Stream<Path> walk =
                Files.walk(replayed.resolve("lake/bronze/partnercentral/solutions"))) {
            day =
                    walk.filter(p -> p.getFileName().toString().startsWith("run-"))
                            .findFirst()
                            .orElseThrow();
        }
        Files.writeString(
                day.resolve("part-corrupt-0.jsonl"),
                "{\"run_id\": \"r1\", \"entity\": \"solutions\"\n",
                StandardCharsets.UTF_8);
        ReplayJob.Selection everything = new ReplayJob.Selection(null, null, List.of());

        replay(replayed, everything);
        replay(replayed, everything);

        List<Record> invalid =
                rows(replayed, "dead_letters").stream()
                        .filter(r -> "INVALID_ENVELOPE".equals(r.getField("reason_code")))
                        .collect(Collectors.toList());
        assertThat(invalid).hasSize(1);
        // Kept redacted (dead_letters.payload defaults to redacted): its size, not its text.
        String corrupt = "{\"run_id\": \"r1\", \"entity\": \"solutions\"";
        assertThat((String) invalid.get(0).getField("raw_payload"))
                .isEqualTo(
                        "<redacted "
                                + corrupt.length()
                                + " bytes, not JSON; the bronze line keeps them>");
        assertThat((String) invalid.get(0).getField("reason")).isNotBlank();
        Map<String, List<String>> replayedSilver = silver(replayed);
        Map<String, List<String>> syncedSilver = silver(synced);
        replayedSilver.remove("dead_letters");
        syncedSilver.remove("dead_letters");
        assertThat(replayedSilver).isEqualTo(syncedSilver);
    }

    @Test
    void aSelectionOfNothingSaysSo() {
        assertThat(
                        ReplayJob.folders(
                                IngestJob.lakeConfig(config(replayed)),
                                new ReplayJob.Selection(null, null, List.of())))
                .isEmpty();
        assertThat(
                        org.assertj.core.api.Assertions.catchThrowable(
                                () ->
                                        new ReplayJob.Selection(
                                                LocalDate.parse("2026-02-02"),
                                                LocalDate.parse("2026-02-01"),
                                                List.of())))
                .hasMessage("--to 2026-02-01 is before --from 2026-02-02: nothing to replay");
    }

    @Test
    void aDeadLetterReplayMovesWhatNowPassesAndRenewsStaleReasonsOnce() throws Exception {
        sync("sync-dead-letters");
        List<Record> kept = rows(synced, "dead_letters");
        assertThat(kept).as("malformed payloads set aside").isNotEmpty();
        // 1. A payload a normalizer used to refuse (a bug since fixed): a valid GetOpportunity
        //    response, of a record silver does not hold.
        String line =
                IngestTestKit.bronzeLines(synced, "opportunities").stream()
                        .filter(l -> l.contains("\"operation\":\"GetOpportunity\""))
                        .findFirst()
                        .orElseThrow();
        dev.pcw.schemas.bronze.BronzeRecord good = dev.pcw.schemas.bronze.BronzeRecord.parse(line);
        String id =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(good.payload())
                        .path("Id")
                        .asText();
        String payload = good.payload().replace(id, "O9999999999999");
        Record fixed = kept.get(0).copy();
        fixed.setField("entity", "opportunities");
        fixed.setField("catalog", "AWS");
        fixed.setField("operation", "GetOpportunity");
        fixed.setField("record_id", "O9999999999999");
        fixed.setField("reason_code", "WRONG_TYPE");
        fixed.setField("reason", "Project.ExpectedCustomerSpend: a normalizer bug");
        fixed.setField("raw_payload", payload);
        fixed.setField("run_id", good.runId());
        // 2. A payload that still fails, kept with a reason the normalizer no longer gives.
        Record stale = kept.get(0).copy();
        String reasonNow = (String) stale.getField("reason");
        stale.setField("reason", "an older wording of the reason");
        stale.setField("run_id", "run-older");
        append(synced, List.of(fixed, stale));
        int before = rows(synced, "dead_letters").size();

        DeadLetterReplay.Plan plan = DeadLetterReplay.plan(config(synced), null);
        assertThat(plan.read).isEqualTo(before);
        assertThat(plan.passing).isEqualTo(1);
        assertThat(plan.newReason).isEqualTo(1);
        assertThat(plan.unchanged).isEqualTo(before - 2);
        // The payloads kept redacted were read whole from their bronze lines.
        assertThat(plan.withoutBronze).isZero();

        // Killed after the job committed, before the moved dead letters were removed.
        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        DeadLetterReplay.build(env, config(synced), plan, false);
        env.execute("dead-letters-killed-before-removal");
        assertThat(ids(synced, "partnercentral_opportunities")).contains("O9999999999999");

        // Run again the ordinary way: what was written is not written twice, the moved go.
        DeadLetterReplay.Plan rerun = DeadLetterReplay.plan(config(synced), null);
        StreamExecutionEnvironment env2 = IngestTestKit.env(new Configuration());
        DeadLetterReplay.build(env2, config(synced), rerun, false);
        env2.execute("dead-letters-rerun");
        assertThat(DeadLetterReplay.removeMoved(config(synced), rerun)).isEqualTo(2);

        List<Record> after = rows(synced, "dead_letters");
        assertThat(after).as("2 moved out, 1 renewed").hasSize(before - 2 + 1);
        assertThat(after)
                .filteredOn(r -> "O9999999999999".equals(r.getField("record_id")))
                .isEmpty();
        assertThat(after)
                .filteredOn(r -> "an older wording of the reason".equals(r.getField("reason")))
                .isEmpty();
        assertThat(after)
                .filteredOn(r -> "run-older".equals(r.getField("run_id")))
                .extracting(r -> r.getField("reason"))
                .containsExactly(reasonNow);
        assertThat(ids(synced, "partnercentral_opportunities"))
                .filteredOn("O9999999999999"::equals)
                .hasSize(1);
        assertThat(ids(synced, "partnercentral_opportunity_history"))
                .filteredOn("O9999999999999"::equals)
                .hasSize(1);

        // Nothing left to move.
        assertThat(DeadLetterReplay.plan(config(synced), null).isEmpty()).isTrue();
    }

    private List<String> ids(Path home, String table) {
        return rows(home, table).stream()
                .map(r -> (String) r.getField("id"))
                .collect(Collectors.toList());
    }

    /** Appends rows to dead_letters, one data file per {@code at} day, as an older pcw did. */
    private void append(Path home, List<Record> records) throws IOException {
        LakeConfig lake = IngestJob.lakeConfig(config(home));
        Table table = Catalogs.create(lake).loadTable(lake.tableIdentifier("dead_letters"));
        org.apache.iceberg.AppendFiles append = table.newAppend();
        for (Record r : records) {
            org.apache.iceberg.PartitionKey key =
                    new org.apache.iceberg.PartitionKey(table.spec(), table.schema());
            key.partition(
                    new org.apache.iceberg.data.InternalRecordWrapper(table.schema().asStruct())
                            .wrap(r));
            org.apache.iceberg.io.OutputFile out =
                    table.io()
                            .newOutputFile(
                                    table.locationProvider()
                                            .newDataLocation(
                                                    table.spec(),
                                                    key,
                                                    java.util.UUID.randomUUID() + ".parquet"));
            org.apache.iceberg.io.DataWriter<Record> w =
                    new org.apache.iceberg.data.GenericAppenderFactory(table.schema(), table.spec())
                            .newDataWriter(
                                    org.apache.iceberg.encryption.EncryptedFiles
                                            .plainAsEncryptedOutput(out),
                                    org.apache.iceberg.FileFormat.PARQUET,
                                    key);
            try (w) {
                w.write(r);
            }
            append.appendFile(w.toDataFile());
        }
        append.commit();
    }

    /** Every silver table of the ingest job: its rows as sorted text, every column. */
    private Map<String, List<String>> silver(Path home) {
        Map<String, List<String>> out = new TreeMap<>();
        for (SilverTable t : SilverTables.all()) {
            List<String> rows = new ArrayList<>();
            for (Record r : rows(home, t.name())) {
                StringBuilder sb = new StringBuilder();
                for (Types.NestedField f : t.schema().columns()) {
                    sb.append(f.name()).append('=').append(r.getField(f.name())).append(';');
                }
                rows.add(sb.toString());
            }
            rows.sort(null);
            out.put(t.name(), rows);
        }
        return out;
    }

    private List<Record> rows(Path home, String table) {
        LakeConfig lake = IngestJob.lakeConfig(config(home));
        Catalog catalog = Catalogs.create(lake);
        if (!catalog.tableExists(lake.tableIdentifier(table))) {
            return List.of();
        }
        Table t = catalog.loadTable(lake.tableIdentifier(table));
        List<Record> out = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
            it.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private Map<String, Long> snapshots(Path home) {
        LakeConfig lake = IngestJob.lakeConfig(config(home));
        Catalog catalog = Catalogs.create(lake);
        Map<String, Long> out = new TreeMap<>();
        for (SilverTable t : SilverTables.all()) {
            Snapshot s = catalog.loadTable(lake.tableIdentifier(t.name())).currentSnapshot();
            out.put(t.name(), s == null ? -1L : s.snapshotId());
        }
        return out;
    }

    /** Data and delete records added to the tables since {@code before}'s snapshots. */
    private long addedRecordsSince(Path home, Map<String, Long> before) {
        LakeConfig lake = IngestJob.lakeConfig(config(home));
        Catalog catalog = Catalogs.create(lake);
        long added = 0;
        for (SilverTable t : SilverTables.all()) {
            Table table = catalog.loadTable(lake.tableIdentifier(t.name()));
            for (Snapshot s : table.snapshots()) {
                if (s.snapshotId() == before.get(t.name())
                        || (before.get(t.name()) != -1L
                                && table.snapshot(before.get(t.name())).timestampMillis()
                                        >= s.timestampMillis())) {
                    continue;
                }
                Map<String, String> summary = s.summary();
                added += Long.parseLong(summary.getOrDefault("added-records", "0"));
                added += Long.parseLong(summary.getOrDefault("added-delete-files", "0"));
            }
        }
        return added;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
