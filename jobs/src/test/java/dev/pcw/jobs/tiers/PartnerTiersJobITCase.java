package dev.pcw.jobs.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.JobCursors;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnertiers.PartnerTierStore;
import dev.pcw.connectors.partnertiers.TierInputFolder;
import dev.pcw.connectors.partnertiers.TierSync;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.schemas.tiers.PartnerTier;
import dev.pcw.schemas.tiers.TierNormalizer;
import dev.pcw.schemas.tiers.TierVocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partner-tiers job on a MiniCluster against a local lake: files applied, refused files in dead
 * letters, exactly the events of each diff, none on re-delivery, applies made elsewhere announced,
 * a kill between an apply's commit and its events' checkpoint, and a savepoint restore mid-stream.
 */
@Timeout(300)
class PartnerTiersJobITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    static final String HEADER = "name,tier,program,oem,poc,notes\n";
    static final String SEED =
            HEADER
                    + "Red River Technology,Gold,Cisco PTP,cisco,John Doe,Premier partner\n"
                    + "Tech Solutions,Platinum,Nutanix Elevate,Nutanix,Jane Smith,Top tier\n";

    @TempDir Path home;
    private Path input;
    private PcwConfig config;

    @BeforeEach
    void setUp() throws IOException {
        input = Files.createDirectories(home.resolve("partners"));
        Map<String, String> set = new HashMap<>();
        set.put("home", home.toString());
        set.put("partner_tiers.input", input.toString());
        set.put("partner_tiers.poll_interval", "200ms");
        set.put("flink.checkpoint_interval", "300ms");
        set.put("metadata.db_url", MetadataDb.sqliteUrl(home));
        config = PcwConfig.load(null, Map.of(), set);
        MetadataDb.open(config.get("metadata.db_url")).close();
    }

    @AfterEach
    void clearSeam() {
        TierApplyFunction.afterApply = null;
    }

    private StreamExecutionEnvironment env(String savepoint, int restarts) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, restarts == 0 ? "none" : "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    private void runBounded() throws Exception {
        StreamExecutionEnvironment env = env(null, 0);
        PartnerTiersJob.build(env, config, true, config.get("metadata.db_url"));
        env.execute("partner-tiers bounded");
    }

    private JobClient startUnbounded(String savepoint, int restarts) throws Exception {
        StreamExecutionEnvironment env = env(savepoint, restarts);
        PartnerTiersJob.build(env, config, false, config.get("metadata.db_url"));
        return env.executeAsync("partner-tiers");
    }

    private void file(String name, String content) throws IOException {
        Path p = input.resolve(name);
        FileTime before = Files.exists(p) ? Files.getLastModifiedTime(p) : null;
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        if (before != null && Files.getLastModifiedTime(p).equals(before)) {
            Files.setLastModifiedTime(p, FileTime.fromMillis(before.toMillis() + 1000));
        }
    }

    /** The committed events. */
    private List<JsonNode> events() throws IOException {
        return dev.pcw.jobs.ingest.IngestTestKit.events(home);
    }

    private static List<String> describe(List<JsonNode> events) {
        return events.stream()
                .map(
                        e ->
                                e.path("type").asText().replace("pcw.partners.tier.", "")
                                        + " "
                                        + e.path("subject").asText()
                                        + " "
                                        + e.at("/data/tier").asText())
                .collect(Collectors.toList());
    }

    private static void await(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private BooleanSupplier eventCount(int n) {
        return () -> {
            try {
                return events().size() >= n;
            } catch (IOException e) {
                return false;
            }
        };
    }

    private List<PartnerTier> stored() throws Exception {
        LakeConfig lake = IngestJob.lakeConfig(config);
        Catalog catalog = Catalogs.create(lake);
        try {
            return PartnerTierStore.open(catalog, lake).list();
        } finally {
            ((AutoCloseable) catalog).close();
        }
    }

    private List<String> deadLetters() throws Exception {
        LakeConfig lake = IngestJob.lakeConfig(config);
        Catalog catalog = Catalogs.create(lake);
        List<String> out = new ArrayList<>();
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(catalog.loadTable(lake.tableIdentifier("dead_letters")))
                        .build()) {
            rows.forEach(r -> out.add(r.getField("reason_code") + " " + r.getField("reason")));
        } finally {
            ((AutoCloseable) catalog).close();
        }
        return out;
    }

    private static void cancel(JobClient job) throws Exception {
        job.cancel().get(60, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 60_000;
        while (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void boundedAppliesEachFileKeepsRefusedOnesAndAnnouncesExactlyItsDiff() throws Exception {
        file("partners_a.csv", SEED);
        file("partners_bad.csv", HEADER + "Acme,Gold,Dell PP,Dell,,\n,Silver,P,HP,,\n");

        runBounded();

        assertThat(stored())
                .extracting(PartnerTier::name)
                .containsExactly("Red River Technology", "Tech Solutions");
        assertThat(describe(events()))
                .containsExactlyInAnyOrder(
                        "added Cisco/Red River Technology Gold",
                        "added Nutanix/Tech Solutions Platinum");
        assertThat(deadLetters())
                .containsExactly(
                        "MISSING_REQUIRED Record 1: missing name ("
                                + input.resolve("partners_bad.csv")
                                + " line 3)");

        // Again, with nothing new: no event, no new dead letter (the cursor is in the metadata DB).
        runBounded();
        assertThat(events()).hasSize(2);
        assertThat(deadLetters()).hasSize(1);
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            assertThat(
                            new JobCursors(db, Clock.systemUTC())
                                    .get(TierApplyFunction.JOB, TierApplyFunction.CURSOR))
                    .isPresent();
        }

        // A changed file: exactly its update.
        file(
                "partners_a.csv",
                SEED.replace("Red River Technology,Gold", "Red River Technology,Platinum"));
        runBounded();
        List<JsonNode> all = events();
        assertThat(all).hasSize(3);
        List<JsonNode> updates =
                all.stream()
                        .filter(e -> e.path("type").asText().endsWith(".updated"))
                        .collect(Collectors.toList());
        assertThat(describe(updates))
                .containsExactly("updated Cisco/Red River Technology Platinum");
        JsonNode update = updates.get(0);
        assertThat(update.at("/data/changes/tier/old").asText()).isEqualTo("Gold");
        assertThat(update.at("/data/changes/tier/new").asText()).isEqualTo("Platinum");
        assertThat(update.path("source").asText()).isEqualTo("/pcw/connectors/partner_tiers");
    }

    @Test
    void unboundedPicksUpNewFilesIgnoresRedeliveryAndAnnouncesAppliesMadeElsewhere()
            throws Exception {
        JobClient job = startUnbounded(null, 0);
        try {
            file("partners_a.csv", SEED);
            await(eventCount(2), "the new file's two events");
            assertThat(describe(events()))
                    .containsExactlyInAnyOrder(
                            "added Cisco/Red River Technology Gold",
                            "added Nutanix/Tech Solutions Platinum");

            // The same content again (a re-delivered file): read again, nothing new.
            file("partners_a.csv", SEED);
            Thread.sleep(1500);
            assertThat(events()).hasSize(2);

            // An apply made by another process (the sidecar, the CLI) is announced too.
            Path other = Files.createDirectories(home.resolve("elsewhere"));
            Files.write(
                    other.resolve("partners_x.csv"),
                    (HEADER + "Acme,Gold,Dell PP,dell,,\n").getBytes(StandardCharsets.UTF_8));
            LakeConfig lake = IngestJob.lakeConfig(config);
            Catalog catalog = Catalogs.create(lake);
            try {
                new TierSync(
                                PartnerTierStore.open(catalog, lake),
                                new TierNormalizer(TierVocabulary.defaults()))
                        .sync(TierInputFolder.of(other.toString(), lake), false, "sidecar");
            } finally {
                ((AutoCloseable) catalog).close();
            }
            await(eventCount(3), "the event of the apply made elsewhere");
            assertThat(describe(events())).contains("added Dell/Acme Gold").hasSize(3);
        } finally {
            cancel(job);
        }
        assertThat(new HashSet<>(ids(events()))).hasSize(3);
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("id").asText()).collect(Collectors.toList());
    }

    @Test
    void aJobKilledBetweenAnApplysCommitAndItsEventsLosesNoEvent() throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        TierApplyFunction.afterApply =
                applyId -> {
                    if (killed.compareAndSet(false, true)) {
                        throw new IllegalStateException("killed after committing " + applyId);
                    }
                };
        JobClient job = startUnbounded(null, 2);
        try {
            file("partners_a.csv", SEED);
            await(eventCount(2), "the events of the apply whose job was killed");
            Thread.sleep(1000);
        } finally {
            cancel(job);
        }

        assertThat(killed).isTrue();
        assertThat(stored()).hasSize(2);
        List<JsonNode> events = events();
        assertThat(describe(events))
                .containsExactlyInAnyOrder(
                        "added Cisco/Red River Technology Gold",
                        "added Nutanix/Tech Solutions Platinum");
    }

    @Test
    void restoresFromASavepointMidStreamWithoutLosingOrRepeatingAFile() throws Exception {
        JobClient job = startUnbounded(null, 0);
        String savepoint;
        try {
            file("partners_a.csv", SEED);
            await(eventCount(2), "the first file's events");
            savepoint =
                    dev.pcw.jobs.config.Savepoints.stop(
                            job,
                            home.resolve("savepoints").toUri().toString(),
                            Duration.ofSeconds(60));
        } catch (Exception e) {
            cancel(job);
            throw e;
        }
        // While it is down: a new file, and the first one touched without a change.
        file(
                "partners_b.json",
                "{\"partners\": [{\"name\": \"Acme\", \"tier\": \"silver\", \"program\": \"HPE Partner Ready\", \"oem\": \"hpe\"}]}");
        Instant touched = Instant.now().plusSeconds(5);
        Files.setLastModifiedTime(input.resolve("partners_a.csv"), FileTime.from(touched));

        JobClient restored = startUnbounded(savepoint, 0);
        try {
            await(eventCount(3), "the new file's event after the restore");
            Thread.sleep(1500);
        } finally {
            cancel(restored);
        }

        assertThat(describe(events()))
                .containsExactlyInAnyOrder(
                        "added Cisco/Red River Technology Gold",
                        "added Nutanix/Tech Solutions Platinum",
                        "added HPE/Acme Silver");
        assertThat(stored()).hasSize(3);
    }
}
