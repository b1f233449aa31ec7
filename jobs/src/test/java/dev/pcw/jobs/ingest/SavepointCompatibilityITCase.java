package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.RunStatus;
import dev.pcw.connectors.metadata.SyncRequests;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.data.EntityStore;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import dev.pcw.connectors.partnercentral.simulator.data.Records;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.config.Savepoints;
import dev.pcw.schemas.events.EventTypes;
import dev.pcw.schemas.silver.SilverTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Savepoints of the ingest job kept in the repository ({@code
 * src/test/resources/savepoints/ingest-<version>/}), each restored by the current job with {@code
 * allowNonRestoredState} off: a renamed uid, a removed stateful operator or a serializer that no
 * longer reads an old layout fails the build.
 *
 * <p>The restore runs on a fresh lake and a fresh metadata DB, against a simulator generated from
 * the savepoint's seed and anchor, so the only memory of the first sync is the savepoint itself.
 * After a few records change, one requested pass per entity must fetch just those (the source's
 * cursors: watermark and fingerprints), and the change detector must call them updated, not created
 * (its state knew their old versions).
 *
 * <p>The writer is off by default. Each release that changes the job's state adds a folder with it
 * (never overwriting an older one):
 *
 * <pre>
 * mvn -B verify -pl jobs -P '!shaded-jar' -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test='SavepointCompatibilityITCase#writesTheSavepointOfAnIdleHybridJob' \
 *     -Dpcw.savepoint.write=true
 * </pre>
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SavepointCompatibilityITCase {
    /** The system property that turns the writer on. */
    static final String WRITE = "pcw.savepoint.write";

    /** The folder name's version part; the project version without -SNAPSHOT by default. */
    static final String TAG = "pcw.savepoint.tag";

    /** Where the savepoints are, in the sources and (copied by Maven) on the test class path. */
    static final String FOLDER = "savepoints";

    /** What the writer syncs; recorded next to each savepoint, which is restored with the same. */
    private static final Properties TAKEN_WITH = new Properties();

    static {
        TAKEN_WITH.setProperty("simulator.seed", "20261201");
        TAKEN_WITH.setProperty("simulator.anchor", "2026-06-01T00:00:00Z");
        TAKEN_WITH.setProperty("simulator.opportunities", "40");
        TAKEN_WITH.setProperty("simulator.solutions", "6");
        TAKEN_WITH.setProperty("simulator.engagements", "8");
        TAKEN_WITH.setProperty("simulator.invitations", "8");
        TAKEN_WITH.setProperty("catalogs", "AWS");
        TAKEN_WITH.setProperty(
                "entities", "opportunities,solutions,engagement_invitations,engagements");
        TAKEN_WITH.setProperty("parallelism", "2");
    }

    /** A checked-in savepoint may not grow past this (the repository keeps every one). */
    private static final long MAX_BYTES = 256 * 1024;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @TempDir Path home;

    // ---------------------------------------------------------------- the writer

    /**
     * Syncs the simulator's dataset once in hybrid mode, waits until the job is idle (every run
     * recorded, its run-completed event committed, and two checkpoints since, so that no Iceberg or
     * file commit is pending), stops it with a savepoint and copies it into the sources.
     */
    @Test
    @EnabledIfSystemProperty(named = WRITE, matches = "true")
    void writesTheSavepointOfAnIdleHybridJob(@InjectMiniCluster MiniCluster mini) throws Exception {
        String tag = System.getProperty(TAG, version());
        Path target = sourceFolder().resolve("ingest-" + tag);
        assertThat(target)
                .as("a savepoint is never overwritten: pass -D%s=<another tag>", TAG)
                .doesNotExist();
        try (PartnerCentralSimulator sim = PartnerCentralSimulator.start(simulator(TAKEN_WITH))) {
            PcwConfig config = config(TAKEN_WITH, sim);
            JobClient job = start(config, TAKEN_WITH, null);
            try {
                awaitFirstSyncRecorded(job, config, sim);
                awaitCheckpoints(mini, job, 2);
            } catch (Throwable t) {
                cancelQuietly(job, t);
                throw t;
            }
            String savepoint =
                    Savepoints.stop(
                            job, home.resolve("taken").toUri().toString(), Duration.ofSeconds(60));
            Path from = Paths.get(java.net.URI.create(savepoint));
            long bytes = size(from);
            assertThat(bytes).as("the savepoint's size").isLessThan(MAX_BYTES);
            // Idle: no manifest, part file or in-progress file is pending, so the savepoint names
            // nothing of the writer's folder (and restores on any lake, with no machine path).
            String metadata =
                    new String(
                            Files.readAllBytes(from.resolve("_metadata")),
                            StandardCharsets.ISO_8859_1);
            assertThat(metadata)
                    .as("the savepoint refers to files of the writer's folder: it was not idle")
                    .doesNotContain(home.toAbsolutePath().toString());

            Files.createDirectories(target);
            copyTree(from, target.resolve("savepoint"));
            Map<String, String> written = new java.util.TreeMap<>();
            TAKEN_WITH
                    .stringPropertyNames()
                    .forEach(k -> written.put(k, TAKEN_WITH.getProperty(k)));
            written.put("pcw.version", System.getProperty("pcw.version", "unknown"));
            written.put(
                    "flink.version",
                    org.apache.flink.runtime.util.EnvironmentInformation.getVersion());
            StringBuilder properties =
                    new StringBuilder(
                            "# What SavepointCompatibilityITCase restores this savepoint with.\n");
            written.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
            Files.writeString(target.resolve("taken-with.properties"), properties);
            Files.writeString(target.resolve("README.txt"), readme(tag));
            System.out.printf("savepoint of %s: %s (%,d bytes)%n", tag, target, bytes);
        }
    }

    private static String readme(String tag) {
        return String.join(
                "\n",
                "A savepoint of the ingest job of pcw " + tag + ", restored by",
                "SavepointCompatibilityITCase (jobs/src/test/java/dev/pcw/jobs/ingest/) in every"
                        + " build,",
                "like every folder under savepoints/.",
                "",
                "Taken by that test's writer (off by default), from the project's root:",
                "",
                "  mvn -B verify -pl jobs -P '!shaded-jar' -Dtest=NONE"
                        + " -Dsurefire.failIfNoSpecifiedTests=false \\",
                "      -Dit.test='SavepointCompatibilityITCase#writesTheSavepointOfAnIdleHybridJob'"
                        + " \\",
                "      -Dpcw.savepoint.write=true",
                "",
                "It ran the ingest job in hybrid mode (no event stream; scheduled syncs on 1"
                        + " January only)",
                "on a MiniCluster against the simulator described in taken-with.properties,",
                "waited until the first sync of every entity was recorded and two checkpoints",
                "had completed since (nothing pending to commit), and stopped it with a canonical",
                "savepoint (savepoint/, its state inlined in _metadata).",
                "",
                "Never overwrite, edit or delete this folder: it stands for the jobs this release",
                "leaves running. Each release adds its own folder, ingest-<version> (the writer",
                "names it after the project version without -SNAPSHOT, refuses an existing one,",
                "and takes another name with -Dpcw.savepoint.tag=NAME).",
                "");
    }

    /** The project version without -SNAPSHOT (failsafe passes it as {@code pcw.version}). */
    private static String version() {
        String v = System.getProperty("pcw.version");
        assertThat(v)
                .as("pcw.version (set by the jobs module's failsafe configuration)")
                .isNotNull();
        return v.replace("-SNAPSHOT", "");
    }

    /** {@code jobs/src/test/resources/savepoints} of the project this test runs in. */
    private static Path sourceFolder() {
        String root = System.getProperty("pcw.project.root");
        Path dir =
                root != null
                        ? Paths.get(root, "jobs", "src", "test", "resources", FOLDER)
                        : Paths.get("src", "test", "resources", FOLDER);
        assertThat(dir.getParent()).as("the jobs module's test resources").isDirectory();
        return dir;
    }

    /** Every run of the configured entities recorded and their run-completed events committed. */
    private void awaitFirstSyncRecorded(
            JobClient job, PcwConfig config, PartnerCentralSimulator sim) throws Exception {
        Set<String> entities = Set.of(TAKEN_WITH.getProperty("entities").split(","));
        await(
                job,
                "the first sync of every entity recorded, with its run-completed event",
                60_000,
                () -> {
                    List<IngestionRun> runs = runs(config);
                    Set<String> succeeded =
                            runs.stream()
                                    .filter(r -> r.status() == RunStatus.SUCCEEDED)
                                    .map(IngestionRun::entity)
                                    .collect(Collectors.toSet());
                    return succeeded.equals(entities)
                            && runs.stream().allMatch(r -> r.status() == RunStatus.SUCCEEDED)
                            && events(EventTypes.CONNECTOR_RUN_COMPLETED).size() == runs.size();
                });
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME))
                .hasSize(sim.dataset("AWS").opportunities().size());
    }

    /** Waits until {@code more} checkpoints of {@code job} have completed from now on. */
    private static void awaitCheckpoints(MiniCluster mini, JobClient job, int more)
            throws Exception {
        long now = completedCheckpoints(mini, job);
        await(
                job,
                more + " more checkpoints",
                30_000,
                () -> completedCheckpoints(mini, job) >= now + more);
    }

    private static long completedCheckpoints(MiniCluster mini, JobClient job) {
        try {
            return mini.getExecutionGraph(job.getJobID())
                    .get(10, TimeUnit.SECONDS)
                    .getCheckpointStatsSnapshot()
                    .getCounts()
                    .getNumberOfCompletedCheckpoints();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the job's checkpoint statistics", e);
        }
    }

    // ---------------------------------------------------------------- the restore

    /** The folders under {@code savepoints/}, as the build copied them to the class path. */
    static Stream<String> savepoints() throws IOException {
        Path dir = classPathFolder();
        try (Stream<Path> list = Files.list(dir)) {
            List<String> names =
                    list.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .sorted()
                            .collect(Collectors.toList());
            assertThat(names).as("savepoints under %s", dir).isNotEmpty();
            return names.stream();
        }
    }

    private static Path classPathFolder() {
        URL url = SavepointCompatibilityITCase.class.getResource("/" + FOLDER);
        assertThat(url).as("%s/ on the test class path", FOLDER).isNotNull();
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Restores a checked-in savepoint on a fresh lake and metadata DB; three opportunities, a
     * solution, an invitation and an engagement change; a requested pass of each entity fetches
     * only those and reports them as updated; the restored job stops with a savepoint of its own.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("savepoints")
    void restoresAndResumesFromTheSavepointsState(String folder) throws Exception {
        Path checkedIn = classPathFolder().resolve(folder);
        Properties takenWith = new Properties();
        try (InputStream in = Files.newInputStream(checkedIn.resolve("taken-with.properties"))) {
            takenWith.load(in);
        }
        // Restored from a copy: nothing a job or Flink does may reach the checked-in files.
        Path copy = home.resolve("restore-from");
        copyTree(checkedIn.resolve("savepoint"), copy);

        try (PartnerCentralSimulator sim = PartnerCentralSimulator.start(simulator(takenWith))) {
            PcwConfig config = config(takenWith, sim);
            JobClient job = start(config, takenWith, copy.toUri().toString());
            Changed changed;
            String stopped;
            try {
                // From 1 January 2027 on, the scheduled pass the savepoint's splits wait for is
                // due at once and may fetch these changes before the requested passes do: each
                // changed record is still fetched once, and the assertions hold either way.
                changed = change(sim);
                requestPasses(config, takenWith);
                await(
                        job,
                        "a requested pass of every entity, recorded",
                        60_000,
                        () -> requestsSucceeded(config));
                await(
                        job,
                        "the run-completed events",
                        30_000,
                        () ->
                                events(EventTypes.CONNECTOR_RUN_COMPLETED).size()
                                        >= runs(config).size());
            } catch (Throwable t) {
                cancelQuietly(job, t);
                throw t;
            }
            stopped =
                    Savepoints.stop(
                            job,
                            home.resolve("stopped").toUri().toString(),
                            Duration.ofSeconds(60));
            assertThat(status(job)).isEqualTo(JobStatus.FINISHED);
            assertThat(Paths.get(java.net.URI.create(stopped)).resolve("_metadata"))
                    .as("the restored job's own savepoint")
                    .isRegularFile();

            assertResumedFromCursors(config, sim, changed);
            assertDetectorKnewTheOldVersions(changed);
        }
    }

    /** The source carried on from its cursors: only the changed records were fetched. */
    private void assertResumedFromCursors(PcwConfig config, PartnerCentralSimulator sim, Changed c)
            throws IOException {
        var calls = sim.accounting();
        assertThat(calls.calls("GetOpportunity"))
                .as("GetOpportunity: the changed opportunities only (the watermark restored)")
                .isEqualTo(c.opportunities.size());
        assertThat(calls.calls("GetEngagementInvitation"))
                .as("GetEngagementInvitation: the changed invitation only (fingerprints restored)")
                .isEqualTo(1);
        assertThat(calls.calls("GetEngagement"))
                .as("GetEngagement: the changed engagement only (fingerprints restored)")
                .isEqualTo(1);
        assertThat(ids(config, SilverTables.OPPORTUNITIES_NAME))
                .as("the fresh lake holds the changed opportunities and nothing else")
                .isEqualTo(c.opportunities);
        assertThat(ids(config, SilverTables.ENGAGEMENT_INVITATIONS_NAME))
                .containsExactly(c.invitation);
        assertThat(ids(config, SilverTables.ENGAGEMENTS_NAME)).containsExactly(c.engagement);
        assertThat(IngestTestKit.bronzeLines(home, "opportunities"))
                .hasSize(c.opportunities.size());
        List<IngestionRun> runs = runs(config);
        assertThat(runs).allMatch(r -> r.status() == RunStatus.SUCCEEDED, "SUCCEEDED");
        assertThat(runs)
                .filteredOn(r -> !r.entity().equals("solutions"))
                .as("passes from the restored watermark and fingerprints")
                .isNotEmpty()
                .allMatch(r -> r.mode().equals("incremental"), "incremental");
    }

    /** The change detector knew the old versions: updates, no creation, nothing for the rest. */
    private void assertDetectorKnewTheOldVersions(Changed c) throws IOException {
        List<JsonNode> events = IngestTestKit.events(home);
        assertThat(events)
                .extracting(e -> e.path("type").asText())
                .as("no record is new to the restored change detector")
                .noneMatch(t -> t.endsWith(".created"));
        Set<String> updated = new TreeSet<>(c.opportunities);
        updated.add(c.solution);
        updated.add(c.invitation);
        assertThat(subjects(events, ".updated"))
                .as("updated: the changed records, and no solution the pass listed unchanged")
                .isEqualTo(updated);
        assertThat(events)
                .filteredOn(e -> e.path("type").asText().endsWith(".updated"))
                .as("one updated event per change")
                .hasSize(updated.size());
        assertThat(subjects(events, EventTypes.OPPORTUNITY_STAGE_CHANGED))
                .isEqualTo(c.opportunities);
        assertThat(subjects(events, EventTypes.SOLUTION_STATUS_CHANGED))
                .containsExactly(c.solution);
        assertThat(subjects(events, EventTypes.ENGAGEMENT_INVITATION_STATUS_CHANGED))
                .containsExactly(c.invitation);
    }

    private static Set<String> subjects(List<JsonNode> events, String typeOrSuffix) {
        return events.stream()
                .filter(e -> e.path("type").asText().endsWith(typeOrSuffix))
                .map(e -> e.path("subject").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The ids of what {@link #change} changed. */
    private static final class Changed {
        final Set<String> opportunities;
        final String solution;
        final String invitation;
        final String engagement;

        Changed(Set<String> opportunities, String solution, String invitation, String engagement) {
            this.opportunities = opportunities;
            this.solution = solution;
            this.invitation = invitation;
            this.engagement = engagement;
        }
    }

    /**
     * Changes three opportunities' stage, a solution's status, an invitation's status and an
     * engagement's ModifiedAt, as Partner Central would.
     */
    private static Changed change(PartnerCentralSimulator sim) {
        Set<String> opportunities = new TreeSet<>();
        List<String> ids = new ArrayList<>(sim.dataset("AWS").opportunities().ids());
        java.util.Collections.sort(ids);
        for (String id : ids.subList(0, 3)) {
            Change c = sim.changeOpportunity("AWS", id, "stage");
            opportunities.add(c.id());
        }

        EntityStore solutions = sim.dataset("AWS").solutions();
        StoredRecord s = solutions.get(first(solutions));
        ObjectNode item = Json.parseObject(s.detail());
        item.put("Status", "Active".equals(item.path("Status").asText()) ? "Inactive" : "Active");
        solutions.putAll(List.of(Records.solution(item, s.version() + 1)));

        EntityStore invitations = sim.dataset("AWS").invitations();
        StoredRecord i =
                invitations.all().stream()
                        .filter(r -> "PENDING".equals(r.attr("Status")))
                        .min(java.util.Comparator.comparing(StoredRecord::id))
                        .orElse(invitations.get(first(invitations)));
        ObjectNode invitation = Json.parseObject(i.detail());
        invitation.put(
                "Status",
                "ACCEPTED".equals(invitation.path("Status").asText()) ? "REJECTED" : "ACCEPTED");
        invitations.putAll(
                List.of(
                        Records.invitation(
                                invitation, i.attr("ParticipantType"), i.version() + 1)));

        EntityStore engagements = sim.dataset("AWS").engagements();
        StoredRecord e = engagements.get(first(engagements));
        ObjectNode engagement = Json.parseObject(e.detail());
        engagement.put("ModifiedAt", Json.dateTime(System.currentTimeMillis()));
        ArrayNode members;
        try {
            members = (ArrayNode) Json.MAPPER.readTree(e.extra());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        engagements.putAll(List.of(Records.engagement(engagement, members, e.version() + 1)));
        return new Changed(opportunities, s.id(), i.id(), e.id());
    }

    private static String first(EntityStore store) {
        return store.ids().stream().sorted().findFirst().orElseThrow();
    }

    /** One incremental pass of every configured entity, as the sidecar's POST /sync asks. */
    private static void requestPasses(PcwConfig config, Properties takenWith) {
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            String connector =
                    new Connectors(db, Clock.systemUTC())
                            .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            SyncRequests requests = new SyncRequests(db, Clock.systemUTC());
            for (String entity : takenWith.getProperty("entities").split(",")) {
                requests.create(connector, "AWS", entity, "incremental", "migration-test", null);
            }
        }
    }

    private static boolean requestsSucceeded(PcwConfig config) {
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            String connector =
                    new Connectors(db, Clock.systemUTC())
                            .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            List<SyncRequests.Request> recent =
                    new SyncRequests(db, Clock.systemUTC()).recent(connector, 10);
            return !recent.isEmpty()
                    && recent.stream().allMatch(r -> "SUCCEEDED".equals(r.runStatus));
        }
    }

    // ---------------------------------------------------------------- shared

    private static SimulatorConfig simulator(Properties p) {
        return SimulatorConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .seed(Long.parseLong(p.getProperty("simulator.seed")))
                .anchor(Instant.parse(p.getProperty("simulator.anchor")))
                .opportunities(Integer.parseInt(p.getProperty("simulator.opportunities")))
                .solutions(Integer.parseInt(p.getProperty("simulator.solutions")))
                .engagements(Integer.parseInt(p.getProperty("simulator.engagements")))
                .invitations(Integer.parseInt(p.getProperty("simulator.invitations")))
                .quotas(QuotaSettings.UNLIMITED)
                .build();
    }

    /** Hybrid mode without an event stream; the next scheduled pass a year away. */
    private PcwConfig config(Properties p, PartnerCentralSimulator sim) {
        Map<String, String> set = new HashMap<>();
        set.put("connectors.partner_central.mode", "hybrid");
        set.put("connectors.partner_central.schedule_cron", "0 0 1 1 *");
        set.put("connectors.partner_central.entities", p.getProperty("entities"));
        set.put("events.sinks", "file");
        set.put("flink.checkpoint_interval", "300ms");
        return IngestTestKit.config(home, sim.endpoint(), p.getProperty("catalogs"), set);
    }

    private static JobClient start(PcwConfig config, Properties p, String savepoint)
            throws Exception {
        Configuration conf = new Configuration();
        if (savepoint == null) {
            // State inlined with names of its own: file system storage would name every piece
            // of inlined state after the (machine's) folder the savepoint was written to.
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "jobmanager");
        }
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            // State that maps to no operator of the current job fails the restore.
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
        }
        // A failure (a state that does not restore) fails the job at once instead of looping.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = IngestTestKit.env(conf);
        env.setParallelism(Integer.parseInt(p.getProperty("parallelism")));
        IngestJob.build(
                env,
                config,
                false,
                Map.of(),
                new MetadataRunListener(config.get("metadata.db_url"), "", ""));
        return env.executeAsync(savepoint == null ? "savepoint-writer" : "savepoint-restore");
    }

    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the job's status", e);
        }
    }

    private static List<IngestionRun> runs(PcwConfig config) {
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            return new IngestionRuns(db, Clock.systemUTC()).recent(100);
        }
    }

    private List<JsonNode> events(String type) {
        try {
            return IngestTestKit.events(home).stream()
                    .filter(e -> e.path("type").asText().equals(type))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> ids(PcwConfig config, String table) {
        return IngestTestKit.rows(config, table).stream()
                .map(r -> (String) r.getField("id"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Waits for {@code done}, failing at once (with the job's cause) when the job has ended. */
    private static void await(JobClient job, String what, long millis, BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!done.getAsBoolean()) {
            JobStatus status = status(job);
            if (status.isGloballyTerminalState()) {
                Throwable cause = null;
                try {
                    job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    cause = e;
                }
                throw new AssertionError(
                        "the job ended (" + status + ") while waiting for " + what, cause);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Cancels a job after {@code failure}, keeping the failure as what the test reports. */
    private static void cancelQuietly(JobClient job, Throwable failure) {
        try {
            if (!status(job).isGloballyTerminalState()) {
                IngestTestKit.cancelAndWait(job);
            }
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.collect(Collectors.toList())) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .sum();
        }
    }
}
