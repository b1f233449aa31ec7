package dev.pcw.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar ({@code pcw-jobs-*-all.jar}) on a real Flink cluster, as users deploy it: a
 * JobManager and a TaskManager in processes of their own with nothing of pcw on their classpath.
 * The ingest job is uploaded and run through the REST API (what the web UI, the Kubernetes operator
 * and Managed Flink do); the partner-tiers job is run with Flink's CLI ({@code flink run -c}). A
 * class, service file or dependency missing from the jar fails here.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ShadedJarOnClusterITCase {
    private static final int OPPORTUNITIES = 120;

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(OPPORTUNITIES)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir static Path dir;
    private static FlinkCluster cluster;
    private static Path jobJar;

    @BeforeAll
    static void startCluster() throws Exception {
        jobJar = Path.of(required("pcw.cluster.job-jar"));
        Path classpathFile = Path.of(required("pcw.cluster.classpath-file"));
        assertThat(jobJar).as("the shaded job jar (mvn package -pl jobs)").exists();
        assertThat(classpathFile).as("the Flink distribution's classpath").exists();
        String classpath = Files.readString(classpathFile).trim();
        assertThat(classpath).doesNotContain("dev/pcw").doesNotContain("pcw-");
        cluster = FlinkCluster.start(dir.resolve("cluster"), classpath, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theIngestJobUploadedThroughRestSyncsTheSimulatorIntoTheLake() throws Exception {
        Path home = dir.resolve("ingest-home");
        Map<String, String> settings = ingestSettings(home);

        String jarId = cluster.uploadJar(jobJar);
        List<String> args = new ArrayList<>(setArgs(settings));
        args.add("--bounded");
        String jobId = cluster.runJar(jarId, "dev.pcw.jobs.ingest.IngestJob", args, 2);
        assertThat(cluster.awaitFinished(jobId, Duration.ofMinutes(5))).isEqualTo("FINISHED");

        PcwConfig config = PcwConfig.load(null, Map.of(), settings);
        Set<String> expected =
                SIM.simulator().dataset("AWS").opportunities().ids().stream()
                        .collect(Collectors.toSet());
        List<Record> current = rows(config, "partnercentral_opportunities");
        assertThat(current)
                .extracting(r -> (String) r.getField("id"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows(config, "partnercentral_opportunity_history")).hasSize(OPPORTUNITIES);
        assertThat(filesUnder(home.resolve("lake/bronze/partnercentral/opportunities"), "part-"))
                .as("bronze lines")
                .hasSize(OPPORTUNITIES);
        assertThat(filesUnder(home.resolve("lake/events"), "events-"))
                .filteredOn(l -> l.contains("\"pcw.partnercentral.opportunity.created\""))
                .hasSize(OPPORTUNITIES);
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            List<IngestionRun> runs = new IngestionRuns(db, Clock.systemUTC()).recent(20);
            assertThat(runs)
                    .filteredOn(r -> r.entity().equals("opportunities"))
                    .extracting(r -> r.status().name())
                    .containsExactly("SUCCEEDED");
        }

        // The replay, from the same jar: bronze over the silver it came from changes nothing.
        long snapshot = currentSnapshot(config, "partnercentral_opportunities");
        String replay =
                cluster.runJar(jarId, "dev.pcw.jobs.replay.ReplayJob", setArgs(settings), 2);
        assertThat(cluster.awaitFinished(replay, Duration.ofMinutes(3))).isEqualTo("FINISHED");
        assertThat(rows(config, "partnercentral_opportunities"))
                .extracting(r -> (String) r.getField("id"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(addedRecordsSince(config, "partnercentral_opportunities", snapshot)).isZero();
    }

    private static long currentSnapshot(PcwConfig config, String table) {
        Table t = table(config, table);
        return t.currentSnapshot() == null ? -1 : t.currentSnapshot().snapshotId();
    }

    /** Records added to {@code table} by the snapshots committed after {@code snapshot}. */
    private static long addedRecordsSince(PcwConfig config, String table, long snapshot) {
        Table t = table(config, table);
        long added = 0;
        for (org.apache.iceberg.Snapshot s = t.currentSnapshot();
                s != null && s.snapshotId() != snapshot;
                s = s.parentId() == null ? null : t.snapshot(s.parentId())) {
            added += Long.parseLong(s.summary().getOrDefault("added-records", "0"));
        }
        return added;
    }

    @Test
    void thePartnerTiersJobRunsWithFlinksCli() throws Exception {
        Path home = dir.resolve("tiers-home");
        Path input = Files.createDirectories(home.resolve("partners"));
        Files.writeString(
                input.resolve("partners_cluster.csv"),
                "name,tier,program,oem\n"
                        + "Acme Corp,gold,Cisco Partner Program,cisco\n"
                        + "Globex,platinum,Dell Partner Program,dell\n"
                        + "Initech,silver,HPE Partner Ready,hpe\n",
                StandardCharsets.UTF_8);
        Map<String, String> settings = new TreeMap<>();
        settings.put("home", home.toString());
        settings.put("partner_tiers.input", input.toString());
        settings.put("flink.checkpoint_interval", "1s");
        settings.put("metadata.db_url", MetadataDb.sqliteUrl(home));

        List<String> cmd = new ArrayList<>();
        cmd.add(FlinkCluster.java());
        cmd.add("-Xmx384m");
        cmd.addAll(FlinkCluster.JAVA_17_OPTIONS);
        cmd.add("-Dlog.file=" + cluster.log("cli"));
        cmd.add(
                "-Dlog4j.configurationFile="
                        + cluster.configDir().resolve("log4j-cli.properties").toUri());
        cmd.addAll(List.of("-cp", cluster.classpath(), "org.apache.flink.client.cli.CliFrontend"));
        cmd.addAll(List.of("run", "-c", "dev.pcw.jobs.tiers.PartnerTiersJob", jobJar.toString()));
        cmd.addAll(setArgs(settings));
        cmd.add("--bounded");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FLINK_CONF_DIR", cluster.configDir().toString());
        Process flinkRun = pb.start();
        String output =
                new String(flinkRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(flinkRun.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(flinkRun.exitValue()).as(output + "\n" + cluster.logs()).isZero();
        assertThat(output).contains("Job has been submitted with JobID");

        PcwConfig config = PcwConfig.load(null, Map.of(), settings);
        assertThat(rows(config, "partner_tiers"))
                .as("partner_tiers after flink run:%n%s%n%s", output, cluster.logs())
                .extracting(
                        r ->
                                r.getField("oem")
                                        + "/"
                                        + r.getField("name")
                                        + " "
                                        + r.getField("tier"))
                .containsExactlyInAnyOrder(
                        "Cisco/Acme Corp Gold", "Dell/Globex Platinum", "HPE/Initech Silver");
        assertThat(filesUnder(home.resolve("lake/events"), "events-"))
                .filteredOn(l -> l.contains("\"pcw.partners.tier.added\""))
                .hasSize(3);
    }

    private Map<String, String> ingestSettings(Path home) {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("home", home.toString());
        set.put("connectors.partner_central.endpoint", SIM.endpoint().toString());
        set.put("connectors.partner_central.access_key_id", "cluster-it");
        set.put("connectors.partner_central.secret_access_key", "not-a-secret");
        set.put("connectors.partner_central.catalogs", "AWS");
        set.put("connectors.partner_central.entities", "opportunities");
        set.put("connectors.partner_central.quota.read_rate", "0");
        set.put("connectors.partner_central.quota.read_daily", "0");
        set.put("flink.checkpoint_interval", "1s");
        set.put("metadata.db_url", MetadataDb.sqliteUrl(home));
        return set;
    }

    private static List<String> setArgs(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach(
                (k, v) -> {
                    args.add("--set");
                    args.add(k + "=" + v);
                });
        return args;
    }

    private static Table table(PcwConfig config, String table) {
        Map<String, String> props = new TreeMap<>(config.lakeProperties());
        props.putIfAbsent(LakeConfig.ROOT, config.home().resolve("lake").toString());
        LakeConfig lake = LakeConfig.fromProperties(props);
        Catalog catalog = Catalogs.create(lake);
        return catalog.loadTable(lake.tableIdentifier(table));
    }

    private static List<Record> rows(PcwConfig config, String table) {
        Table t = table(config, table);
        List<Record> out = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
            it.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The lines of the committed files under {@code root} whose names start with {@code prefix}.
     */
    private static List<String> filesUnder(Path root, String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f :
                    walk.filter(p -> p.getFileName().toString().startsWith(prefix))
                            .collect(Collectors.toList())) {
                Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(lines::add);
            }
        }
        return lines;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    property
                            + " is not set: run this test through Maven (mvn verify -pl cluster/it -am)");
        }
        return value;
    }
}
