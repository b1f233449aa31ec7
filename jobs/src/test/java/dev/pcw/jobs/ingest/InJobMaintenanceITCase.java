package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.SyncRequests;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.silver.SilverTables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.maintenance.api.TriggerLockFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maintenance.in_job: true}: a running (hybrid) job compacts its current tables and expires
 * their snapshots itself, while its passes keep updating them; every update survives, one row per
 * id; and while the lock {@code pcw maintain} takes is held, it does not compact.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class InJobMaintenanceITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(40)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir Path home;

    private static void await(String what, long millis, BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static Table table(PcwConfig config, String name) {
        LakeConfig lake = IngestJob.lakeConfig(config);
        Catalog catalog = Catalogs.create(lake);
        try {
            return catalog.loadTable(lake.tableIdentifier(name));
        } finally {
            Catalogs.closeQuietly(catalog);
        }
    }

    private static long countReplaces(Table t) {
        return StreamSupport.stream(t.snapshots().spliterator(), false)
                .filter(sn -> DataOperations.REPLACE.equals(sn.operation()))
                .count();
    }

    @Test
    void aRunningJobCompactsAndExpiresWhileItsUpdatesSurvive() throws Exception {
        PcwConfig config =
                IngestTestKit.config(
                        home,
                        SIM.endpoint(),
                        "AWS",
                        Map.of(
                                "connectors.partner_central.entities", "opportunities",
                                "connectors.partner_central.mode", "hybrid",
                                "connectors.partner_central.schedule_cron", "0 0 1 1 *",
                                "flink.checkpoint_interval", "300ms",
                                "maintenance.in_job", "true",
                                "maintenance.in_job_interval", "2s",
                                "maintenance.snapshot_retention", "1s",
                                "maintenance.retain_last", "3"));
        LakeConfig lake = IngestJob.lakeConfig(config);
        TriggerLockFactory maintain =
                InJobMaintenance.lockFactory(config, lake, SilverTables.OPPORTUNITIES_NAME);
        maintain.open();
        TriggerLockFactory.Lock held = maintain.createLock();

        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        IngestJob.build(
                env,
                config,
                false,
                Map.of(),
                new MetadataRunListener(config.get("metadata.db_url"), "", ""));
        JobClient job = env.executeAsync("in-job-maintenance");
        Map<String, String> expectedStage = new HashMap<>();
        long firstSnapshot;
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            await(
                    "the first pass in silver",
                    120_000,
                    () -> IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME).size() == 40);
            firstSnapshot =
                    table(config, SilverTables.OPPORTUNITIES_NAME).currentSnapshot().snapshotId();
            // pcw maintain starts on the opportunities table: it takes their shared lock (once
            // the job's own maintenance, which runs every 2 s, lets go of it).
            await("the maintenance lock", 30_000, held::tryLock);
            long replacesBefore = countReplaces(table(config, SilverTables.OPPORTUNITIES_NAME));
            String connector =
                    new Connectors(db, Clock.systemUTC())
                            .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            SyncRequests requests = new SyncRequests(db, Clock.systemUTC());
            List<String> ids =
                    new ArrayList<>(SIM.simulator().dataset("AWS").opportunities().ids());
            // Passes that update records, each adding equality deletes, while maintenance runs.
            for (int pass = 0; pass < 4; pass++) {
                if (pass == 2) {
                    // Several maintenance intervals went by with the lock held: no compaction.
                    Thread.sleep(5_000);
                    assertThat(countReplaces(table(config, SilverTables.OPPORTUNITIES_NAME)))
                            .as("no compaction while pcw maintain holds the lock")
                            .isEqualTo(replacesBefore);
                    held.unlock();
                }
                for (int i = 0; i < 5; i++) {
                    String id = ids.get(pass * 5 + i);
                    Change c = SIM.simulator().changeOpportunity("AWS", id, "stage");
                    assertThat(c).isNotNull();
                }
                requests.create(connector, "AWS", "opportunities", "incremental", "t", "r" + pass);
                await(
                        "pass " + pass,
                        60_000,
                        () -> "SUCCEEDED".equals(requests.recent(connector, 1).get(0).runStatus));
            }
            for (String id : ids) {
                com.fasterxml.jackson.databind.JsonNode detail =
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree(
                                        SIM.simulator()
                                                .dataset("AWS")
                                                .opportunities()
                                                .get(id)
                                                .detail());
                expectedStage.put(id, detail.at("/LifeCycle/Stage").asText());
            }
            // A compaction after the last pass, and no delete file left: one that ran beside the
            // last pass's commit leaves that commit's deletes (they apply to the rows it
            // rewrote), and the next one takes them.
            long afterPasses =
                    table(config, SilverTables.OPPORTUNITIES_NAME).currentSnapshot().snapshotId();
            await(
                    "a compaction of the current opportunities after the last pass, no delete"
                            + " file left",
                    60_000,
                    () -> {
                        Table t = table(config, SilverTables.OPPORTUNITIES_NAME);
                        return compactedSince(t, afterPasses) && deleteFiles(t) == 0;
                    });
        } finally {
            IngestTestKit.cancelAndWait(job);
            maintain.close();
        }

        Table t = table(config, SilverTables.OPPORTUNITIES_NAME);
        List<Record> rows = IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME);
        assertThat(rows).hasSize(40);
        assertThat(
                        rows.stream()
                                .collect(
                                        Collectors.toMap(
                                                r -> (String) r.getField("id"),
                                                r -> (String) r.getField("stage"))))
                .as("every update survived the compactions")
                .isEqualTo(expectedStage);
        // Compacted: the current snapshot reads no delete file; expired: few snapshots remain.
        assertThat(deleteFiles(t)).isZero();
        assertThat(t.snapshot(firstSnapshot)).as("the first pass's snapshot expired").isNull();
    }

    /**
     * Whether a compaction (a REPLACE) is snapshot {@code id} or was committed to {@code t} after
     * it.
     */
    private static boolean compactedSince(Table t, long id) {
        for (Snapshot s = t.currentSnapshot();
                s != null;
                s = s.parentId() == null ? null : t.snapshot(s.parentId())) {
            if (DataOperations.REPLACE.equals(s.operation())) {
                return true;
            }
            if (s.snapshotId() == id) {
                return false;
            }
        }
        return false;
    }

    /** The delete files a scan of {@code t}'s current snapshot reads. */
    private static long deleteFiles(Table t) {
        return StreamSupport.stream(t.newScan().planFiles().spliterator(), false)
                .mapToLong(f -> f.deletes().size())
                .sum();
    }
}
