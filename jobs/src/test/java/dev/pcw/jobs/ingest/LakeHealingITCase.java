package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The next run heals what happened to the lake between runs: a dropped table, an emptied table, a
 * deleted lake folder, a table behind the recorded watermark, missing invitations; and says what it
 * found. {@code --full} resyncs whatever the metadata DB says.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LakeHealingITCase {
    private static final int COUNT = 80;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(COUNT)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir Path home;
    private PcwConfig config;

    @BeforeEach
    void firstSync() throws Exception {
        config =
                IngestTestKit.config(
                        home,
                        SIM.endpoint(),
                        "AWS",
                        Map.of(
                                "connectors.partner_central.entities",
                                "opportunities,engagement_invitations",
                                "events.sinks",
                                "none"));
        assertThat(sync(Map.of(), false).lakeNotes).isEmpty();
        assertExact();
    }

    /** A bounded run from what the metadata DB says (or, with {@code full}, from nothing). */
    private IngestJob.Plan sync(Map<String, String> unused, boolean full) throws Exception {
        Map<String, RunListener.Resume> from;
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            from = MetadataRunListener.lastWatermarks(db);
        }
        if (full) {
            from = IngestJob.forgetting(from, List.of(PartnerCentralEntity.OPPORTUNITIES));
        }
        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        IngestJob.Plan plan =
                IngestJob.build(
                        env,
                        config,
                        true,
                        from,
                        new MetadataRunListener(config.get("metadata.db_url"), "", ""));
        env.execute("sync");
        return plan;
    }

    private void assertExact() {
        Set<String> opportunities =
                SIM.simulator().dataset("AWS").opportunities().ids().stream()
                        .collect(Collectors.toSet());
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME))
                .extracting(r -> (String) r.getField("id"))
                .containsExactlyInAnyOrderElementsOf(opportunities);
        assertThat(
                        IngestTestKit.rows(config, SilverTables.OPPORTUNITY_HISTORY_NAME).stream()
                                .map(r -> (String) r.getField("id"))
                                .collect(Collectors.toSet()))
                .isEqualTo(opportunities);
        Set<String> invitations =
                SIM
                        .simulator()
                        .dataset("AWS")
                        .store(PartnerCentralEntity.ENGAGEMENT_INVITATIONS)
                        .ids()
                        .stream()
                        .collect(Collectors.toSet());
        assertThat(IngestTestKit.rows(config, SilverTables.ENGAGEMENT_INVITATIONS_NAME))
                .extracting(r -> (String) r.getField("id"))
                .containsExactlyInAnyOrderElementsOf(invitations);
    }

    private Table table(String name) {
        LakeConfig lake = IngestJob.lakeConfig(config);
        Catalog catalog = Catalogs.create(lake);
        return catalog.loadTable(lake.tableIdentifier(name));
    }

    /** The simulator is shared: an earlier test's changes may have added opportunities. */
    private static int opportunities() {
        return SIM.simulator().dataset("AWS").opportunities().ids().size();
    }

    private long gets() {
        return SIM.simulator().accounting().calls("GetOpportunity");
    }

    @Test
    void aDroppedTableIsRecreatedAndSyncedInFull() throws Exception {
        LakeConfig lake = IngestJob.lakeConfig(config);
        Catalog catalog = Catalogs.create(lake);
        catalog.dropTable(lake.tableIdentifier(SilverTables.OPPORTUNITIES_NAME), true);
        long before = gets();
        IngestJob.Plan plan = sync(Map.of(), false);
        assertThat(plan.lakeNotes)
                .singleElement()
                .asString()
                .contains("the lake had no table partnercentral_opportunities")
                .contains("AWS/opportunities syncs in full");
        assertThat(gets() - before).isEqualTo(opportunities());
        assertExact();
    }

    @Test
    void anEmptiedTableIsSyncedInFull() throws Exception {
        table(SilverTables.OPPORTUNITIES_NAME)
                .newDelete()
                .deleteFromRowFilter(Expressions.alwaysTrue())
                .commit();
        IngestJob.Plan plan = sync(Map.of(), false);
        assertThat(plan.lakeNotes)
                .singleElement()
                .asString()
                .contains("partnercentral_opportunities holds no opportunity of catalog AWS")
                .contains("syncs in full");
        assertExact();
    }

    @Test
    void aDeletedLakeFolderIsRebuiltInFull() throws Exception {
        try (Stream<Path> walk = Files.walk(home.resolve("lake"))) {
            walk.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.delete(p);
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
        }
        IngestJob.Plan plan = sync(Map.of(), false);
        assertThat(plan.lakeNotes)
                .hasSize(2)
                .anySatisfy(n -> assertThat(n).contains("AWS/opportunities syncs in full"))
                .anySatisfy(
                        n -> assertThat(n).contains("AWS/engagement_invitations syncs in full"));
        assertExact();
        assertThat(IngestTestKit.bronzeLines(home, "opportunities")).hasSize(opportunities());
    }

    @Test
    void silverBehindTheWatermarkContinuesFromTheLakesPosition() throws Exception {
        int versions = IngestTestKit.rows(config, SilverTables.OPPORTUNITY_HISTORY_NAME).size();
        long lastGoodCurrent =
                table(SilverTables.OPPORTUNITIES_NAME).currentSnapshot().snapshotId();
        long lastGoodHistory =
                table(SilverTables.OPPORTUNITY_HISTORY_NAME).currentSnapshot().snapshotId();
        int changed =
                (int)
                        SIM.simulator().applyChanges("AWS", 12).stream()
                                .filter(c -> c.entity() == PartnerCentralEntity.OPPORTUNITIES)
                                .map(c -> c.id())
                                .distinct()
                                .count();
        assertThat(sync(Map.of(), false).lakeNotes).isEmpty();
        assertExact();
        // The second sync's commits are lost, as a crash between the run's end and the commits
        // would have left them: silver is back where the first sync left it.
        table(SilverTables.OPPORTUNITIES_NAME)
                .manageSnapshots()
                .rollbackTo(lastGoodCurrent)
                .commit();
        table(SilverTables.OPPORTUNITY_HISTORY_NAME)
                .manageSnapshots()
                .rollbackTo(lastGoodHistory)
                .commit();
        long before = gets();
        IngestJob.Plan plan = sync(Map.of(), false);
        assertThat(plan.lakeNotes)
                .singleElement()
                .asString()
                .contains("silver's newest opportunity of catalog AWS is at")
                .contains("behind the watermark")
                .contains("continues from the lake's position");
        // Only the versions the lost commits held are fetched again.
        assertThat(gets() - before).isEqualTo(changed);
        assertExact();
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITY_HISTORY_NAME))
                .hasSize(versions + changed);
    }

    @Test
    void invitationsMissingFromSilverAreFetchedAgain() throws Exception {
        Table t = table(SilverTables.ENGAGEMENT_INVITATIONS_NAME);
        String gone =
                (String)
                        IngestTestKit.rows(config, SilverTables.ENGAGEMENT_INVITATIONS_NAME)
                                .get(0)
                                .getField("id");
        deleteIds(t, "AWS", List.of(gone));
        assertThat(IngestTestKit.rows(config, SilverTables.ENGAGEMENT_INVITATIONS_NAME))
                .extracting(r -> r.getField("id"))
                .doesNotContain(gone);
        long before = SIM.simulator().accounting().calls("GetEngagementInvitation");
        IngestJob.Plan plan = sync(Map.of(), false);
        assertThat(plan.lakeNotes)
                .singleElement()
                .asString()
                .contains("1 record(s) of AWS/engagement_invitations")
                .contains("fetched again");
        assertThat(SIM.simulator().accounting().calls("GetEngagementInvitation") - before)
                .isEqualTo(1);
        assertExact();
    }

    /** Deletes rows of an unpartitioned current table by (catalog, id), as Flink's upserts do. */
    private static void deleteIds(Table t, String catalog, List<String> ids) throws IOException {
        org.apache.iceberg.Schema key = t.schema().select("catalog", "id");
        int[] fieldIds = {
            t.schema().findField("catalog").fieldId(), t.schema().findField("id").fieldId()
        };
        org.apache.iceberg.data.GenericAppenderFactory files =
                new org.apache.iceberg.data.GenericAppenderFactory(
                        t.schema(), t.spec(), fieldIds, key, null);
        org.apache.iceberg.io.OutputFile out =
                t.io().newOutputFile(
                                t.locationProvider()
                                        .newDataLocation(
                                                "test-delete-"
                                                        + java.util.UUID.randomUUID()
                                                        + ".parquet"));
        org.apache.iceberg.deletes.EqualityDeleteWriter<org.apache.iceberg.data.Record> w =
                files.newEqDeleteWriter(
                        org.apache.iceberg.encryption.EncryptedFiles.plainAsEncryptedOutput(out),
                        org.apache.iceberg.FileFormat.PARQUET,
                        null);
        try (w) {
            for (String id : ids) {
                org.apache.iceberg.data.GenericRecord r =
                        org.apache.iceberg.data.GenericRecord.create(key);
                r.setField("catalog", catalog);
                r.setField("id", id);
                w.write(r);
            }
        }
        t.newRowDelta().addDeletes(w.toDeleteFile()).commit();
    }

    /**
     * A full resync fetches every record again: the history table used to get every version a
     * second time (its dedupe state started empty in each new job). It now seeds from the lake.
     */
    @Test
    void fullResyncsWhateverTheMetadataDbSays() throws Exception {
        long before = gets();
        IngestJob.Plan plan = sync(Map.of(), true);
        assertThat(plan.lakeNotes).isEmpty();
        assertThat(gets() - before).isEqualTo(opportunities());
        assertExact();
        List<String> versions =
                IngestTestKit.rows(config, SilverTables.OPPORTUNITY_HISTORY_NAME).stream()
                        .map(r -> r.getField("id") + "@" + r.getField("last_modified_date"))
                        .collect(Collectors.toList());
        assertThat(versions).as("no version twice in history").doesNotHaveDuplicates();
        assertThat(versions).hasSize(opportunities());
    }
}
