package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash harness: {@code bin/pcw run ingest} killed (SIGKILL) again and again, at random moments
 * and at the worst instant (a run's checkpoint completed, its commits not yet made: the test-only
 * pause point {@code PCW_TEST_HALT_AT=commit-pending}), each kill followed by a plain rerun, while
 * the simulator's data changes. At the end nothing is lost and nothing doubled: silver and history
 * are exact (history holds no version twice), bronze holds no opportunity version twice, no change
 * or run-completed event is sent twice, and {@code ingestion_runs} is truthful. Prints its figures.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class CrashRecoveryITCase {
    private static final int KILLS = 15;

    @TempDir Path home;

    /**
     * @param haltAt the test-only pause point to halt at ({@code PCW_TEST_HALT_AT}), or null
     * @param backend the run's {@code flink.state_backend}
     */
    private Process start(PartnerCentralSimulator sim, String haltAt, String backend)
            throws IOException {
        ProcessBuilder pb =
                PcwProcess.builder(
                        List.of(
                                PcwProcess.boundedIngest(
                                        home,
                                        sim.endpoint(),
                                        "--set",
                                        "connectors.partner_central.access_key_id=crash-it",
                                        "--set",
                                        "connectors.partner_central.secret_access_key=secret",
                                        "--set",
                                        "connectors.partner_central.quota.read_rate=0",
                                        "--set",
                                        "connectors.partner_central.quota.read_daily=0",
                                        "--set",
                                        "flink.checkpoint_interval=400ms",
                                        "--set",
                                        "flink.state_backend=" + backend)));
        if (haltAt != null) {
            pb.environment().put("PCW_TEST_HALT_AT", haltAt);
        }
        return pb.start();
    }

    @Test
    void killedAtAnyMomentAndRerunLosesAndDoublesNothing() throws Exception {
        Random random = new Random(20261130L);
        try (PartnerCentralSimulator sim =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(150)
                                .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                                .quotas(QuotaSettings.UNLIMITED)
                                // Slow enough that a run spans several checkpoints.
                                .faults(FaultSettings.builder().latencyMillis(4).build())
                                .build())) {
            int kills = 0;
            int haltedAtCommit = 0;
            int haltedAtRunEnd = 0;
            int haltedAtRecorded = 0;
            int haltedAtFinish = 0;
            int finished = 0;
            int iterations = 0;
            List<String> outputs = new ArrayList<>();
            while (kills < KILLS && iterations < 3 * KILLS) {
                iterations++;
                if (iterations % 2 == 0) {
                    sim.applyChanges("AWS", 15);
                }
                // One run in five halts at the worst instant if it meets it (a run's checkpoint
                // completed, its commits not yet made: it depends on which task hears first), one
                // at the first run end due, one right after the first run end is recorded (its
                // run-completed marker not yet emitted), one right after its job finished (Flink
                // has discarded the job's checkpoints; its lease is not released yet), one is
                // killed at random.
                int turn = iterations % 5;
                String haltAt =
                        turn == 0
                                ? "commit-pending"
                                : turn == 1
                                        ? "run-end"
                                        : turn == 2
                                                ? "run-recorded"
                                                : turn == 3 ? "job-finished" : null;
                // The state backend alternates, so a rerun resumes a checkpoint the other backend
                // wrote (as after a user changes flink.state_backend between runs).
                Process p = start(sim, haltAt, iterations % 2 == 0 ? "hashmap" : "rocksdb");
                PcwProcess.Output out = new PcwProcess.Output(p.getInputStream());
                // Killed while its job runs: from its submission to a few seconds in.
                out.await("pcw ingest: change events to", p, 60_000);
                // A run with a pause point is left to reach it (or to finish).
                long killAfter = haltAt != null ? 120_000 : 1_500 + random.nextInt(9_000);
                boolean ended = p.waitFor(killAfter, TimeUnit.MILLISECONDS);
                if (!ended) {
                    p.destroyForcibly();
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    kills++;
                } else if (p.exitValue() == 137) {
                    String text = out.text();
                    if (text.contains("halting once the job finished")) {
                        haltedAtFinish++;
                    } else {
                        haltedAtCommit += text.contains("(commits pending)") ? 1 : 0;
                        haltedAtRecorded += text.contains("is recorded") ? 1 : 0;
                        haltedAtRunEnd++;
                    }
                    kills++;
                } else {
                    String text = out.text();
                    assertThat(p.exitValue()).as(text).isZero();
                    finished++;
                }
                outputs.add(
                        "=== run " + iterations + (ended ? "" : " (killed)") + "\n" + out.text());
            }
            // Plain runs, left to finish. One that resumes an interrupted job only finishes the
            // runs that job had started (their listings may predate the last changes), so the
            // next plain run, a job of its own, is the one that catches up: as a user's next
            // scheduled run would.
            for (int last = 0; last < 3; last++) {
                Process p = start(sim, null, "hashmap");
                PcwProcess.Output out = new PcwProcess.Output(p.getInputStream());
                boolean done = p.waitFor(240, TimeUnit.SECONDS);
                if (!done) {
                    p.destroyForcibly();
                }
                assertThat(done).as(out.soFar()).isTrue();
                String text = out.text();
                assertThat(p.exitValue()).as(text).isZero();
                outputs.add("=== plain run " + (last + 1) + "\n" + text);
                if (!text.contains("resuming from its last checkpoint")) {
                    break;
                }
            }
            String all = String.join("\n", outputs);
            // Every run's output, for diagnosis when an assertion below fails.
            Files.writeString(Path.of("target", "crash-harness-output.txt"), all);
            assertThat(all).contains("resuming from its last checkpoint");
            // Checkpoints of both backends were resumed by a job configured with the other one.
            assertThat(all)
                    .contains(
                            "the checkpoint holds RocksDB state (flink.state_backend was rocksdb"
                                    + " when it was taken): this job restores it with rocksdb;"
                                    + " flink.state_backend hashmap applies from the next job")
                    .contains(
                            "the checkpoint holds heap state (flink.state_backend was hashmap"
                                    + " when it was taken): this job restores it with hashmap;"
                                    + " flink.state_backend rocksdb applies from the next job");

            // Silver: exactly the simulator's current opportunities, each at its current version.
            Map<String, Long> expected = new HashMap<>();
            for (StoredRecord r : sim.dataset("AWS").opportunities().all()) {
                expected.put(r.id(), r.modifiedMillis());
            }
            Map<String, Long> current = new HashMap<>();
            for (Record r : rows("partnercentral_opportunities")) {
                current.put(
                        (String) r.getField("id"),
                        ((java.time.OffsetDateTime) r.getField("last_modified_date"))
                                .toInstant()
                                .toEpochMilli());
            }
            assertThat(current).isEqualTo(expected);
            // History: every current version, none twice.
            List<String> versions =
                    rows("partnercentral_opportunity_history").stream()
                            .map(
                                    r ->
                                            r.getField("id")
                                                    + "@"
                                                    + ((java.time.OffsetDateTime)
                                                                    r.getField(
                                                                            "last_modified_date"))
                                                            .toInstant()
                                                            .toEpochMilli())
                            .collect(Collectors.toList());
            assertThat(new HashSet<>(versions)).hasSize(versions.size());
            for (Map.Entry<String, Long> e : expected.entrySet()) {
                assertThat(versions).contains(e.getKey() + "@" + e.getValue());
            }
            // Bronze: no opportunity version twice.
            List<String> bronze = bronzeVersions();
            Set<String> distinct = new HashSet<>(bronze);
            int doubled = bronze.size() - distinct.size();
            // Invitations and engagements: silver holds every one.
            assertThat(ids("partnercentral_engagement_invitations"))
                    .isEqualTo(
                            new HashSet<>(
                                    sim.dataset("AWS")
                                            .store(PartnerCentralEntity.ENGAGEMENT_INVITATIONS)
                                            .ids()));
            // Change events: every opportunity in silver announced as created (each plain rerun
            // after a kill restores the checkpoint, whose events are committed with its silver).
            Set<String> createdSubjects = createdOpportunities();
            List<String> unannouncedCreates =
                    current.keySet().stream()
                            .filter(id -> !createdSubjects.contains(id))
                            .sorted()
                            .collect(Collectors.toList());
            // None twice.
            List<String> eventIds = eventIds(false);
            int doubledEvents = eventIds.size() - new HashSet<>(eventIds).size();
            List<String> runEvents = eventIds(true);
            int repeatedRunEvents = runEvents.size() - new HashSet<>(runEvents).size();
            Set<String> announcedRuns = runCompletedRunIds();
            // ingestion_runs: nothing left RUNNING, every FAILED run says why, and every
            // SUCCEEDED run announced by its run-completed event.
            int running = 0;
            int failedWithoutReason = 0;
            int succeeded = 0;
            List<String> unannounced = new ArrayList<>();
            try (Connection c =
                            DriverManager.getConnection("jdbc:sqlite:" + home.resolve("pcw.db"));
                    ResultSet rs =
                            c.createStatement()
                                    .executeQuery(
                                            "SELECT status, error, run_id FROM ingestion_runs")) {
                while (rs.next()) {
                    running += rs.getString(1).equals("RUNNING") ? 1 : 0;
                    failedWithoutReason +=
                            rs.getString(1).equals("FAILED") && rs.getString(2) == null ? 1 : 0;
                    if (rs.getString(1).equals("SUCCEEDED")) {
                        succeeded++;
                        if (!announcedRuns.contains(rs.getString(3))) {
                            unannounced.add(rs.getString(3));
                        }
                    }
                }
            }
            Files.writeString(
                    Path.of("target", "crash-harness-doubles.txt"),
                    "bronze:\n"
                            + bronze.stream()
                                    .filter(v -> java.util.Collections.frequency(bronze, v) > 1)
                                    .distinct()
                                    .collect(Collectors.joining("\n"))
                            + "\nevents:\n"
                            + doubledEventLines().stream().collect(Collectors.joining("\n")));
            long gets = sim.accounting().calls("GetOpportunity");
            System.out.printf(
                    "crash harness: %d kills (%d halted at a run's end, %d of them with its commits"
                            + " pending, %d once it was recorded; %d once the job finished), %d"
                            + " runs finished"
                            + " between kills; records lost 0 of %d; bronze versions doubled %d;"
                            + " change events doubled %d; run-completed events repeated (same id)"
                            + " %d; opportunities in silver without their created event %d;"
                            + " succeeded runs without their run-completed event %d of %d;"
                            + " GetOpportunity calls %d for %d distinct versions fetched ="
                            + " %.3f × ideal%n",
                    kills,
                    haltedAtRunEnd,
                    haltedAtCommit,
                    haltedAtRecorded,
                    haltedAtFinish,
                    finished,
                    expected.size(),
                    doubled,
                    doubledEvents,
                    repeatedRunEvents,
                    unannouncedCreates.size(),
                    unannounced.size(),
                    succeeded,
                    gets,
                    distinct.size(),
                    gets / (double) distinct.size());
            if (doubled > 0 || doubledEvents > 0 || repeatedRunEvents > 0) {
                // Keep the evidence for diagnosis.
                Path keep = Path.of("target", "crash-harness-home").toAbsolutePath();
                try (Stream<Path> walk = Files.walk(home)) {
                    for (Path f : (Iterable<Path>) walk::iterator) {
                        Path to = keep.resolve(home.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            assertThat(kills).isGreaterThanOrEqualTo(KILLS);
            assertThat(haltedAtRunEnd).as("halts at a run's end").isPositive();
            assertThat(haltedAtRecorded).as("halts once a run's end is recorded").isPositive();
            assertThat(haltedAtFinish).as("halts once the job finished").isPositive();
            assertThat(doubled).as("bronze versions written twice").isZero();
            assertThat(doubledEvents).as("change events sent twice").isZero();
            assertThat(repeatedRunEvents).as("run-completed events sent twice").isZero();
            assertThat(unannounced).as("succeeded runs without a run-completed event").isEmpty();
            assertThat(unannouncedCreates).as("opportunities without a created event").isEmpty();
            assertThat(running).as("runs left RUNNING").isZero();
            assertThat(failedWithoutReason).isZero();
        }
    }

    private List<Record> rows(String table) throws IOException {
        HadoopCatalog catalog =
                new HadoopCatalog(
                        new Configuration(), home.resolve("lake/warehouse").toUri().toString());
        Table t = catalog.loadTable(TableIdentifier.of(Namespace.of("pcw_silver"), table));
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
            it.forEach(rows::add);
        }
        return rows;
    }

    private Set<String> ids(String table) throws IOException {
        return rows(table).stream().map(r -> (String) r.getField("id")).collect(Collectors.toSet());
    }

    /** {@code id@LastModifiedDate} of every GetOpportunity payload in committed bronze files. */
    private List<String> bronzeVersions() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String line :
                committedLines(home.resolve("lake/bronze/partnercentral/opportunities"), "part-")) {
            JsonNode env = mapper.readTree(line);
            if (!"GetOpportunity".equals(env.path("operation").asText())) {
                continue;
            }
            JsonNode payload = env.path("payload");
            if (payload.isTextual()) {
                payload = mapper.readTree(payload.asText());
            }
            out.add(payload.path("Id").asText() + "@" + payload.path("LastModifiedDate").asText());
        }
        return out;
    }

    /** The committed events, parsed. */
    private List<JsonNode> committedEvents() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : committedLines(home.resolve("lake/events"), "events-")) {
            if (!line.isBlank()) {
                out.add(mapper.readTree(line));
            }
        }
        return out;
    }

    private static boolean isRunCompleted(JsonNode e) {
        return e.path("type").asText().equals("pcw.connector.run.completed");
    }

    /**
     * The ids of the committed change events; with {@code runCompleted}, of the {@code
     * pcw.connector.run.completed} events instead.
     */
    private List<String> eventIds(boolean runCompleted) throws IOException {
        return committedEvents().stream()
                .filter(e -> isRunCompleted(e) == runCompleted)
                .map(e -> e.path("id").asText())
                .collect(Collectors.toList());
    }

    /** The subjects of the committed {@code pcw.partnercentral.opportunity.created} events. */
    private Set<String> createdOpportunities() throws IOException {
        return committedEvents().stream()
                .filter(
                        e ->
                                e.path("type")
                                        .asText()
                                        .equals("pcw.partnercentral.opportunity.created"))
                .map(e -> e.path("subject").asText())
                .collect(Collectors.toSet());
    }

    /** The run ids of the committed {@code pcw.connector.run.completed} events. */
    private Set<String> runCompletedRunIds() throws IOException {
        return committedEvents().stream()
                .filter(CrashRecoveryITCase::isRunCompleted)
                .map(e -> e.at("/data/run_id").asText())
                .collect(Collectors.toSet());
    }

    /** The committed event lines whose id occurs more than once, with their file. */
    private List<String> doubledEventLines() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, List<String>> byId = new HashMap<>();
        Path dir = home.resolve("lake/events");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().startsWith("events-"))
                            .collect(Collectors.toList())) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode e = mapper.readTree(line);
                    byId.computeIfAbsent(e.path("id").asText(), k -> new ArrayList<>())
                            .add(
                                    dir.relativize(f)
                                            + " "
                                            + e.path("type").asText()
                                            + " "
                                            + e.path("subject").asText()
                                            + " "
                                            + e.path("time").asText());
                }
            }
        }
        return byId.values().stream()
                .filter(l -> l.size() > 1)
                .flatMap(List::stream)
                .collect(Collectors.toList());
    }

    private static List<String> committedLines(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f :
                    files.filter(
                                    p ->
                                            p.getFileName().toString().startsWith(prefix)
                                                    && p.getFileName()
                                                            .toString()
                                                            .endsWith(".jsonl"))
                            .collect(Collectors.toList())) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }
}
