package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.WriteActions;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pcw sidecar} killed at the worst instants of an execution and restarted the ordinary
 * way: right after its worker claimed an approved create (the ClientToken stored, nothing sent),
 * and right after Partner Central created the opportunity (the result not yet stored). Each time
 * the restarted sidecar carries the action on at once (its dead worker's claim is taken back) and
 * the simulator ends with exactly one opportunity for it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SidecarCrashITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir Path home;

    private List<String> common(PartnerCentralSimulator sim) {
        return List.of(
                "--set",
                "home=" + home,
                "--set",
                "connectors.partner_central.endpoint=" + sim.endpoint(),
                "--set",
                "connectors.partner_central.access_key_id=sidecar-crash",
                "--set",
                "connectors.partner_central.secret_access_key=secret");
    }

    /** A sidecar process, and the URL it printed. */
    private static final class Running {
        final Process process;
        final PcwProcess.Output out;
        final URI url;

        Running(Process process, PcwProcess.Output out, URI url) {
            this.process = process;
            this.out = out;
            this.url = url;
        }
    }

    private Running sidecar(PartnerCentralSimulator sim, String haltAt) throws Exception {
        List<String> args = new ArrayList<>(List.of("sidecar", "--port", "0"));
        args.addAll(common(sim));
        ProcessBuilder pb = PcwProcess.builder(args);
        if (haltAt != null) {
            pb.environment().put("PCW_TEST_HALT_AT", haltAt);
        }
        Process p = pb.start();
        PcwProcess.Output out = new PcwProcess.Output(p.getInputStream());
        out.await("Press Ctrl+C to stop.", p, 90_000);
        Matcher m =
                Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(out.soFar());
        assertThat(m.find()).as(out.soFar()).isTrue();
        return new Running(p, out, URI.create(m.group(1)));
    }

    private JsonNode post(URI base, String path, String key, Object body) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                JSON.writeValueAsString(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return JSON.readTree(r.body());
    }

    private static Map<String, Object> create(String company) {
        return Map.of(
                "ticketId", "SALES-9",
                "Origin", "Partner Referral",
                "Customer", Map.of("Account", Map.of("CompanyName", company)),
                "Project", Map.of("Title", "Lake"),
                "LifeCycle", Map.of("TargetCloseDate", "2027-01-31"));
    }

    private static long opportunitiesOf(PartnerCentralSimulator sim, String company) {
        return sim.dataset("AWS").opportunities().all().stream()
                .filter(r -> r.attr("CustomerCompanyName").equals(company))
                .count();
    }

    private static long created(PartnerCentralSimulator sim) {
        return sim.accounting().toJson().at("/operations/CreateOpportunity/AWS/ok").asLong();
    }

    private WriteActions.Action action(String id) {
        try (MetadataDb db = MetadataDb.openSqlite(home)) {
            return new WriteActions(db).get(id).orElseThrow();
        }
    }

    /** {@code pcw actions ARGS} against the sidecar at {@code url} with {@code key}. */
    private String actions(URI url, String key, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("actions"));
        all.addAll(List.of(args));
        ProcessBuilder pb = PcwProcess.builder(all);
        pb.environment().put("PCW_SIDECAR_URL", url.toString());
        pb.environment().put("PCW_SIDECAR_KEY", key);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return "exit " + p.exitValue() + "\n" + out;
    }

    /** Requests and approves a create; the running sidecar's worker takes it at once. */
    private String requestAndApprove(Running s, String alice, String bob, String company)
            throws Exception {
        JsonNode a = post(s.url, "/actions/opportunity", alice, create(company));
        post(
                s.url,
                "/actions/" + a.path("id").asText() + "/approve",
                bob,
                Map.of("request_hash", a.path("request_hash").asText()));
        return a.path("id").asText();
    }

    private void awaitSucceeded(String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && !action(id).status.equals("succeeded")) {
            Thread.sleep(200);
        }
        assertThat(action(id).status).as(action(id).error).isEqualTo("succeeded");
    }

    @Test
    void killedBetweenTheTokensStoreAndItsCallOrBeforeItsResultOneOpportunity() throws Exception {
        try (PartnerCentralSimulator sim =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(10)
                                .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                                .quotas(QuotaSettings.UNLIMITED)
                                .build())) {
            String alice = PcwProcess.addKey(home, "alice", "requester");
            String bob = PcwProcess.addKey(home, "bob", "approver");

            // 1. Halted after the claim (the ClientToken stored with the action), before the call.
            // Approved with 'pcw actions approve', which shows what it approves.
            Running first = sidecar(sim, "before-call");
            String before =
                    post(first.url, "/actions/opportunity", alice, create("Before Call Corp"))
                            .path("id")
                            .asText();
            assertThat(actions(first.url, bob, "list", "--status", "pending_approval"))
                    .startsWith("exit 0")
                    .contains(before)
                    .contains("1 action(s)");
            assertThat(actions(first.url, alice, "approve", before))
                    .startsWith("exit 1")
                    .contains("needs the role approver")
                    .contains("forbidden, HTTP 403");
            assertThat(actions(first.url, bob, "approve", before, "--comment", "looks right"))
                    .startsWith("exit 0")
                    .contains("approving create_opportunity " + before)
                    .contains("\"CompanyName\" : \"Before Call Corp\"")
                    .contains("is approved");
            assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(first.process.exitValue()).as(first.out.text()).isEqualTo(137);
            assertThat(first.out.text())
                    .contains("pcw-test: halting before calling Partner Central");
            WriteActions.Action claimed = action(before);
            assertThat(claimed.status).isEqualTo("executing");
            assertThat(claimed.claimedBy).isNotNull();
            assertThat(created(sim)).isZero();

            Running second = sidecar(sim, null);
            try {
                awaitSucceeded(before);
            } finally {
                second.process.destroy();
                assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(opportunitiesOf(sim, "Before Call Corp")).isEqualTo(1);
            assertThat(created(sim)).isEqualTo(1);
            // With no sidecar running, the commands say where they looked.
            assertThat(actions(second.url, bob, "show", before))
                    .startsWith("exit 1")
                    .contains("no sidecar at " + second.url);

            // 2. Halted after Partner Central created it, before the result was stored.
            Running third = sidecar(sim, "after-call");
            String after = requestAndApprove(third, alice, bob, "After Call Corp");
            assertThat(third.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(third.process.exitValue()).as(third.out.text()).isEqualTo(137);
            assertThat(action(after).status).isEqualTo("executing");
            assertThat(opportunitiesOf(sim, "After Call Corp")).isEqualTo(1);

            Running fourth = sidecar(sim, null);
            try {
                awaitSucceeded(after);
            } finally {
                fourth.process.destroy();
                assertThat(fourth.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            // The same ClientToken again: Partner Central answered with the same opportunity.
            assertThat(created(sim)).isEqualTo(3);
            assertThat(opportunitiesOf(sim, "After Call Corp")).isEqualTo(1);
            String id = JSON.readTree(action(after).resultJson).path("opportunity_id").asText();
            assertThat(sim.dataset("AWS").opportunities().get(id).attr("CustomerCompanyName"))
                    .isEqualTo("After Call Corp");
            try (MetadataDb db = MetadataDb.openSqlite(home)) {
                assertThat(
                                new dev.pcw.connectors.metadata.AuditLog(
                                                db, java.time.Clock.systemUTC())
                                        .about(after).stream().map(e -> e.action))
                        .containsSubsequence(
                                "action.execution_started",
                                "action.claim_released",
                                "action.execution_started",
                                "action.executed");
            }
        }
    }
}
