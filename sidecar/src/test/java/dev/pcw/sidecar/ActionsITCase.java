package dev.pcw.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.metadata.ApiKeys;
import dev.pcw.connectors.metadata.AuditLog;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.WriteActions;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.client.write.WriteAction;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.sidecar.approval.ApprovalPolicy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write actions over real HTTP, up to their approval (this sidecar executes nothing; see
 * ExecutionITCase): the sidecar on a free port with a SQLite metadata DB, reading opportunities
 * from the simulator through the AWS SDK. Every refusal is answered with its status and code,
 * audited, and stores no action.
 */
class ActionsITCase {
    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(40)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir Path dir;
    private MetadataDb db;
    private Sidecar sidecar;
    private ApiKeys keys;
    private final AtomicReference<Instant> now =
            new AtomicReference<>(Instant.parse("2026-11-30T12:00:00Z"));
    private String alice; // requester
    private String bob; // approver
    private String val; // viewer

    private void start(SidecarSettings.Builder settings) {
        db = MetadataDb.openSqlite(dir);
        keys = new ApiKeys(db, Clock.systemUTC());
        alice = keys.create("alice", List.of("requester")).secret;
        bob = keys.create("bob", List.of("approver")).secret;
        val = keys.create("val", List.of("viewer")).secret;
        Clock clock =
                new Clock() {
                    @Override
                    public ZoneOffset getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return now.get();
                    }
                };
        sidecar =
                Sidecar.start(
                        db,
                        settings.execute(false)
                                .client(
                                        PartnerCentralClientConfig.builder()
                                                .endpoint(SIM.endpoint())
                                                .staticCredentials("sidecar-it", "secret")
                                                .readRate(0)
                                                .readDaily(0)
                                                .backoffMillis(5, 50)
                                                .build())
                                .build(),
                        clock,
                        "127.0.0.1",
                        0);
    }

    @AfterEach
    void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private HttpResponse<String> post(String path, String key, String contentType, String body)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(sidecar.uri().resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String key, Object body) throws Exception {
        return post(path, key, "application/json", JSON.writeValueAsString(body));
    }

    private JsonNode get(String path, String key) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(sidecar.uri().resolve(path))
                                .header("Authorization", "Bearer " + key)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Asserts the error shape and returns the body. */
    private static JsonNode error(HttpResponse<String> r, int status, String code)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").asText()).as(r.body()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("request_id").asText())
                .isEqualTo(r.headers().firstValue("x-request-id").orElseThrow());
        return body;
    }

    private static ObjectNode createBody() throws Exception {
        ObjectNode body =
                (ObjectNode)
                        JSON.readTree(
                                "{\"ticketId\": \"SALES-101\", \"Origin\": \"Partner Referral\","
                                        + " \"OpportunityType\": \"Net New Business\","
                                        + " \"Customer\": {\"Account\": {\"CompanyName\":"
                                        + " \"Example Corp\", \"Industry\": \"Software and"
                                        + " Internet\", \"WebsiteUrl\": \"https://example.com\","
                                        + " \"Address\": {\"CountryCode\": \"US\","
                                        + " \"PostalCode\": \"98101\"}}},"
                                        + " \"Project\": {\"Title\": \"Data lake\","
                                        + " \"CustomerBusinessProblem\": \"Reports take a day to"
                                        + " build; the customer needs them hourly.\","
                                        + " \"DeliveryModels\": [\"SaaS or PaaS\"],"
                                        + " \"ExpectedCustomerSpend\": [{\"Amount\": \"2000.00\","
                                        + " \"CurrencyCode\": \"USD\", \"Frequency\":"
                                        + " \"Monthly\", \"TargetCompany\": \"AWS\"}]},"
                                        + " \"LifeCycle\": {\"Stage\": \"Prospect\","
                                        + " \"TargetCloseDate\": \"2027-01-31\"}}");
        return body;
    }

    private List<AuditLog.Entry> audit() {
        return new AuditLog(db, Clock.systemUTC()).after(0, 10_000);
    }

    private List<String> refusals() {
        return audit().stream()
                .filter(e -> e.action.equals("action.refused"))
                .map(e -> e.outcome)
                .collect(Collectors.toList());
    }

    private String firstOpportunity() {
        return SIM.simulator().dataset("AWS").opportunities().ids().get(0);
    }

    @Test
    void aCreateIsStoredPendingApprovalWithoutTheCallersClientToken() throws Exception {
        start(SidecarSettings.builder());
        ObjectNode body = createBody();
        body.put("ClientToken", "mine-123");
        HttpResponse<String> r = post("/actions/opportunity", alice, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("status").asText()).isEqualTo("pending_approval");
        assertThat(a.path("action").asText()).isEqualTo("create_opportunity");
        assertThat(a.path("ticket_id").asText()).isEqualTo("SALES-101");
        assertThat(a.path("catalog").asText()).isEqualTo("AWS");
        assertThat(a.path("requester").asText()).isEqualTo("alice");
        assertThat(a.path("approvals_needed").asInt()).isEqualTo(1);
        assertThat(a.path("client_token").asText()).isEqualTo("pcw-" + a.path("id").asText());
        assertThat(r.headers().firstValue("location"))
                .contains("/actions/" + a.path("id").asText());
        // The request as stored: the operation's body, Catalog filled in, no ticketId, no token.
        assertThat(a.at("/request/Catalog").asText()).isEqualTo("AWS");
        assertThat(a.path("request").has("ClientToken")).isFalse();
        assertThat(a.path("request").has("ticketId")).isFalse();
        assertThat(a.path("notes").get(0).asText()).contains("ClientToken sent was ignored");
        assertThat(a.path("request_hash").asText()).hasSize(64);

        // Anyone with a key sees it, with its story so far.
        JsonNode shown = get("/actions/" + a.path("id").asText(), val);
        assertThat(shown.path("history").get(0).path("event").asText())
                .isEqualTo("action.requested");
        assertThat(shown.at("/history/0/details/notes/0").asText()).contains("ignored");
        JsonNode listed = get("/actions?status=pending_approval", val);
        assertThat(listed.path("actions")).hasSize(1);
        assertThat(get("/status", val).at("/write_actions/pending_approval").asLong()).isEqualTo(1);
    }

    @Test
    void everyRefusedRequestSaysWhyIsAuditedAndStoresNothing() throws Exception {
        start(
                SidecarSettings.builder()
                        .writeActions(
                                EnumSet.of(
                                        WriteAction.CREATE_OPPORTUNITY,
                                        WriteAction.UPDATE_OPPORTUNITY,
                                        WriteAction.ASSOCIATE_OPPORTUNITY))
                        .maxBodyBytes(4096)
                        .approvals(
                                ApprovalPolicy.of(
                                        Map.of("mode.associate_opportunity", "disabled"))));
        // No key, unknown key, wrong role.
        error(post("/actions/opportunity", null, createBody()), 401, "unauthenticated");
        error(
                post("/actions/opportunity", "pcw_unknown0_" + "x".repeat(43), createBody()),
                401,
                "unauthenticated");
        JsonNode role = error(post("/actions/opportunity", val, createBody()), 403, "forbidden");
        assertThat(role.path("message").asText()).contains("needs the role requester");
        // Missing and malformed ticketId.
        ObjectNode noTicket = createBody();
        noTicket.remove("ticketId");
        JsonNode missing =
                error(post("/actions/opportunity", alice, noTicket), 400, "invalid_request");
        assertThat(missing.at("/errors/ticketId").asText()).startsWith("required");
        ObjectNode badTicket = createBody();
        badTicket.put("ticketId", "sales 101");
        JsonNode malformed =
                error(post("/actions/opportunity", alice, badTicket), 400, "invalid_request");
        assertThat(malformed.at("/errors/ticketId").asText())
                .contains("does not match ^[A-Z][A-Z0-9]*-[0-9]+$");
        // An invalid payload: every member named.
        ObjectNode invalid = createBody();
        ((ObjectNode) invalid.at("/Project/ExpectedCustomerSpend/0")).put("Frequency", "Yearly");
        ((ObjectNode) invalid.at("/Customer/Account")).remove("CompanyName");
        invalid.put("Stage", "Prospect");
        JsonNode fields =
                error(post("/actions/opportunity", alice, invalid), 400, "invalid_request");
        assertThat(
                        fields.path("errors")
                                .path("Project.ExpectedCustomerSpend[0].Frequency")
                                .asText())
                .isEqualTo("'Yearly' is not one of Monthly");
        assertThat(fields.path("errors").path("Customer.Account.CompanyName").asText())
                .isEqualTo("required");
        assertThat(fields.path("errors").path("Stage").asText()).startsWith("unknown member");
        // Not JSON, not an object, another media type, too large.
        error(
                post("/actions/opportunity", alice, "application/json", "{\"ticketId\": "),
                400,
                "invalid_json");
        error(
                post("/actions/opportunity", alice, "application/json", "[1, 2]"),
                400,
                "invalid_request");
        error(
                post("/actions/opportunity", alice, "text/plain", "hello"),
                415,
                "unsupported_media_type");
        ObjectNode large = createBody();
        large.put("Padding", "x".repeat(5000));
        error(post("/actions/opportunity", alice, large), 413, "payload_too_large");
        // An action that does not exist, one not enabled, one disabled.
        error(post("/actions/opportunity/O1/delete", alice, createBody()), 404, "not_found");
        String opp = firstOpportunity();
        error(
                post(
                        "/actions/opportunity/" + opp + "/submit",
                        alice,
                        Map.of("ticketId", "SALES-1")),
                403,
                "action_not_enabled");
        error(
                post(
                        "/actions/opportunity/" + opp + "/associate",
                        alice,
                        Map.of(
                                "ticketId", "SALES-1",
                                "RelatedEntityType", "Solutions",
                                "RelatedEntityIdentifier", "S-0000001")),
                403,
                "action_disabled");
        // An opportunity that does not exist.
        error(
                post(
                        "/actions/opportunity/O999999999/update",
                        alice,
                        Map.of("ticketId", "SALES-1", "Project", Map.of("Title", "x"))),
                404,
                "opportunity_not_found");

        assertThat(new WriteActions(db).list(null, 100)).isEmpty();
        assertThat(refusals())
                .containsExactly(
                        "unauthenticated",
                        "unauthenticated",
                        "forbidden",
                        "invalid_request",
                        "invalid_request",
                        "invalid_request",
                        "invalid_json",
                        "invalid_request",
                        "unsupported_media_type",
                        "payload_too_large",
                        "action_not_enabled",
                        "action_disabled",
                        "opportunity_not_found");
        // A refusal names who tried and the ticket when it was readable.
        AuditLog.Entry role403 =
                audit().stream()
                        .filter(e -> "forbidden".equals(e.outcome))
                        .findFirst()
                        .orElseThrow();
        assertThat(role403.actor).isEqualTo("val");
        assertThat(new AuditLog(db, Clock.systemUTC()).verify().intact()).isTrue();
    }

    @Test
    void aSandboxSidecarRefusesToWriteToTheAwsCatalog() throws Exception {
        start(SidecarSettings.builder().catalogs(List.of("Sandbox")));
        ObjectNode body = createBody();
        body.put("Catalog", "AWS");
        JsonNode e = error(post("/actions/opportunity", alice, body), 403, "catalog_not_allowed");
        assertThat(e.path("message").asText()).contains("may write to catalog Sandbox, not AWS");
        // Without Catalog, the sidecar's own is used.
        body.remove("Catalog");
        HttpResponse<String> ok = post("/actions/opportunity", alice, body);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(JSON.readTree(ok.body()).path("catalog").asText()).isEqualTo("Sandbox");
        assertThat(refusals()).containsExactly("catalog_not_allowed");
    }

    @Test
    void anApprovalApprovesExactlyWhatWasShownByAnotherPrincipal() throws Exception {
        start(SidecarSettings.builder());
        String carol = keys.create("carol", List.of("requester", "approver")).secret;
        JsonNode a = JSON.readTree(post("/actions/opportunity", carol, createBody()).body());
        String id = a.path("id").asText();
        String hash = a.path("request_hash").asText();
        String approve = "/actions/" + id + "/approve";

        // The requester cannot approve, whatever roles they hold.
        error(post(approve, carol, Map.of("request_hash", hash)), 403, "self_approval");
        // A requester-only key cannot approve at all.
        error(post(approve, alice, Map.of("request_hash", hash)), 403, "forbidden");
        // An approval must name what it approves, and what it names must be what is stored.
        JsonNode noHash = error(post(approve, bob, Map.of()), 400, "invalid_request");
        assertThat(noHash.at("/errors/request_hash").asText()).startsWith("required");
        error(post(approve, bob, Map.of("request_hash", "0".repeat(64))), 409, "stale");
        assertThat(get("/actions/" + id, val).path("status").asText())
                .isEqualTo("pending_approval");

        HttpResponse<String> ok = post(approve, bob, Map.of("request_hash", hash, "comment", "ok"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode approved = JSON.readTree(ok.body());
        assertThat(approved.path("status").asText()).isEqualTo("approved");
        assertThat(approved.path("approver").asText()).isEqualTo("bob");
        assertThat(approved.path("decisions").get(0).path("by").asText()).isEqualTo("bob");
        // Decided: a second approval is refused.
        String dave = keys.create("dave", List.of("approver")).secret;
        error(post(approve, dave, Map.of("request_hash", hash)), 409, "already_decided");
        // Until it executes, an approved action can still be stopped.
        HttpResponse<String> stopped =
                post("/actions/" + id + "/reject", dave, Map.of("reason", "customer withdrew"));
        assertThat(JSON.readTree(stopped.body()).path("status").asText()).isEqualTo("rejected");
        List<String> story =
                get("/actions/" + id, val).path("history").findValues("event").stream()
                        .map(JsonNode::asText)
                        .collect(Collectors.toList());
        assertThat(story)
                .containsExactly(
                        "action.requested",
                        "action.refused", // self-approval
                        "action.refused", // no hash
                        "action.refused", // stale hash
                        "action.approved",
                        "action.refused", // decided already
                        "action.rejected");
    }

    @Test
    void rejectionStopsAnActionAndSaysWhy() throws Exception {
        start(SidecarSettings.builder());
        JsonNode a = JSON.readTree(post("/actions/opportunity", alice, createBody()).body());
        String id = a.path("id").asText();
        JsonNode noReason =
                error(post("/actions/" + id + "/reject", bob, Map.of()), 400, "invalid_request");
        assertThat(noReason.at("/errors/reason").asText()).startsWith("required");
        HttpResponse<String> r =
                post("/actions/" + id + "/reject", bob, Map.of("reason", "wrong customer"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("status").asText()).isEqualTo("rejected");
        error(
                post(
                        "/actions/" + id + "/approve",
                        keys.create("erin", List.of("approver")).secret,
                        Map.of("request_hash", a.path("request_hash").asText())),
                409,
                "already_decided");
        assertThat(get("/actions/" + id, val).at("/decisions/0/comment").asText())
                .isEqualTo("wrong customer");
    }

    @Test
    void twoApproversAreTwoDistinctPrincipals() throws Exception {
        start(
                SidecarSettings.builder()
                        .approvals(ApprovalPolicy.of(Map.of("approvers.create_opportunity", "2"))));
        JsonNode a = JSON.readTree(post("/actions/opportunity", alice, createBody()).body());
        String approve = "/actions/" + a.path("id").asText() + "/approve";
        Map<String, String> seen = Map.of("request_hash", a.path("request_hash").asText());
        JsonNode first = JSON.readTree(post(approve, bob, seen).body());
        assertThat(first.path("status").asText()).isEqualTo("pending_approval");
        assertThat(first.path("message").asText()).isEqualTo("approval 1 of 2 counted");
        error(post(approve, bob, seen), 409, "already_approved");
        String carol = keys.create("carol", List.of("approver")).secret;
        assertThat(JSON.readTree(post(approve, carol, seen).body()).path("status").asText())
                .isEqualTo("approved");
    }

    @Test
    void anActionNotApprovedInTimeExpires() throws Exception {
        start(SidecarSettings.builder());
        JsonNode a = JSON.readTree(post("/actions/opportunity", alice, createBody()).body());
        now.set(now.get().plus(Duration.ofDays(7)));
        JsonNode e =
                error(
                        post(
                                "/actions/" + a.path("id").asText() + "/approve",
                                bob,
                                Map.of("request_hash", a.path("request_hash").asText())),
                        409,
                        "expired");
        assertThat(e.path("message").asText()).contains("request it again");
        JsonNode shown = get("/actions/" + a.path("id").asText(), val);
        assertThat(shown.path("status").asText()).isEqualTo("expired");
        assertThat(shown.path("history").findValues("event").stream().map(JsonNode::asText))
                .containsSubsequence("action.requested", "action.expired", "action.refused");
    }

    @Test
    void anActionOnAnOpportunityThatChangedSinceIsStale() throws Exception {
        start(SidecarSettings.builder());
        String opp = firstOpportunity();
        HttpResponse<String> r =
                post(
                        "/actions/opportunity/" + opp + "/update",
                        alice,
                        Map.of("ticketId", "SALES-7", "Project", Map.of("Title", "Renamed")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode a = JSON.readTree(r.body());
        String version = a.path("opportunity_version").asText();
        assertThat(version).contains("|");
        assertThat(a.at("/request/Identifier").asText()).isEqualTo(opp);

        // An approval must name the version it saw.
        error(
                post(
                        "/actions/" + a.path("id").asText() + "/approve",
                        bob,
                        Map.of("request_hash", a.path("request_hash").asText())),
                400,
                "invalid_request");
        SIM.simulator().changeOpportunity("AWS", opp, null);
        JsonNode e =
                error(
                        post(
                                "/actions/" + a.path("id").asText() + "/approve",
                                bob,
                                Map.of(
                                        "request_hash",
                                        a.path("request_hash").asText(),
                                        "opportunity_version",
                                        version)),
                        409,
                        "stale");
        assertThat(e.path("message").asText()).contains("changed since the action was requested");
        JsonNode shown = get("/actions/" + a.path("id").asText(), val);
        assertThat(shown.path("status").asText()).isEqualTo("stale");
        assertThat(shown.path("error").asText()).startsWith("opportunity changed");
    }

    @Test
    void fiftyConcurrentApprovalsApproveOnce() throws Exception {
        start(SidecarSettings.builder());
        JsonNode a = JSON.readTree(post("/actions/opportunity", alice, createBody()).body());
        String approve = "/actions/" + a.path("id").asText() + "/approve";
        Map<String, String> seen = Map.of("request_hash", a.path("request_hash").asText());
        List<String> approvers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            approvers.add(keys.create("approver-" + i, List.of("approver")).secret);
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (String key : approvers) {
                Callable<Integer> call = () -> post(approve, key, seen).statusCode();
                results.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
            assertThat(statuses.stream().filter(s -> s == 409)).hasSize(49);
        } finally {
            pool.shutdownNow();
        }
        JsonNode shown = get("/actions/" + a.path("id").asText(), val);
        assertThat(shown.path("status").asText()).isEqualTo("approved");
        assertThat(shown.path("decisions")).hasSize(1);
        assertThat(audit().stream().filter(e -> e.action.equals("action.approved")).count())
                .isEqualTo(1);
        assertThat(new AuditLog(db, Clock.systemUTC()).verify().intact()).isTrue();
    }
}
