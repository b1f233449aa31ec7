package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.RunStatus;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.silver.SilverTables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake is the truth: the metadata DB never records a run's end (its watermark, SUCCEEDED) that
 * the lake does not hold, whatever instant the job is killed at.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LakeTruthITCase {
    private static final int COUNT = 60;

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

    @AfterEach
    void liftTheHold() {
        HoldingFileIO.hold(false);
    }

    private PcwConfig config(String checkpointInterval) {
        return IngestTestKit.config(
                home,
                SIM.endpoint(),
                "AWS",
                Map.of(
                        "connectors.partner_central.entities",
                        "opportunities",
                        "flink.checkpoint_interval",
                        checkpointInterval,
                        "events.sinks",
                        "none",
                        "lake.iceberg.io-impl",
                        HoldingFileIO.class.getName()));
    }

    private List<IngestionRun> runs(PcwConfig config) {
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            return new IngestionRuns(db, Clock.systemUTC()).recent(10);
        }
    }

    /**
     * The worst instant of issue "ingest that never loses a record": the checkpoint holding a run's
     * end has completed, the source has heard so, and the Iceberg committer is still committing.
     * Before the lake gate the run was SUCCEEDED at that instant, and a job killed there left
     * silver short while the next run started after the lost records.
     */
    @Test
    void aJobKilledWhileItsRunsLastCommitIsUnderWayRecordsNoEndAndTheRerunIsExact(
            @InjectMiniCluster MiniCluster mini) throws Exception {
        // Checkpoints only when the test triggers them.
        PcwConfig config = config("60m");
        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        // Unbounded (scheduled every 6 h): the run ends within the first checkpoint, and the source
        // keeps running, so that checkpoint's completion reaches it while the commit is held.
        IngestJob.build(
                env,
                config,
                false,
                Map.of(),
                new MetadataRunListener(config.get("metadata.db_url"), "", ""));
        JobClient job = env.executeAsync("commit-held");
        long deadline = System.currentTimeMillis() + 60_000;
        while (SIM.simulator().accounting().calls("GetOpportunity") < COUNT
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(500); // the run's last records and its end are emitted
        // One checkpoint holds the whole run and its end; its commit is held.
        HoldingFileIO.hold(true);
        mini.triggerCheckpoint(job.getJobID()).get(60, TimeUnit.SECONDS);
        while (HoldingFileIO.held() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(HoldingFileIO.held()).as("a commit is held").isPositive();
        assertThat(SIM.simulator().accounting().calls("GetOpportunity")).isEqualTo(COUNT);

        // The source hears of the completed checkpoint at once; give it time to (wrongly) record.
        Thread.sleep(3_000);
        assertThat(runs(config))
                .as("no run is recorded as ended while its records are not in silver")
                .extracting(IngestionRun::status)
                .containsOnly(RunStatus.RUNNING);
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME)).isEmpty();

        // Killed there: the held commit fails with its task.
        IngestTestKit.cancelAndWait(job);
        while (job.getJobStatus().get() != JobStatus.CANCELED) {
            Thread.sleep(50);
        }
        HoldingFileIO.hold(false);
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME)).isEmpty();

        // A plain rerun (bounded, from what the metadata DB says, checkpointing as usual) lands
        // every record.
        StreamExecutionEnvironment rerun = IngestTestKit.env(new Configuration());
        IngestTestKit.build(rerun, config("1s"), true);
        rerun.execute("rerun");

        Set<String> ids =
                SIM.simulator().dataset("AWS").opportunities().ids().stream()
                        .collect(Collectors.toSet());
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME))
                .extracting(r -> (String) r.getField("id"))
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITY_HISTORY_NAME))
                .hasSize(COUNT);
        List<IngestionRun> runs = runs(config);
        assertThat(runs).hasSize(2);
        // Newest first: the rerun is a full sync that succeeded; the killed run is FAILED.
        assertThat(runs.get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runs.get(0).mode()).isEqualTo("full");
        assertThat(runs.get(0).stats().records()).isEqualTo(COUNT);
        assertThat(runs.get(1).status()).isEqualTo(RunStatus.FAILED);
        assertThat(runs.get(1).error()).contains("abandoned");
    }

    /** In an ordinary bounded run the gate waits for the commits and records the end. */
    @Test
    void aBoundedRunIsRecordedOnceItsRecordsAreInTheLake() throws Exception {
        PcwConfig config = config("1s");
        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        IngestTestKit.build(env, config, true);
        env.execute("bounded");
        List<IngestionRun> runs = runs(config);
        assertThat(runs).extracting(IngestionRun::status).containsExactly(RunStatus.SUCCEEDED);
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME)).hasSize(COUNT);
    }
}
