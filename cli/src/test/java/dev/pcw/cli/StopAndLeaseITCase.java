package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pcw run ingest} as an operator stops it: a second job on the same home is refused
 * while the first runs, naming it; SIGTERM (what {@code kill}, systemd and Kubernetes send) stops
 * the first with a savepoint it prints, its runs FAILED with the reason and where the next run
 * resumes; and the next plain run resumes from that savepoint and lands every record once.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StopAndLeaseITCase {
    @TempDir Path home;

    private ProcessBuilder ingest(PartnerCentralSimulator sim) {
        return PcwProcess.builder(
                List.of(
                        PcwProcess.boundedIngest(
                                home,
                                sim.endpoint(),
                                "--set",
                                "connectors.partner_central.access_key_id=stop-it",
                                "--set",
                                "connectors.partner_central.secret_access_key=secret",
                                "--set",
                                "connectors.partner_central.entities=opportunities",
                                "--set",
                                "connectors.partner_central.quota.read_rate=0",
                                "--set",
                                "flink.checkpoint_interval=500ms")));
    }

    /** The output of a process that writes it to a file. */
    private static final class FileOutput {
        final Path file;

        FileOutput(Path file) {
            this.file = file;
        }

        String text() throws IOException {
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "";
        }
    }

    private List<String[]> runs() throws Exception {
        List<String[]> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("pcw.db"));
                ResultSet rs =
                        c.createStatement()
                                .executeQuery(
                                        "SELECT status, error FROM ingestion_runs ORDER BY"
                                                + " started_at")) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return out;
    }

    @Test
    void aSecondJobIsRefusedAndSigtermStopsWithASavepointTheNextRunResumes() throws Exception {
        try (PartnerCentralSimulator sim =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(1000)
                                .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                                .quotas(QuotaSettings.UNLIMITED)
                                // A run of some 20 s: long enough to be stopped in.
                                .faults(FaultSettings.builder().latencyMillis(150).build())
                                .build())) {
            // Its output goes to a file: destroy() closes the pipes of a process it signals, so
            // what the process prints while it stops would be lost in a pipe.
            Path firstOutput = home.resolve("first-output.txt");
            Process first = ingest(sim).redirectOutput(firstOutput.toFile()).start();
            FileOutput out = new FileOutput(firstOutput);
            try {
                // Running: its job fetches.
                long deadline = System.currentTimeMillis() + 90_000;
                while (sim.accounting().calls("GetOpportunity") < 20
                        && first.isAlive()
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(first.isAlive()).as(out.text()).isTrue();

                // A second job on the same home: refused, naming the first.
                Process second = ingest(sim).start();
                PcwProcess.Output refused = new PcwProcess.Output(second.getInputStream());
                assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
                String refusal = refused.text();
                assertThat(second.exitValue()).as(refusal).isEqualTo(1);
                assertThat(refusal)
                        .contains(
                                "another ingest job holds this connector: pcw run ingest (pid "
                                        + first.pid())
                        .contains("Stop it first");

                // SIGTERM: stopped with a savepoint, printed.
                first.destroy();
                assertThat(first.waitFor(150, TimeUnit.SECONDS)).isTrue();
            } finally {
                first.destroyForcibly();
            }
            String stopped = out.text();
            assertThat(first.exitValue()).as(stopped).isEqualTo(143);
            assertThat(stopped)
                    .contains("pcw ingest: SIGTERM: stopping with a savepoint...")
                    .contains("pcw ingest: stopped. Savepoint: ")
                    .contains("the next 'pcw run ingest' resumes from it");
            String savepoint =
                    stopped.substring(stopped.indexOf("Savepoint: ") + "Savepoint: ".length())
                            .split(";", 2)[0];
            long fetchedBefore = sim.accounting().calls("GetOpportunity");
            assertThat(fetchedBefore).isLessThan(1000);
            // Truthful runs: nothing RUNNING; the interrupted run says why and where it resumes.
            assertThat(runs()).noneMatch(r -> r[0].equals("RUNNING"));
            assertThat(runs())
                    .anyMatch(
                            r ->
                                    r[0].equals("FAILED")
                                            && r[1].contains("stopped by SIGTERM")
                                            && r[1].contains(savepoint));

            // The next plain run resumes from the savepoint and finishes the run (without the
            // latency that kept the first one running long enough to be stopped).
            sim.setFaults(FaultSettings.builder().build());
            Process next = ingest(sim).start();
            PcwProcess.Output resumed = new PcwProcess.Output(next.getInputStream());
            assertThat(next.waitFor(180, TimeUnit.SECONDS)).isTrue();
            String resumedText = resumed.text();
            assertThat(next.exitValue()).as(resumedText).isZero();
            assertThat(resumedText)
                    .contains("the previous job stopped with a savepoint; resuming from it");
            assertThat(runs()).hasSize(1).allMatch(r -> r[0].equals("SUCCEEDED"));
            // Resumed, not started over: what the first job had emitted was not fetched again.
            assertThat(sim.accounting().calls("GetOpportunity")).isLessThan(fetchedBefore + 1000);
            // Silver holds every opportunity once.
            ProcessBuilder query =
                    PcwProcess.builder(
                            List.of(
                                    "query",
                                    "--set",
                                    "home=" + home,
                                    "--format",
                                    "csv",
                                    "SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM"
                                            + " partnercentral_opportunities"));
            Process q = query.start();
            String counted = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(q.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(counted).as(counted).contains("1000,1000");
        }
    }
}
