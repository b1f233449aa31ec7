package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.lake.TableMaintenance;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction and snapshot expiry of the current tables the ingest job upserts: the live rows stay
 * exactly what they were, the delete files go; a compaction that read the table before an ingest
 * run committed its updates, and commits after it, loses none of them; the ingest job's next
 * updates still apply to the compacted files; expiry never removes the newest snapshot a Flink job
 * committed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TableMaintenanceITCase {
    private static final String TABLE = "partnercentral_opportunities";

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(150)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir Path home;

    private PcwConfig config() {
        return IngestTestKit.config(
                home,
                SIM.endpoint(),
                "AWS",
                Map.of("connectors.partner_central.entities", "opportunities"));
    }

    private void sync(String name) throws Exception {
        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        IngestTestKit.build(env, config(), true);
        env.execute(name);
    }

    private Table table() {
        LakeConfig lake = IngestJob.lakeConfig(config());
        Catalog catalog = Catalogs.create(lake);
        return catalog.loadTable(lake.tableIdentifier(TABLE));
    }

    @Test
    void compactionKeepsTheRowsDropsTheDeletesAndLosesNoConcurrentUpdate() throws Exception {
        sync("maintain-1");
        SIM.simulator().applyChanges("AWS", 40);
        sync("maintain-2");
        Table table = table();
        assertThat(deleteFiles(table)).as("upserts leave delete files").isPositive();
        Map<String, String> before = rows(table);
        assertThat(before).isEqualTo(simulatorState());

        // Read now, commit after another run updated records: the updates survive.
        TableMaintenance.Compaction compaction = TableMaintenance.prepare(table, 128L << 20);
        assertThat(compaction.isNeeded()).isTrue();
        assertThat(compaction.records()).isEqualTo(before.size());
        SIM.simulator().applyChanges("AWS", 40);
        sync("maintain-4-during-compaction");
        compaction.commit();

        table.refresh();
        assertThat(rows(table)).isEqualTo(simulatorState());
        assertThat(dataFilesWithDeletesOlderThanCompaction(table)).isZero();

        // The ingest job's next updates apply to the compacted files.
        SIM.simulator().applyChanges("AWS", 40);
        sync("maintain-5-after");
        // A second compaction leaves one file and no delete file.
        TableMaintenance.prepare(table, 128L << 20).commit();
        table.refresh();
        assertThat(deleteFiles(table)).isZero();
        // Not one left in the metadata either, even those that applied to no data file (the
        // equality deletes of the commits that inserted the rows).
        assertThat(table.currentSnapshot().summary()).containsEntry("total-delete-files", "0");
        assertThat(dataFiles(table)).isEqualTo(1);
        assertThat(rows(table)).isEqualTo(simulatorState());

        // Expiry keeps the newest snapshot a Flink job committed, and every one after it.
        TableMaintenance.Expiry expiry = TableMaintenance.expire(table, Duration.ZERO, 1);
        assertThat(expiry.expired()).isPositive();
        assertThat(expiry.protectedFrom).isNotNull();
        table.refresh();
        assertThat(table.snapshots())
                .anySatisfy(s -> assertThat(s.summary()).containsKey("flink.job-id"));
        assertThat(rows(table)).isEqualTo(simulatorState());
        sync("maintain-6-after-expiry");
        assertThat(rows(table())).isEqualTo(simulatorState());
    }

    /** id → stage|last_modified_date of every live row. */
    private static Map<String, String> rows(Table table) {
        Map<String, String> out = new TreeMap<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
            for (Record r : it) {
                String previous =
                        out.put(
                                (String) r.getField("id"),
                                r.getField("stage")
                                        + "|"
                                        + ((java.time.OffsetDateTime)
                                                        r.getField("last_modified_date"))
                                                .toInstant()
                                                .toEpochMilli());
                assertThat(previous).as("one row per id").isNull();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Map<String, String> simulatorState() {
        Map<String, String> out = new TreeMap<>();
        for (StoredRecord r : SIM.simulator().dataset("AWS").opportunities().all()) {
            out.put(r.id(), r.attr("Stage") + "|" + r.modifiedMillis());
        }
        return out;
    }

    private static int deleteFiles(Table table) throws IOException {
        java.util.Set<String> paths = new java.util.HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask t : tasks) {
                t.deletes().forEach(d -> paths.add(d.location()));
            }
        }
        return paths.size();
    }

    private static int dataFiles(Table table) throws IOException {
        List<String> paths = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask t : tasks) {
                paths.add(t.file().location());
            }
        }
        return paths.size();
    }

    /** Delete files still attached to a file the compaction wrote, from before it (none). */
    private static int dataFilesWithDeletesOlderThanCompaction(Table table) throws IOException {
        int n = 0;
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask t : tasks) {
                if (t.file().location().contains("pcw-maintain")) {
                    for (var d : t.deletes()) {
                        if (d.dataSequenceNumber() <= t.file().dataSequenceNumber()) {
                            n++;
                        }
                    }
                }
            }
        }
        return n;
    }
}
