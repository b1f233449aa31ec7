package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.JobLeases;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pcw replay} and {@code bin/pcw maintain} as a user runs them. Maintain: after two
 * syncs, the current tables' delete files are compacted away and old snapshots expire; bad
 * arguments are refused. Replay: after a sync, a replay writes nothing; with silver deleted, it
 * writes it back from bronze; it refuses bad dates, says when a range holds no bronze, and refuses
 * to run beside a live ingest job.
 */
@Timeout(400)
class ReplayAndMaintainITCase {
    private static final int COUNT = 120;

    @TempDir Path dir;

    private Path home() {
        return dir.resolve("home");
    }

    /**
     * {@code bin/pcw ARGS} on this test's home. Its bounded jobs (the syncs, the replays) end at
     * the checkpoint after their last record, so they run with a short {@code
     * flink.checkpoint_interval} instead of the default 30 s.
     */
    private String pcw(int exit, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--set");
        all.add("flink.checkpoint_interval=500ms");
        return PcwProcess.run(dir, home(), exit, all);
    }

    /** {@code pcw run ingest --bounded} of opportunities and solutions against {@code sim}. */
    private void sync(PartnerCentralSimulator sim) throws Exception {
        pcw(
                0,
                "run",
                "ingest",
                "--bounded",
                "--set",
                "connectors.partner_central.endpoint=" + sim.endpoint(),
                "--set",
                "connectors.partner_central.access_key_id=replay-it",
                "--set",
                "connectors.partner_central.secret_access_key=not-a-secret",
                "--set",
                "connectors.partner_central.entities=opportunities,solutions");
    }

