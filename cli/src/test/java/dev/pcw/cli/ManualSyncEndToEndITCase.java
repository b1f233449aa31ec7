package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.RunStatus;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manual sync asked over HTTP and carried out by a running job, each its own process as a user
 * runs them: {@code bin/pcw run ingest} in hybrid mode (its next scheduled pass a year away) and
 * {@code bin/pcw sidecar} on the same metadata DB. The pass starts within 10 s of the request and
 * {@code GET /status} follows it to its end.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ManualSyncEndToEndITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path home;

    private long succeededSolutionRuns() {
        try (MetadataDb db = MetadataDb.openSqlite(home)) {
            return db.ingestionRuns().recent(100).stream()
                    .filter(r -> r.entity().equals("solutions"))
                    .map(IngestionRun::status)
                    .filter(s -> s == RunStatus.SUCCEEDED)
                    .count();
        }
    }

    @Test
    void aSyncAskedOverHttpIsRunByTheRunningJobAndShowsInStatus() throws Exception {
        try (PartnerCentralSimulator sim =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(10)
                                .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                                .quotas(QuotaSettings.UNLIMITED)
                                .build())) {
            String key = PcwProcess.addKey(home, "ops", "requester");
            List<String> common =
                    List.of(
                            "--set",
                            "home=" + home,
                            "--set",
                            "connectors.partner_central.endpoint=" + sim.endpoint(),
                            "--set",
                            "connectors.partner_central.access_key_id=sync-e2e",
                            "--set",
                            "connectors.partner_central.secret_access_key=secret");
            List<String> ingestArgs =
                    new java.util.ArrayList<>(
                            List.of(
                                    "run", "ingest",
                                    "--set", "connectors.partner_central.mode=hybrid",
                                    "--set", "connectors.partner_central.schedule_cron=0 0 1 1 *",
                                    "--set", "connectors.partner_central.entities=solutions",
                                    "--set", "flink.checkpoint_interval=500ms"));
            ingestArgs.addAll(common);
            Process ingest = PcwProcess.builder(ingestArgs).start();
            PcwProcess.Output ingestOut = new PcwProcess.Output(ingest.getInputStream());
            List<String> sidecarArgs = new java.util.ArrayList<>(List.of("sidecar", "--port", "0"));
            sidecarArgs.addAll(common);
            Process sidecar = PcwProcess.builder(sidecarArgs).start();
            PcwProcess.Output sidecarOut = new PcwProcess.Output(sidecar.getInputStream());
            try {
                long deadline = System.currentTimeMillis() + 120_000;
                while (succeededSolutionRuns() == 0 && System.currentTimeMillis() < deadline) {
                    assertThat(ingest.isAlive()).as(ingestOut.soFar()).isTrue();
                    Thread.sleep(250);
                }
                assertThat(succeededSolutionRuns()).as(ingestOut.soFar()).isEqualTo(1);
                sidecarOut.await("Press Ctrl+C to stop.", sidecar, 90_000);
                Matcher u =
                        Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)")
                                .matcher(sidecarOut.soFar());
                assertThat(u.find()).as(sidecarOut.soFar()).isTrue();
                URI url = URI.create(u.group(1));
                HttpClient http = HttpClient.newHttpClient();
                long lists = sim.accounting().calls("ListSolutions");
                long asked = System.currentTimeMillis();
                HttpResponse<String> r =
                        http.send(
                                HttpRequest.newBuilder(url.resolve("/sync"))
                                        .header("Authorization", "Bearer " + key)
                                        .header("Content-Type", "application/json")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        "{\"entity\": \"solutions\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                String id = JSON.readTree(r.body()).path("id").asText();
                JsonNode request = null;
                long startedAfter = -1;
                deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline) {
                    JsonNode status =
                            JSON.readTree(
                                    http.send(
                                                    HttpRequest.newBuilder(url.resolve("/status"))
                                                            .header(
                                                                    "Authorization",
                                                                    "Bearer " + key)
                                                            .build(),
                                                    HttpResponse.BodyHandlers.ofString())
                                            .body());
                    request = status.at("/recent_sync_requests/0");
                    if (startedAfter < 0 && request.hasNonNull("run_id")) {
                        startedAfter = System.currentTimeMillis() - asked;
                    }
                    if (request.path("status").asText().equals("succeeded")) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertThat(request.path("id").asText()).isEqualTo(id);
                assertThat(request.path("status").asText())
                        .as(request.toString())
                        .isEqualTo("succeeded");
                assertThat(startedAfter).as("the pass started within 10 s").isBetween(0L, 10_000L);
                assertThat(succeededSolutionRuns()).isEqualTo(2);
                assertThat(sim.accounting().calls("ListSolutions")).isGreaterThan(lists);
            } finally {
                sidecar.destroy();
                ingest.destroy();
                assertThat(sidecar.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(ingest.waitFor(120, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
