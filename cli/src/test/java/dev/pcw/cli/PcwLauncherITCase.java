package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorClients;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClient;
import software.amazon.awssdk.services.partnercentralselling.model.OpportunitySummary;

/** {@code bin/pcw} itself, as a user runs it: help, errors, and a simulator on a free port. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PcwLauncherITCase {

    private static ProcessBuilder pcw(String... args) {
        return PcwProcess.builder(List.of(args));
    }

    private static final class Run {
        final int exit;
        final String output;

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    private static Run run(String... args) throws Exception {
        return run(pcw(args));
    }

    private static Run run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void helpListsTheCommands() throws Exception {
        assertThat(Files.isExecutable(PcwProcess.ROOT.resolve("bin/pcw"))).isTrue();
        Run r = run("--help");
        assertThat(r.exit).isZero();
        assertThat(r.output).contains("Usage: pcw", "simulator", "bench");
        // Every description formats (a lone '%' made picocli warn on every --help).
        assertThat(r.output).doesNotContain("picocli WARN");
        assertThat(run("demo", "--help").output).doesNotContain("picocli WARN");
        Run version = run("--version");
        assertThat(version.output).startsWith("pcw 0.");
    }

    @Test
    void simulatorHelpDocumentsEveryKnob() throws Exception {
        Run r = run("simulator", "--help");
        assertThat(r.exit).isZero();
        assertThat(r.output)
                .contains(
                        "--port",
                        "0 picks a free one",
                        "--opportunities",
                        "--seed",
                        "--changes-per-minute",
                        "--read-rate",
                        "--read-daily",
                        "--no-quotas",
                        "--throttle-ratio",
                        "--error-ratio",
                        "--latency-ms",
                        "--deny",
                        "--malformed-ratio",
                        "--malformed-kinds",
                        "--fault-operations");
    }

    @Test
    void aBadOptionSaysWhatIsWrong() throws Exception {
        Run unknown = run("simulator", "--opportunites", "5");
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.output)
                .contains("Unknown options: '--opportunites', '5'")
                .contains("Possible solutions: --opportunities")
                .contains("Run 'pcw simulator --help' for the options.");

        Run badValue = run("simulator", "--port", "0", "--deny", "sometimes");
        assertThat(badValue.exit).isEqualTo(1);
        assertThat(badValue.output)
                .contains(
                        "unknown deny mode 'sometimes': use none, access-denied or unrecognized-client")
                .doesNotContain("\tat ");

        // bench scale checks its options before it empties --home or starts anything.
        Run scale = run("bench", "scale", "--maintain-every", "0", "--home", "never-created");
        assertThat(scale.exit).isEqualTo(2);
        assertThat(scale.output).contains("--maintain-every must be at least 1");
        Run interval =
                run(
                        "bench",
                        "scale",
                        "--run-checkpoint-interval",
                        "50ms",
                        "--home",
                        "never-created");
        assertThat(interval.exit).isEqualTo(2);
        assertThat(interval.output)
                .contains("--run-checkpoint-interval: '50ms': it must be at least 100ms");
        Run heap = run("bench", "scale", "--heap", "lots", "--home", "never-created");
        assertThat(heap.exit).isEqualTo(2);
        assertThat(heap.output).contains("--heap takes a size such as 512m or 1g, not 'lots'");
        Run backend = run("bench", "scale", "--state-backend", "disk", "--home", "never-created");
        assertThat(backend.exit).isEqualTo(2);
        assertThat(backend.output).contains("--state-backend takes rocksdb or hashmap, not 'disk'");
        assertThat(java.nio.file.Path.of("never-created")).doesNotExist();

        ProcessBuilder badFormat = pcw("--help");
        badFormat.environment().put("PCW_LOG_FORMAT", "xml");
        Run format = run(badFormat);
        assertThat(format.exit).isEqualTo(1);
        assertThat(format.output)
                .isEqualTo("pcw: PCW_LOG_FORMAT is 'xml': use text (the default) or json.\n");
    }

    @Test
    void theJobCommandsSayWhatIsWrongWithTheirInput() throws Exception {
        Run job = run("run", "nosuchjob");
        assertThat(job.exit).isEqualTo(2);
        assertThat(job.output)
                .contains("unknown job 'nosuchjob': the jobs are: ingest")
                .contains("Run 'pcw run --help' for the options.");

        Run drop = run("query", "DROP TABLE partnercentral_opportunities");
        assertThat(drop.exit).isEqualTo(1);
        assertThat(drop.output)
                .contains("pcw query is read-only: DROP statements could change or drop")
                .contains("--allow-writes");

        Run format = run("query", "SELECT 1", "--format", "xml");
        assertThat(format.exit).isEqualTo(2);
        assertThat(format.output).contains("--format takes table, csv, json or jsonl, not 'xml'");

        Run entity = run("run", "ingest", "--entity", "opportunities");
        assertThat(entity.exit).isEqualTo(2);
        assertThat(entity.output).contains("--entity goes with --full");

        Run unknownEntity = run("run", "ingest", "--full", "--entity", "oportunities");
        assertThat(unknownEntity.exit).isEqualTo(1);
        assertThat(unknownEntity.output)
                .contains("Unknown Partner Central entity 'oportunities': use one of");

        Run set = run("run", "ingest", "--set", "no-equals-sign");
        assertThat(set.exit).isEqualTo(1);
        assertThat(set.output).contains("--set takes key=value, not 'no-equals-sign'");

        Run typo = run("query", "SELECT 1", "--set", "connectors.partner_central.shedule_cron=x");
        assertThat(typo.exit).isEqualTo(1);
        assertThat(typo.output)
                .contains("unknown configuration key 'connectors.partner_central.shedule_cron'")
                .contains("did you mean 'connectors.partner_central.schedule_cron'?")
                .doesNotContain("\tat ");

        Run zero = run("run", "ingest", "--set", "flink.checkpoint_interval=0s");
        assertThat(zero.exit).isEqualTo(1);
        assertThat(zero.output)
                .contains("flink.checkpoint_interval is '0s': it must be at least 100ms")
                .doesNotContain("\tat ");

        Run missing = run("run", "ingest", "--config", "no-such-file.yaml");
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.output).contains("configuration file no-such-file.yaml does not exist");

        Run help = run("demo", "--help");
        assertThat(help.output).contains("--opportunities", "--change-percent", "./var/demo");
    }

    @Test
    void aTakenPortGivesAnActionableError() throws Exception {
        try (ServerSocket taken =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r =
                    run(
                            "simulator",
                            "--port",
                            String.valueOf(taken.getLocalPort()),
                            "--opportunities",
                            "10");
            assertThat(r.exit).isEqualTo(1);
            assertThat(r.output)
                    .contains(
                            "Cannot start the Partner Central simulator on 127.0.0.1:"
                                    + taken.getLocalPort())
                    .contains("choose another --port, or 0 for a free one");
        }
    }

    @Test
    void theSimulatorStartsOnAFreePortAndServesTheSdk() throws Exception {
        Process p =
                pcw(
                                "simulator",
                                "--port",
                                "0",
                                "--opportunities",
                                "60",
                                "--seed",
                                "5",
                                "--no-quotas")
                        .start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern endpoint =
                    Pattern.compile("Partner Central Selling API\\s+(http://127\\.0\\.0\\.1:\\d+)");
            Pattern admin = Pattern.compile("admin API\\s+(http://\\S+/admin)");
            String api = null;
            String adminUrl = null;
            List<String> banner = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null) {
                banner.add(line);
                Matcher m = endpoint.matcher(line);
                if (m.find()) {
                    api = m.group(1);
                }
                Matcher a = admin.matcher(line);
                if (a.find()) {
                    adminUrl = a.group(1);
                }
                if (line.startsWith("Press Ctrl+C")) {
                    break;
                }
            }
            assertThat(api).as("banner: %s", banner).isNotNull();
            assertThat(adminUrl).isEqualTo(api + "/admin");
            assertThat(String.join("\n", banner))
                    .contains(
                            "AWS      60 opportunities",
                            "quotas per account, catalog  reads unlimited");

            List<OpportunitySummary> all = new ArrayList<>();
            try (PartnerCentralSellingClient client =
                    SimulatorClients.builder(URI.create(api)).build()) {
                client.listOpportunitiesPaginator(r -> r.catalog("AWS").maxResults(25))
                        .opportunitySummaries()
                        .forEach(all::add);
            }
            assertThat(all).hasSize(60);
            String stats =
                    new String(
                            URI.create(adminUrl + "/stats").toURL().openStream().readAllBytes(),
                            StandardCharsets.UTF_8);
            assertThat(stats).contains("\"ListOpportunities\":{\"AWS\":{\"calls\":3");
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("simulator stops on SIGTERM").isTrue();
        }
    }

    private static final String AWS_SECRET = "LauncherSecretKey0123456789";
    private static final String DB_PASSWORD = "Db-Pass-4242-launcher";

    /** Files under {@code dir} whose bytes contain any of {@code secrets}. */
    private static List<Path> filesContaining(Path dir, String... secrets) throws Exception {
        List<Path> hits = new ArrayList<>();
        try (var files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    if (text.contains(secret)) {
                        hits.add(f);
                    }
                }
            }
        }
        return hits;
    }

    @Test
    void runIngestSyncsOnceWithAProgressLineAndSaysWhereEventsGo(@TempDir Path home)
            throws Exception {
        // A metadata DB on PostgreSQL whose URL carries a password (trust auth ignores it).
        String db = "pcw_launcher_" + Long.toHexString(System.nanoTime());
        try (java.sql.Connection c =
                java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE " + db);
        }
        String dbUrl =
                "jdbc:postgresql://127.0.0.1:5432/" + db + "?user=postgres&password=" + DB_PASSWORD;
        try (PartnerCentralSimulator sim =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(150)
                                .quotas(QuotaSettings.UNLIMITED)
                                .build())) {
            int records = 0;
            for (PartnerCentralEntity e : PartnerCentralEntity.values()) {
                records += sim.dataset("AWS").store(e).size();
            }
            // Logs as a shipper reads them: JSON, at INFO (Flink's, Iceberg's and pcw's own).
            ProcessBuilder pb =
                    pcw(
                            PcwProcess.boundedIngest(
                                    home,
                                    sim.endpoint(),
                                    "--set",
                                    "connectors.partner_central.access_key_id=launcher-it",
                                    "--set",
                                    "connectors.partner_central.secret_access_key=" + AWS_SECRET,
                                    "--set",
                                    "metadata.db_url=" + dbUrl,
                                    "--set",
                                    "metadata.db_password=" + DB_PASSWORD,
                                    "--set",
                                    "connectors.partner_central.quota.read_rate=0",
                                    "--set",
                                    "flink.checkpoint_interval=1s"));
            pb.environment().put("PCW_LOG_FORMAT", "json");
            pb.environment().put("PCW_LOG_LEVEL", "INFO");
            // The log stream (stderr) apart from pcw's own lines (stdout), as a shipper reads it.
            Path stderr = Files.createTempFile("pcw-launcher-it", ".log");
            pb.redirectErrorStream(false).redirectError(stderr.toFile());
            Run r = run(pb);
            String log = Files.readString(stderr);
            Files.delete(stderr);
            assertThat(r.exit).as(r.output + log).isZero();
            // Every line of the log stream is one ECS object (Log4j's own notices included: a
            // plain-text line would break the shipper's parsing); pcw's own INFO lines are among
            // them.
            List<com.fasterxml.jackson.databind.JsonNode> logs = new ArrayList<>();
            for (String line : log.split("\n")) {
                assertThat(line).as("a log line that is not JSON").startsWith("{");
                logs.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
            }
            String plain = r.output;
            assertThat(logs).hasSizeGreaterThan(20);
            assertThat(logs)
                    .allSatisfy(
                            l -> {
                                assertThat(l.path("@timestamp").asText()).isNotBlank();
                                assertThat(l.path("log.level").asText()).isNotBlank();
                                assertThat(l.path("log.logger").asText()).isNotBlank();
                                assertThat(l.path("service.name").asText()).isEqualTo("pcw");
                            });
            assertThat(logs)
                    .anySatisfy(
                            l -> assertThat(l.path("message").asText()).startsWith("Finished run"));
            // No secret reaches the output or any file of pcw's home; the URL is shown masked.
            assertThat(r.output + log).doesNotContain(AWS_SECRET).doesNotContain(DB_PASSWORD);
            assertThat(r.output).contains("password=***");
            assertThat(filesContaining(home, AWS_SECRET, DB_PASSWORD)).isEmpty();
            assertThat(r.output)
                    .contains("pcw ingest: bounded (sync once), catalogs [AWS]")
                    .contains("pcw ingest: change events to file ")
                    .contains("pcw ingest: done.");
            // The last progress line adds up: every record, and a created event for each record
            // of the three entities that have change events.
            Matcher last =
                    Pattern.compile(
                                    "records ([\\d,]+) · API calls ([\\d,]+) · throttled 0 · dead"
                                            + " letters 0 · change events ([\\d,]+)\\s*\\n"
                                            + "pcw ingest: done")
                            .matcher(plain);
            assertThat(last.find()).as(r.output).isTrue();
            assertThat(Integer.parseInt(last.group(1).replace(",", ""))).isEqualTo(records);
            int withEvents =
                    records - sim.dataset("AWS").store(PartnerCentralEntity.ENGAGEMENTS).size();
            assertThat(Integer.parseInt(last.group(3).replace(",", ""))).isEqualTo(withEvents);
        } finally {
            try (java.sql.Connection c =
                    java.sql.DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    @Test
    void aDisabledConnectorDoesNotStart(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("connectors.yaml");
        Files.writeString(
                yaml, "home: state\nconnectors:\n  partner_central:\n    enabled: false\n");
        Run r = run("run", "ingest", "--config", yaml.toString());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output)
                .contains("pcw ingest: not started: connectors.partner_central.enabled is false")
                .contains("--set connectors.partner_central.enabled=true");
        // Nothing ran: no state was created next to the file.
        assertThat(dir.resolve("state")).doesNotExist();
    }

    /**
     * AWS refusing the caller, and no credentials at all: one line with the cause and what to
     * check, without Flink's wrappers or a stack trace (those with {@code --verbose}); no restarts,
     * no retries; the runs FAILED with the same reason.
     */
    @Test
    void refusedOrMissingCredentialsFailAtOnceInOneActionableLine(@TempDir Path home)
            throws Exception {
        try (PartnerCentralSimulator sim =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(20)
                                .quotas(QuotaSettings.UNLIMITED)
                                .faults(
                                        dev.pcw.connectors.partnercentral.simulator.FaultSettings
                                                .builder()
                                                .deny(
                                                        dev.pcw.connectors.partnercentral.simulator
                                                                .FaultSettings.Deny.ACCESS_DENIED)
                                                .build())
                                .build())) {
            String[] common =
                    PcwProcess.boundedIngest(
                            home, sim.endpoint(), "--set", "flink.checkpoint_interval=1s");
            List<String> denied = new ArrayList<>(List.of(common));
            denied.addAll(
                    List.of(
                            "--set",
                            "connectors.partner_central.access_key_id=launcher-it",
                            "--set",
                            "connectors.partner_central.secret_access_key=launcher-secret"));
            Run r = run(denied.toArray(new String[0]));
            assertThat(r.exit).isEqualTo(1);
            assertThat(r.output)
                    .contains(
                            "pcw run: Partner Central denied ListOpportunities on catalog AWS",
                            "account linking",
                            "(--verbose shows the stack trace)")
                    .doesNotContain("\tat ", "Job execution failed", "SplitFetcher", "ERROR");
            assertThat(sim.accounting().calls("ListOpportunities")).isLessThanOrEqualTo(1);
            try (java.sql.Connection c =
                            java.sql.DriverManager.getConnection(
                                    "jdbc:sqlite:" + home.resolve("pcw.db"));
                    java.sql.ResultSet rs =
                            c.createStatement()
                                    .executeQuery(
                                            "SELECT status, error FROM ingestion_runs WHERE error"
                                                    + " LIKE '%denied ListOpportunities%'")) {
                assertThat(rs.next()).as("a FAILED run naming the cause").isTrue();
                assertThat(rs.getString(1)).isEqualTo("FAILED");
                assertThat(rs.getString(2)).doesNotContain("Job execution failed");
            }

            denied.add("--verbose");
            Run verbose = run(denied.toArray(new String[0]));
            assertThat(verbose.exit).isEqualTo(1);
            assertThat(verbose.output)
                    .contains("Partner Central denied ListOpportunities", "\tat ");

            // No credentials anywhere (the instance role lookup off, no profile files).
            ProcessBuilder pb = pcw(common);
            pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
            pb.environment()
                    .put(
                            "JAVA_OPTS",
                            PcwProcess.TEST_JVM
                                    + " -Daws.disableEc2Metadata=true -Daws.sharedCredentialsFile="
                                    + home.resolve("none")
                                    + " -Daws.configFile="
                                    + home.resolve("none-either"));
            java.util.function.LongSupplier calls =
                    () ->
                            List.of(
                                            "ListOpportunities",
                                            "ListSolutions",
                                            "ListEngagementInvitations",
                                            "ListEngagements")
                                    .stream()
                                    .mapToLong(op -> sim.accounting().calls(op))
                                    .sum();
            long before = calls.getAsLong();
            long start = System.nanoTime();
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isEqualTo(1);
            assertThat(out)
                    .contains(
                            "pcw run: No AWS credentials for ",
                            "the default AWS credentials chain found none",
                            "AWS_ACCESS_KEY_ID")
                    .contains("API calls 0")
                    .doesNotContain("\tat ", "Unable to load credentials");
            // At once: no restarts, no retries (it took two minutes and four restarts).
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(45);
            assertThat(calls.getAsLong()).isEqualTo(before);
        }
    }
}