    @Test
    void replaysBronzeIntoSilverWithoutAnApiCall() throws Exception {
        try (PartnerCentralSimulator sim =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(COUNT)
                                .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                                .quotas(QuotaSettings.UNLIMITED)
                                .faults(
                                        dev.pcw.connectors.partnercentral.simulator.FaultSettings
                                                .builder()
                                                .malformedRatio(0.05)
                                                .build())
                                .build())) {
            sync(sim);
            long calls = apiCalls(sim);
            int opportunities = rows("partnercentral_opportunities").size();
            int history = rows("partnercentral_opportunity_history").size();
            int deadLetters = rows("dead_letters").size();
            assertThat(deadLetters).as("malformed payloads set aside").isPositive();
            assertThat(opportunities + deadLetters).isGreaterThanOrEqualTo(COUNT);

            // Silver lost (its folder deleted): written back from bronze.
            deleteTree(home().resolve("lake/warehouse"));
            String rebuilt = pcw(0, "replay", "--entity", "opportunities");
            assertThat(rebuilt)
                    .contains("pcw replay: opportunities, every day: 1 bronze folder(s)")
                    .contains("current tables: " + opportunities + " row(s) written, 0 unchanged");
            assertThat(rows("partnercentral_opportunities")).hasSize(opportunities);
            assertThat(rows("partnercentral_opportunity_history")).hasSize(history);
            assertThat(apiCalls(sim)).as("API calls during the replay").isEqualTo(calls);

            // A second sync after changes leaves delete files; maintain compacts them away.
            sim.applyChanges("AWS", 30);
            sync(sim);
            java.util.Map<String, String> beforeMaintain = ids("partnercentral_opportunities");
            String maintained = pcw(0, "maintain", "--retention", "0s", "--retain-last", "1");
            assertThat(maintained)
                    .containsPattern(
                            "partnercentral_opportunities: compacted [0-9,]+ data and [1-9][0-9,]*"
                                    + " delete file\\(s\\) into 1 \\(")
                    .containsPattern(
                            "partnercentral_opportunity_history: no delete files; expired [0-9,]+ of")
                    .contains("pcw maintain: done.");
            assertThat(ids("partnercentral_opportunities")).isEqualTo(beforeMaintain);
            assertThat(pcw(0, "maintain", "--no-expire"))
                    .containsPattern(
                            "partnercentral_opportunities: already compact \\(1 data file");
            // A running job's in-job maintenance holds the opportunities' lock: that table is
            // skipped and said so, exit 1.
            dev.pcw.jobs.config.PcwConfig cfg =
                    dev.pcw.jobs.config.PcwConfig.load(
                            null, java.util.Map.of(), java.util.Map.of("home", home().toString()));
            dev.pcw.connectors.lake.LakeConfig lake = dev.pcw.jobs.ingest.IngestJob.lakeConfig(cfg);
            try (org.apache.iceberg.flink.maintenance.api.TriggerLockFactory job =
                    dev.pcw.jobs.ingest.InJobMaintenance.lockFactory(
                            cfg, lake, "partnercentral_opportunities")) {
                job.open();
                assertThat(job.createLock().tryLock()).isTrue();
                assertThat(pcw(1, "maintain", "--no-expire"))
                        .contains(
                                "partnercentral_opportunities: skipped: the ingest job's in-job"
                                        + " maintenance holds its lock")
                        .contains("pcw maintain: 1 table(s) skipped");

                // The worst instant: a pcw maintain killed while it held that lock (its lease
                // left unreleased by a process that is gone). The next run takes the lease over,
                // releases what the dead one may have left, and maintains the table.
                try (dev.pcw.connectors.metadata.MetadataDb db =
                        dev.pcw.connectors.metadata.MetadataDb.open(cfg.metadataDbUrl())) {
                    String connector =
                            new dev.pcw.connectors.metadata.Connectors(
                                            db, java.time.Clock.systemUTC())
                                    .ensure(
                                            dev.pcw.connectors.metadata.Connectors.PARTNER_CENTRAL,
                                            "Partner Central");
                    new dev.pcw.connectors.metadata.JobLeases(db, java.time.Clock.systemUTC())
                            .acquire(
                                    connector,
                                    "maintain",
                                    "pcw maintain (pid 2147483000 on "
                                            + java.net.InetAddress.getLocalHost().getHostName()
                                            + ")",
                                    java.time.Duration.ofHours(1),
                                    null);
                }
                assertThat(pcw(0, "maintain", "--no-expire"))
                        .contains("pcw maintain: the previous run (pcw maintain (pid 2147483000 on")
                        .contains("released 1 table maintenance lock(s) it may have left")
                        .containsPattern(
                                "partnercentral_opportunities: already compact \\(1 data file")
                        .contains("pcw maintain: done.");
                assertThat(job.createLock().isHeld()).as("nothing left held").isFalse();
            }
            assertThat(pcw(2, "maintain", "--table", "opportunities"))
                    .contains("Unknown silver table 'opportunities'");
            assertThat(pcw(2, "maintain", "--retention", "a week"))
                    .contains("maintenance.snapshot_retention is 'a week'");

            // The dead letters normalize as they did: nothing moves.
            long callsBefore = apiCalls(sim);
            int kept = rows("dead_letters").size();
            assertThat(pcw(0, "replay", "--dead-letters"))
                    .contains(
                            "pcw replay: dead letters: "
                                    + kept
                                    + " read; 0 now pass; 0 get a new reason; "
                                    + kept
                                    + " fail as before (left as they are)")
                    .contains("nothing to move");
            assertThat(apiCalls(sim))
                    .as("API calls of a dead-letter replay")
                    .isEqualTo(callsBefore);
        }
    }

    @Test
    void refusesBadDatesSaysWhenThereIsNothingAndNeverRunsBesideTheIngestJob() throws Exception {
        assertThat(pcw(2, "replay", "--from", "2026-13-01"))
                .contains("--from takes a UTC day as YYYY-MM-DD, not '2026-13-01'");
        assertThat(pcw(2, "replay", "--from", "2026-11-02", "--to", "2026-11-01"))
                .contains("--to 2026-11-01 is before --from 2026-11-02: nothing to replay");
        assertThat(pcw(2, "replay", "--dead-letters", "--from", "2026-11-01"))
                .contains("--dead-letters replays what dead_letters keeps: it takes --since");
        assertThat(pcw(2, "replay", "--since", "2026-11-01"))
                .contains("--since goes with --dead-letters");
        assertThat(pcw(2, "replay", "--dead-letters", "--since", "yesterday"))
                .contains("--since takes a UTC day as YYYY-MM-DD, not 'yesterday'");
        assertThat(pcw(0, "replay", "--from", "2020-01-01", "--to", "2020-01-02"))
                .contains("pcw replay: no bronze for every entity, 2020-01-01 to 2020-01-02 under")
                .contains("nothing to do");

        try (MetadataDb db = MetadataDb.open(MetadataDb.sqliteUrl(home()))) {
            String connector =
                    new Connectors(db, Clock.systemUTC())
                            .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            JobLeases leases = new JobLeases(db, Clock.systemUTC());
            JobLeases.Lease ingest =
                    leases.acquire(
                            connector,
                            "ingest",
                            "flink job 7f3e on the cluster",
                            Duration.ofMinutes(5),
                            null);
            assertThat(pcw(1, "replay"))
                    .contains(
                            "pcw replay: not started: the ingest job is running (flink job 7f3e"
                                    + " on the cluster) and both write the current tables");
            leases.release(ingest, null);
        }
    }

    private static long apiCalls(PartnerCentralSimulator sim) {
        long n = 0;
        for (String op :
                List.of(
                        "ListOpportunities",
                        "GetOpportunity",
                        "ListSolutions",
                        "GetAwsOpportunitySummary")) {
            n += sim.accounting().calls(op);
        }
        return n;
    }

    /** id → last_modified_date of every row of a current table. */
    private java.util.Map<String, String> ids(String table) throws IOException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (Record r : rows(table)) {
            out.put((String) r.getField("id"), String.valueOf(r.getField("last_modified_date")));
        }
        return out;
    }

    private List<Record> rows(String table) throws IOException {
        PcwConfig config = PcwConfig.load(null, Map.of(), Map.of("home", home().toString()));
        LakeConfig lake = IngestJob.lakeConfig(config);
        Catalog catalog = Catalogs.create(lake);
        Table t = catalog.loadTable(lake.tableIdentifier(table));
        List<Record> out = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
            it.forEach(out::add);
        }
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
