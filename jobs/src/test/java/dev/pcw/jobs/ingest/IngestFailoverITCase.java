package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.events.ChangeEvents;
import dev.pcw.schemas.events.EventTypes;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverTables;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures mid-sync: a TaskManager killed, a stop-with-savepoint and restore, a storm of throttling
 * and 5xx. Each ends with every record exactly once in bronze, history and current, and one created
 * event per record, with the event id a clean run gives it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class IngestFailoverITCase {
    private static final int COUNT = 500;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(COUNT)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED)
                            // Slow enough that the job is mid-sync when the failure hits.
                            .faults(FaultSettings.builder().latencyMillis(4).build()));

    @TempDir Path home;
    private PcwConfig config;

    @BeforeEach
    void configure() {
        config = withEntities("opportunities");
    }

    private StreamExecutionEnvironment env(String savepoint) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = IngestTestKit.env(conf);
        IngestTestKit.build(env, config, false);
        return env;
    }

    private static void awaitGets(long atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (SIM.simulator().accounting().calls("GetOpportunity") < atLeast
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(SIM.simulator().accounting().calls("GetOpportunity"))
                .isGreaterThanOrEqualTo(atLeast);
    }

    private void assertEveryRecordExactlyOnce() throws Exception {
        Set<String> ids =
                SIM.simulator().dataset("AWS").opportunities().ids().stream()
                        .collect(Collectors.toSet());
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME))
                .hasSize(COUNT)
                .extracting(r -> (String) r.getField("id"))
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITY_HISTORY_NAME))
                .hasSize(COUNT);
        assertThat(IngestTestKit.bronzeLines(home, "opportunities")).hasSize(COUNT);
        // Change events (file sink, exactly-once): one created event per record, each with the id
        // the same change always gets, however often the run was interrupted.
        Set<String> expectedIds =
                SIM.simulator().dataset("AWS").opportunities().all().stream()
                        .map(
                                r ->
                                        ChangeEvents.eventId(
                                                EventTypes.OPPORTUNITY_CREATED,
                                                "AWS",
                                                "opportunity",
                                                r.id(),
                                                Long.toString(r.modifiedMillis())))
                        .collect(Collectors.toSet());
        List<JsonNode> events = IngestTestKit.events(home);
        assertThat(events)
                .filteredOn(e -> e.path("type").asText().equals(EventTypes.OPPORTUNITY_CREATED))
                .extracting(e -> e.path("id").asText())
                .hasSize(COUNT)
                .containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(events)
                .filteredOn(e -> e.path("type").asText().equals(EventTypes.CONNECTOR_RUN_COMPLETED))
                .hasSize(1);
    }

    @Test
    void aTaskManagerKilledMidSyncLosesAndDoublesNothing(@InjectMiniCluster MiniCluster mini)
            throws Exception {
        JobClient job = env(null).executeAsync("failover-tm");
        awaitGets(COUNT / 3);
        Thread.sleep(700); // at least one checkpoint with records in it
        mini.terminateTaskManager(0).get();
        mini.startTaskManager();
        job.getJobExecutionResult().get(240, TimeUnit.SECONDS);

        assertEveryRecordExactlyOnce();
        // The restart fetched again what the lost attempt had fetched after its last checkpoint.
        long served =
                SIM.simulator().accounting().calls("GetOpportunity")
                        + SIM.simulator().accounting().calls("ListOpportunities");
        assertThat(SIM.simulator().accounting().calls("GetOpportunity"))
                .isGreaterThanOrEqualTo(COUNT);
        // The runs' api_calls count every call AWS served, those of the lost attempt too (they
        // used to be missing: the restored run counts from its checkpoint). One run succeeded; a
        // run the kill interrupted before any checkpoint held it is abandoned with its calls.
        try (dev.pcw.connectors.metadata.MetadataDb db =
                dev.pcw.connectors.metadata.MetadataDb.open(config.get("metadata.db_url"))) {
            List<dev.pcw.connectors.metadata.IngestionRun> runs =
                    new dev.pcw.connectors.metadata.IngestionRuns(db, java.time.Clock.systemUTC())
                            .recent(10);
            assertThat(runs).filteredOn(r -> r.status().name().equals("SUCCEEDED")).hasSize(1);
            assertThat(runs.stream().mapToLong(r -> r.stats().apiCalls()).sum()).isEqualTo(served);
        }
    }

    @Test
    void stopWithSavepointAndRestoreLosesAndDoublesNothing() throws Exception {
        JobClient job = env(null).executeAsync("savepoint-stop");
        awaitGets(COUNT / 3);
        String savepoint = stopWithSavepoint(job);
        long fetchedBefore = SIM.simulator().accounting().calls("GetOpportunity");
        assertThat(fetchedBefore).isLessThan(COUNT);

        env(savepoint).execute("savepoint-restore");

        assertEveryRecordExactlyOnce();
        // Restored mid-sync: what the first run had emitted was not fetched again; only what it
        // had fetched but not yet emitted at the savepoint (a few batches of 32) was.
        long total = SIM.simulator().accounting().calls("GetOpportunity");
        assertThat(total).isLessThanOrEqualTo(COUNT + 4L * 32).isLessThan(fetchedBefore + COUNT);
    }

    private String stopWithSavepoint(JobClient job) throws Exception {
        return dev.pcw.jobs.config.Savepoints.stop(
                job, home.resolve("savepoints").toUri().toString(), Duration.ofSeconds(60));
    }

    private PcwConfig withEntities(String entities) {
        return IngestTestKit.config(
                home,
                SIM.endpoint(),
                "AWS",
                Map.of(
                        "connectors.partner_central.entities",
                        entities,
                        "flink.checkpoint_interval",
                        "300ms"));
    }

    /** A job that keeps running: scheduled syncs (the next one far away), no event stream. */
    private PcwConfig scheduled(String entities) {
        return IngestTestKit.config(
                home,
                SIM.endpoint(),
                "AWS",
                Map.of(
                        "connectors.partner_central.entities", entities,
                        "connectors.partner_central.mode", "hybrid",
                        "connectors.partner_central.schedule_cron", "0 0 1 1 *",
                        "flink.checkpoint_interval", "300ms"));
    }

    private JobClient startUnbounded(String savepoint, String name) throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = IngestTestKit.env(conf);
        IngestJob.build(
                env,
                config,
                false,
                Map.of(),
                new MetadataRunListener(config.get("metadata.db_url"), "", ""));
        return env.executeAsync(name);
    }

    private static void await(String what, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private Set<String> ids(String table) {
        return IngestTestKit.rows(config, table).stream()
                .map(r -> (String) r.getField("id"))
                .collect(Collectors.toSet());
    }

    private static Set<String> simulated(PartnerCentralEntity entity) {
        return Set.copyOf(SIM.simulator().dataset("AWS").store(entity).ids());
    }

    /**
     * An upgrade of a running (hybrid) job from a savepoint with other entities configured: the
     * restored source used to rebuild its splits from its state only, so the added entity was never
     * synced and the removed one kept syncing. Now the added one syncs at once, the removed one
     * makes no call, and the kept one carries on without fetching anything again.
     */
    @Test
    void anUpgradedRunningJobSyncsTheAddedEntityAndRetiresTheRemoved() throws Exception {
        config = scheduled("opportunities,solutions");
        JobClient before = startUnbounded(null, "upgrade-before");
        await(
                "the first pass of both entities in silver",
                () ->
                        ids(SilverTables.OPPORTUNITIES_NAME).size() == COUNT
                                && ids(SilverTables.SOLUTIONS_NAME)
                                        .equals(simulated(PartnerCentralEntity.SOLUTIONS)));
        String savepoint = stopWithSavepoint(before);
        long solutionLists = SIM.simulator().accounting().calls("ListSolutions");
        long opportunityGets = SIM.simulator().accounting().calls("GetOpportunity");

        config = scheduled("opportunities,engagement_invitations");
        JobClient after = startUnbounded(savepoint, "upgrade-after");
        try {
            await(
                    "the added entity in silver",
                    () ->
                            ids(SilverTables.ENGAGEMENT_INVITATIONS_NAME)
                                    .equals(
                                            simulated(
                                                    PartnerCentralEntity.ENGAGEMENT_INVITATIONS)));
        } finally {
            IngestTestKit.cancelAndWait(after);
        }
        assertThat(SIM.simulator().accounting().calls("ListSolutions"))
                .as("solutions retired: not listed after the restore")
                .isEqualTo(solutionLists);
        assertThat(SIM.simulator().accounting().calls("GetOpportunity"))
                .as("opportunities carried on from the savepoint: nothing fetched again")
                .isEqualTo(opportunityGets);
        assertThat(IngestTestKit.bronzeLines(home, "opportunities")).hasSize(COUNT);
    }

    /**
     * A bounded job restored after an interruption with an entity added since: the added entity's
     * split went to the source subtask that had finished before the savepoint (solutions, here),
     * which Flink restores as finished, and the job failed ("Received element after endOfInput").
     * Now the restored job finishes only the interrupted runs and leaves the added entity to the
     * next run, which syncs it.
     */
    @Test
    void aRestoredBoundedJobLeavesAnAddedEntityToTheNextRun() throws Exception {
        // With parallelism 2, solutions and engagement invitations go to subtask 0 and
        // opportunities to subtask 1: subtask 0 has finished its solutions at the savepoint.
        assertThat(Math.floorMod("AWS/engagement_invitations".hashCode(), 2))
                .isEqualTo(Math.floorMod("AWS/solutions".hashCode(), 2))
                .isNotEqualTo(Math.floorMod("AWS/opportunities".hashCode(), 2));
        config = withEntities("opportunities,solutions");
        JobClient job = env(null).executeAsync("added-before");
        awaitGets(COUNT / 3);
        await(
                "solutions in silver",
                () ->
                        ids(SilverTables.SOLUTIONS_NAME)
                                .equals(simulated(PartnerCentralEntity.SOLUTIONS)));
        String savepoint = stopWithSavepoint(job);

        config = withEntities("opportunities,engagement_invitations");
        env(savepoint).execute("added-restored");
        assertThat(ids(SilverTables.OPPORTUNITIES_NAME)).hasSize(COUNT);
        assertThat(IngestTestKit.bronzeLines(home, "opportunities")).hasSize(COUNT);
        assertThat(SIM.simulator().accounting().calls("ListEngagementInvitations"))
                .as("the added entity waits for the next run")
                .isZero();

        long opportunityGets = SIM.simulator().accounting().calls("GetOpportunity");
        StreamExecutionEnvironment next = IngestTestKit.env(new Configuration());
        IngestTestKit.build(next, config, true);
        next.execute("added-next");
        assertThat(ids(SilverTables.ENGAGEMENT_INVITATIONS_NAME))
                .isEqualTo(simulated(PartnerCentralEntity.ENGAGEMENT_INVITATIONS));
        assertThat(SIM.simulator().accounting().calls("GetOpportunity"))
                .as("the next run continues opportunities from their watermark")
                .isEqualTo(opportunityGets);
        assertThat(IngestTestKit.bronzeLines(home, "opportunities")).hasSize(COUNT);
    }

    @Test
    void aStormOfThrottlingAndServerErrorsCompletes() throws Exception {
        // One call in five refused (some twice or more in a row, backing off further each time):
        // enough to exercise every retry path without most of the test being backoff waits.
        SIM.simulator()
                .setFaults(FaultSettings.builder().throttleRatio(0.15).errorRatio(0.05).build());
        env(null).execute("storm");
        assertEveryRecordExactlyOnce();
        var stats = SIM.simulator().statsJson();
        assertThat(stats.at("/totals/throttled").asLong()).isPositive();
        assertThat(stats.at("/totals/failed").asLong()).isPositive();
    }
}
