package dev.pcw.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.metadata.ApiKeys;
import dev.pcw.connectors.metadata.AuditLog;
import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.WriteActions;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.SimulatorClients;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.sidecar.actions.ActionWorker;
import dev.pcw.sidecar.approval.ApprovalPolicy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClient;

/**
 * Approved actions executed against the simulator through the AWS SDK: each write reaches Partner
 * Central once, whatever dies or repeats. The workers here are driven step by step ({@link
 * ActionWorker#runOnce}) unless a test is about workers running on their own.
 */
class ExecutionITCase {
    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(60)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ActionWorker.Settings FAST =
            new ActionWorker.Settings(
                    Duration.ofMillis(300),
                    Duration.ofMillis(50),
                    Duration.ofMillis(100),
                    Duration.ofMillis(200),
                    0,
                    0);

    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private MetadataDb db;
    private Sidecar sidecar;
    private ActionWorker worker;
    private String alice;
    private String bob;

    @BeforeEach
    void reset() {
        SIM.simulator().accounting().reset();
        SIM.simulator().setFaults(FaultSettings.builder().build());
        SIM.simulator().setQuotas(QuotaSettings.UNLIMITED);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static PartnerCentralClientConfig clientConfig() {
        return PartnerCentralClientConfig.builder()
                .endpoint(SIM.endpoint())
                .staticCredentials("sidecar-it", "secret")
                .readRate(0)
                .readDaily(0)
                .maxAttempts(8)
                .backoffMillis(5, 50)
                .build();
    }

    /** A sidecar on {@code url} that executes nothing by itself, and a worker the test drives. */
    private void start(String url, SidecarSettings.Builder settings) {
        db = MetadataDb.open(url);
        open.add(db);
        ApiKeys keys = new ApiKeys(db, Clock.systemUTC());
        alice =
                keys.create(
                                "alice-" + UUID.randomUUID().toString().substring(0, 4),
                                List.of("requester"))
                        .secret;
        bob =
                keys.create(
                                "bob-" + UUID.randomUUID().toString().substring(0, 4),
                                List.of("approver"))
                        .secret;
        sidecar =
                Sidecar.start(
                        db, settings.execute(false).client(clientConfig()).build(), "127.0.0.1", 0);
        open.add(sidecar);
        worker = worker(db, sidecar, FAST);
    }

    private ActionWorker worker(MetadataDb on, Sidecar s, ActionWorker.Settings settings) {
        // As the sidecar does: the write quota is paced through the metadata DB, not per client.
        PartnerCentralClient client =
                PartnerCentralClient.create(
                        clientConfig().toBuilder().writeRate(0).writeDaily(0).build());
        open.add(client);
        ActionWorker w =
                new ActionWorker(
                        on,
                        s.actionService(),
                        client,
                        new Connectors(on, Clock.systemUTC())
                                .ensure(Connectors.PARTNER_CENTRAL, "Partner Central"),
                        settings,
                        Clock.systemUTC());
        open.add(w);
        return w;
    }

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

    /** A fresh PostgreSQL database on the local server (as .ci/run starts it); its name. */
    private static String createDatabase() throws Exception {
        String name =
                "pcw_sidecar_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    private static void dropDatabase(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private JsonNode post(String path, String key, Object body) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(sidecar.uri().resolve(path))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                JSON.writeValueAsString(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        ((ObjectNode) n).put("http_status", r.statusCode());
        return n;
    }

    /** Requests {@code body} on {@code path} and approves it; returns the action's id. */
    private String approved(String path, Object body) throws Exception {
        JsonNode a = post(path, alice, body);
        assertThat(a.path("http_status").asInt()).as(a.toString()).isEqualTo(202);
        ObjectNode seen = JSON.createObjectNode();
        seen.put("request_hash", a.path("request_hash").asText());
        if (a.hasNonNull("opportunity_version")) {
            seen.put("opportunity_version", a.path("opportunity_version").asText());
        }
        JsonNode ok = post("/actions/" + a.path("id").asText() + "/approve", bob, seen);
        assertThat(ok.path("status").asText()).as(ok.toString()).isEqualTo("approved");
        return a.path("id").asText();
    }

    private WriteActions.Action action(String id) {
        return new WriteActions(db).get(id).orElseThrow();
    }

    /** Runs the worker until nothing is due (within a deadline). */
    private void drain(ActionWorker w, Duration within) throws InterruptedException {
        long deadline = System.currentTimeMillis() + within.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (!w.runOnce()) {
                if (new WriteActions(db).due(Instant.now().plusSeconds(3600), 1).isEmpty()) {
                    return;
                }
                Thread.sleep(50);
            }
        }
    }

    private static Map<String, Object> createBody(String company) {
        return Map.of(
                "ticketId", "SALES-1",
                "Origin", "Partner Referral",
                "Customer", Map.of("Account", Map.of("CompanyName", company)),
                "Project", Map.of("Title", "Lake for " + company),
                "LifeCycle", Map.of("TargetCloseDate", "2027-01-31"));
    }

    private static long ok(String operation) {
        return SIM.simulator()
                .accounting()
                .toJson()
                .at("/operations/" + operation + "/AWS/ok")
                .asLong();
    }

    private List<String> story(String id) {
        return new AuditLog(db, Clock.systemUTC())
                .about(id).stream().map(e -> e.action).collect(Collectors.toList());
    }

    private String pendingSubmission() {
        for (StoredRecord r : SIM.simulator().dataset("AWS").opportunities().all()) {
            if ("Pending Submission".equals(r.attr("ReviewStatus"))) {
                return r.id();
            }
        }
        return SIM.simulator().createOpportunity("AWS").id();
    }

    @Test
    void anApprovedCreateIsExecutedOnceAndTheAuditTellsTheStory() throws Exception {
        start(MetadataDb.sqliteUrl(dir), SidecarSettings.builder());
        String id = approved("/actions/opportunity", createBody("Once Corp"));
        assertThat(worker.runOnce()).isTrue();
        WriteActions.Action a = action(id);
        assertThat(a.status).as(a.error).isEqualTo("succeeded");
        String opp = JSON.readTree(a.resultJson).path("opportunity_id").asText();
        assertThat(SIM.simulator().dataset("AWS").opportunities().get(opp)).isNotNull();
        assertThat(JSON.readTree(a.resultJson).path("aws_request_id").asText()).isNotBlank();
        assertThat(ok("CreateOpportunity")).isEqualTo(1);
        assertThat(worker.runOnce()).as("nothing left to do").isFalse();
        assertThat(story(id))
                .containsExactly(
                        "action.requested",
                        "action.approved",
                        "action.execution_started",
                        "action.executed");
        assertThat(new AuditLog(db, Clock.systemUTC()).verify().intact()).isTrue();
        // /status says what the write budget has left.
        JsonNode status =
                JSON.readTree(
                        http.send(
                                        HttpRequest.newBuilder(sidecar.uri().resolve("/status"))
                                                .header("Authorization", "Bearer " + bob)
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body());
        assertThat(status.at("/write_budget/used_last_24h").asLong()).isEqualTo(1);
        assertThat(status.at("/write_actions/succeeded").asLong()).isEqualTo(1);
    }

    /**
     * The worst instants of a worker's death: after its claim and before its call (the claim
     * expires and the next worker calls), and after Partner Central created the opportunity but
     * before the result was stored (the next worker sends the same ClientToken and gets the same
     * opportunity). Either way the simulator holds exactly one opportunity for the action.
     */
    @Test
    void aWorkerDeadBeforeOrAfterItsCallLeavesExactlyOneOpportunity() throws Exception {
        start(MetadataDb.sqliteUrl(dir), SidecarSettings.builder());
        WriteActions actions = new WriteActions(db);
        int before = SIM.simulator().dataset("AWS").opportunities().size();

        // Dead after its claim, before its call.
        String first = approved("/actions/opportunity", createBody("Claimed Corp"));
        Instant now = Instant.now();
        java.util.Optional<WriteActions.Action> claim =
                db.write(
                        "a worker's claim",
                        c -> actions.claim(c, first, "dead-worker", now, now.plusMillis(300)));
        assertThat(claim).isPresent();
        assertThat(worker.runOnce()).as("claimed by a live worker").isFalse();
        Thread.sleep(350);
        assertThat(worker.runOnce()).isTrue();
        assertThat(action(first).status).isEqualTo("succeeded");

        // Dead after Partner Central answered, before the result was stored.
        String second = approved("/actions/opportunity", createBody("Answered Corp"));
        WriteActions.Action claimed =
                db.write(
                                "a worker's claim",
                                c ->
                                        actions.claim(
                                                c,
                                                second,
                                                "dead-worker",
                                                Instant.now(),
                                                Instant.now().plusMillis(300)))
                        .orElseThrow();
        ObjectNode sent = (ObjectNode) JSON.readTree(claimed.requestJson);
        sent.put("ClientToken", claimed.clientToken);
        PartnerCentralSellingClient sdk = SimulatorClients.noRetries(SIM.endpoint());
        open.add(sdk);
        String createdByTheDead =
                sdk.createOpportunity(
                                (software.amazon.awssdk.services.partnercentralselling.model
                                                .CreateOpportunityRequest)
                                        dev.pcw.connectors.partnercentral.client.write
                                                .SellingRequests.bind(
                                                        dev.pcw.connectors.partnercentral.client
                                                                .write.WriteAction
                                                                .CREATE_OPPORTUNITY,
                                                        sent)
                                                .request())
                        .id();
        Thread.sleep(350);
        assertThat(worker.runOnce()).isTrue();
        WriteActions.Action done = action(second);
        assertThat(done.status).isEqualTo("succeeded");
        assertThat(JSON.readTree(done.resultJson).path("opportunity_id").asText())
                .isEqualTo(createdByTheDead);

        assertThat(SIM.simulator().dataset("AWS").opportunities().size()).isEqualTo(before + 2);
        assertThat(
                        SIM.simulator().dataset("AWS").opportunities().all().stream()
                                .filter(
                                        r ->
                                                r.attr("CustomerCompanyName").equals("Claimed Corp")
                                                        || r.attr("CustomerCompanyName")
                                                                .equals("Answered Corp"))
                                .count())
                .isEqualTo(2);
    }

    @Test
    void aSubmitReadsFirstAndIsNotSentTwice() throws Exception {
        start(MetadataDb.sqliteUrl(dir), SidecarSettings.builder());
        String opp = pendingSubmission();
        String id =
                approved(
                        "/actions/opportunity/" + opp + "/submit",
                        Map.of("ticketId", "SALES-2", "InvolvementType", "Co-Sell"));
        // Someone submits it in Partner Central before the worker gets to it.
        PartnerCentralSellingClient sdk = SimulatorClients.noRetries(SIM.endpoint());
        open.add(sdk);
        sdk.submitOpportunity(s -> s.catalog("AWS").identifier(opp).involvementType("Co-Sell"));
        assertThat(worker.runOnce()).isTrue();
        WriteActions.Action a = action(id);
        assertThat(a.status).isEqualTo("succeeded");
        assertThat(a.resultJson).contains("Submitted");
        assertThat(ok("SubmitOpportunity")).as("only the one made in Partner Central").isEqualTo(1);
        // Submitted, it cannot be requested again.
        JsonNode again =
                post(
                        "/actions/opportunity/" + opp + "/submit",
                        alice,
                        Map.of("ticketId", "SALES-3", "InvolvementType", "Co-Sell"));
        assertThat(again.path("http_status").asInt()).isEqualTo(409);
        assertThat(again.path("error").asText()).isEqualTo("not_submittable");
    }

    @Test
    void anAssociationAndAnEngagementAreFollowedToTheirEnd() throws Exception {
        start(MetadataDb.sqliteUrl(dir), SidecarSettings.builder());
        String opp = SIM.simulator().createOpportunity("AWS").id();
        String solution = SIM.simulator().dataset("AWS").solutions().ids().get(0);
        Map<String, Object> association =
                Map.of(
                        "ticketId", "SALES-4",
                        "RelatedEntityType", "Solutions",
                        "RelatedEntityIdentifier", solution);
        String assoc = approved("/actions/opportunity/" + opp + "/associate", association);
        drain(worker, Duration.ofSeconds(10));
        assertThat(action(assoc).status).isEqualTo("succeeded");
        // The same association again is not sent again.
        String again = approved("/actions/opportunity/" + opp + "/associate", association);
        drain(worker, Duration.ofSeconds(10));
        assertThat(action(again).status).isEqualTo("succeeded");
        assertThat(action(again).resultJson).isNotNull();
        assertThat(ok("AssociateOpportunity")).isEqualTo(1);
        // The limits are checked when an association is requested: one Marketplace offer.
        approved(
                "/actions/opportunity/" + opp + "/associate",
                Map.of(
                        "ticketId", "SALES-13",
                        "RelatedEntityType", "AwsMarketplaceOffers",
                        "RelatedEntityIdentifier", "arn:aws:aws-marketplace:offer-1"));
        drain(worker, Duration.ofSeconds(10));
        JsonNode second =
                post(
                        "/actions/opportunity/" + opp + "/associate",
                        alice,
                        Map.of(
                                "ticketId", "SALES-14",
                                "RelatedEntityType", "AwsMarketplaceOffers",
                                "RelatedEntityIdentifier", "arn:aws:aws-marketplace:offer-2"));
        assertThat(second.path("http_status").asInt()).isEqualTo(409);
        assertThat(second.path("error").asText()).isEqualTo("association_limit");
        assertThat(second.path("message").asText())
                .contains("has 1 AwsMarketplaceOffers associated");

        String engage =
                approved(
                        "/actions/opportunity/" + opp + "/start-engagement",
                        Map.of(
                                "ticketId",
                                "SALES-5",
                                "AwsSubmission",
                                Map.of("InvolvementType", "Co-Sell")));
        drain(worker, Duration.ofSeconds(20));
        WriteActions.Action a = action(engage);
        assertThat(a.status).as(a.error).isEqualTo("succeeded");
        JsonNode result = JSON.readTree(a.resultJson);
        assertThat(result.path("task_status").asText()).isEqualTo("COMPLETE");
        assertThat(result.path("engagement_id").asText()).startsWith("eng-");
        assertThat(ok("StartEngagementFromOpportunityTask")).isEqualTo(1);
        assertThat(story(engage))
                .containsSubsequence(
                        "action.execution_started", "action.task_started", "action.executed");
    }

    @Test
    void anUpdateMergesWaitsForTheReviewAndIsStaleWhenTheOpportunityChanged() throws Exception {
        start(MetadataDb.sqliteUrl(dir), SidecarSettings.builder());
        String opp = SIM.simulator().createOpportunity("AWS").id();
        String company =
                SIM.simulator().dataset("AWS").opportunities().get(opp).attr("CustomerCompanyName");
        String id =
                approved(
                        "/actions/opportunity/" + opp + "/update",
                        Map.of(
                                "ticketId",
                                "SALES-6",
                                "LifeCycle",
                                Map.of("NextSteps", "Workshop on the 3rd")));
        // AWS starts a review after the approval: the update waits for it to end.
        SIM.simulator().review("AWS", opp, "Submitted");
        assertThat(worker.runOnce()).isTrue();
        assertThat(action(id).status).isEqualTo("waiting_for_review");
        assertThat(ok("UpdateOpportunity")).isZero();
        SIM.simulator().review("AWS", opp, "Approved");
        Thread.sleep(150);
        drain(worker, Duration.ofSeconds(10));
        WriteActions.Action a = action(id);
        assertThat(a.status).as(a.error).isEqualTo("succeeded");
        JsonNode now =
                JSON.readTree(SIM.simulator().dataset("AWS").opportunities().get(opp).detail());
        assertThat(now.at("/LifeCycle/NextSteps").asText()).isEqualTo("Workshop on the 3rd");
        // Merged into the whole object: the rest is kept.
        assertThat(now.at("/Customer/Account/CompanyName").asText()).isEqualTo(company);
        assertThat(now.at("/LifeCycle/ReviewStatus").asText()).isEqualTo("Approved");
        assertThat(story(id)).contains("action.waiting_for_review", "action.executed");

        // Approved freezes the title: refused at request, naming the field.
        JsonNode frozen =
                post(
                        "/actions/opportunity/" + opp + "/update",
                        alice,
                        Map.of("ticketId", "SALES-7", "Project", Map.of("Title", "Renamed")));
        assertThat(frozen.path("http_status").asInt()).isEqualTo(409);
        assertThat(frozen.path("error").asText()).isEqualTo("review_locked");
        assertThat(frozen.at("/errors/Project.Title").asText()).contains("frozen");

        // Changed in Partner Central after the approval: stale, nothing sent.
        String late =
                approved(
                        "/actions/opportunity/" + opp + "/update",
                        Map.of(
                                "ticketId",
                                "SALES-8",
                                "LifeCycle",
                                Map.of("NextSteps", "Call back")));
        SIM.simulator().changeOpportunity("AWS", opp, "spend");
        drain(worker, Duration.ofSeconds(10));
        WriteActions.Action stale = action(late);
        assertThat(stale.status).isEqualTo("stale");
        assertThat(stale.error)
                .contains("changed since it was approved")
                .contains("LastModifiedDate");
        assertThat(ok("UpdateOpportunity")).isEqualTo(1);
    }

    @Test
    void throttlingAnd5xxStormsDuringExecutionCompleteEveryActionOnce() throws Exception {
        start(MetadataDb.sqliteUrl(dir), SidecarSettings.builder());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(approved("/actions/opportunity", createBody("Storm " + i)));
        }
        SIM.simulator()
                .setFaults(
                        FaultSettings.builder()
                                .throttleRatio(0.3)
                                .errorRatio(0.2)
                                .operations(Set.of("CreateOpportunity"))
                                .build());
        drain(worker, Duration.ofSeconds(60));
        Set<String> created = new HashSet<>();
        for (String id : ids) {
            WriteActions.Action a = action(id);
            assertThat(a.status).as(a.error).isEqualTo("succeeded");
            created.add(JSON.readTree(a.resultJson).path("opportunity_id").asText());
        }
        assertThat(created).hasSize(8);
        for (int i = 0; i < 8; i++) {
            String company = "Storm " + i;
            assertThat(
                            SIM.simulator().dataset("AWS").opportunities().all().stream()
                                    .filter(r -> r.attr("CustomerCompanyName").equals(company))
                                    .count())
                    .as(company)
                    .isEqualTo(1);
        }
        JsonNode stats =
                SIM.simulator().accounting().toJson().at("/operations/CreateOpportunity/AWS");
        assertThat(stats.path("throttled").asLong() + stats.path("failed").asLong())
                .as("the storm happened")
                .isPositive();
    }

    /**
     * A write carried out whose answer is lost (a 500 after the fact): an update or a submit has no
     * ClientToken, so the next attempt reads the opportunity first, finds the write done, and sends
     * nothing again.
     */
    @Test
    void aWriteWhoseAnswerWasLostIsNotSentAgain() throws Exception {
        start(MetadataDb.sqliteUrl(dir), SidecarSettings.builder());
        String opp = SIM.simulator().createOpportunity("AWS").id();
        SIM.simulator().review("AWS", opp, "Pending Submission");
        String toSubmit = SIM.simulator().createOpportunity("AWS").id();
        SIM.simulator().review("AWS", toSubmit, "Pending Submission");
        String update =
                approved(
                        "/actions/opportunity/" + opp + "/update",
                        Map.of(
                                "ticketId",
                                "SALES-11",
                                "LifeCycle",
                                Map.of("NextSteps", "Demo on Friday")));
        String submit =
                approved(
                        "/actions/opportunity/" + toSubmit + "/submit",
                        Map.of("ticketId", "SALES-12", "InvolvementType", "Co-Sell"));
        SIM.simulator()
                .setFaults(
                        FaultSettings.builder()
                                .errorAfterRatio(1.0)
                                .operations(Set.of("UpdateOpportunity", "SubmitOpportunity"))
                                .build());
        assertThat(worker.runOnce()).isTrue();
        assertThat(worker.runOnce()).isTrue();
        assertThat(action(update).status).isEqualTo("executing");
        assertThat(action(update).error).contains("may or may not have been carried out");
        SIM.simulator().setFaults(FaultSettings.builder().build());
        Thread.sleep(2_100);
        drain(worker, Duration.ofSeconds(20));
        WriteActions.Action u = action(update);
        assertThat(u.status).as(u.error).isEqualTo("succeeded");
        assertThat(story(update)).containsSubsequence("action.retry", "action.executed");
        assertThat(action(submit).status).isEqualTo("succeeded");
        JsonNode calls = SIM.simulator().accounting().toJson().at("/operations");
        assertThat(calls.at("/UpdateOpportunity/AWS/calls").asLong()).as("sent once").isEqualTo(1);
        assertThat(calls.at("/SubmitOpportunity/AWS/calls").asLong()).as("sent once").isEqualTo(1);
        assertThat(
                        JSON.readTree(
                                        SIM.simulator()
                                                .dataset("AWS")
                                                .opportunities()
                                                .get(opp)
                                                .detail())
                                .at("/LifeCycle/NextSteps")
                                .asText())
                .isEqualTo("Demo on Friday");
    }

    /**
     * Two sidecars on one PostgreSQL, 200 actions approved at once (mode auto): each executed once,
     * and together they keep to the write quota (the simulator throttles nothing).
     */
    @Test
    void twoSidecarsOnOnePostgresExecuteEachActionOnce() throws Exception {
        String database = createDatabase();
        try {
            String url = POSTGRES + database + "?user=postgres";
            SIM.simulator().setQuotas(new QuotaSettings(0, 0, 100, 0));
            start(
                    url,
                    SidecarSettings.builder().approvals(ApprovalPolicy.of(Map.of("mode", "auto"))));
            ActionWorker.Settings paced =
                    new ActionWorker.Settings(
                            Duration.ofSeconds(10),
                            Duration.ofMillis(20),
                            Duration.ofMillis(100),
                            Duration.ofMillis(200),
                            80,
                            0);
            MetadataDb other = MetadataDb.open(url);
            open.add(other);
            Sidecar second =
                    Sidecar.start(
                            other,
                            SidecarSettings.builder().execute(false).client(clientConfig()).build(),
                            "127.0.0.1",
                            0);
            open.add(second);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                JsonNode a = post("/actions/opportunity", alice, createBody("Replica " + i));
                assertThat(a.path("status").asText()).isEqualTo("approved");
                ids.add(a.path("id").asText());
            }
            ActionWorker one = worker(db, sidecar, paced);
            ActionWorker two = worker(other, second, paced);
            one.start();
            two.start();
            long deadline = System.currentTimeMillis() + 60_000;
            WriteActions actions = new WriteActions(db);
            while (System.currentTimeMillis() < deadline
                    && actions.countByStatus().getOrDefault("succeeded", 0L) < 200) {
                Thread.sleep(100);
            }
            assertThat(actions.countByStatus()).containsEntry("succeeded", 200L);
            assertThat(ok("CreateOpportunity")).isEqualTo(200);
            assertThat(
                            SIM.simulator()
                                    .accounting()
                                    .toJson()
                                    .at("/operations/CreateOpportunity/AWS/throttled")
                                    .asLong())
                    .isZero();
            Set<String> workers = new HashSet<>();
            int starts = 0;
            for (AuditLog.Entry e : new AuditLog(db, Clock.systemUTC()).after(0, 100_000)) {
                if (e.action.equals("action.execution_started")) {
                    starts++;
                    workers.add(JSON.readTree(e.detailsJson).path("worker").asText());
                }
            }
            assertThat(starts).as("one claim per action").isEqualTo(200);
            assertThat(workers).as("both replicas worked").hasSize(2);
            assertThat(new AuditLog(db, Clock.systemUTC()).verify().intact()).isTrue();
        } finally {
            stop();
            open.clear();
            dropDatabase(database);
        }
    }

    /** On PostgreSQL (row locks): fifty concurrent approvals of one action, one execution. */
    @Test
    void fiftyConcurrentApprovalsOnPostgresLeadToOneExecution() throws Exception {
        String database = createDatabase();
        try {
            start(POSTGRES + database + "?user=postgres", SidecarSettings.builder());
            JsonNode a = post("/actions/opportunity", alice, createBody("Fifty Corp"));
            String approve = "/actions/" + a.path("id").asText() + "/approve";
            Map<String, String> seen = Map.of("request_hash", a.path("request_hash").asText());
            ApiKeys keys = new ApiKeys(db, Clock.systemUTC());
            List<String> approvers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                approvers.add(keys.create("pg-approver-" + i, List.of("approver")).secret);
            }
            java.util.concurrent.ExecutorService pool =
                    java.util.concurrent.Executors.newFixedThreadPool(16);
            List<java.util.concurrent.Future<JsonNode>> results = new ArrayList<>();
            try {
                for (String key : approvers) {
                    results.add(pool.submit(() -> post(approve, key, seen)));
                }
                int approved = 0;
                for (java.util.concurrent.Future<JsonNode> f : results) {
                    JsonNode r = f.get();
                    approved += r.path("http_status").asInt() == 200 ? 1 : 0;
                    if (r.path("http_status").asInt() != 200) {
                        assertThat(r.path("error").asText()).isEqualTo("already_decided");
                    }
                }
                assertThat(approved).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            drain(worker, Duration.ofSeconds(10));
            assertThat(action(a.path("id").asText()).status).isEqualTo("succeeded");
            assertThat(ok("CreateOpportunity")).isEqualTo(1);
            assertThat(
                            SIM.simulator().dataset("AWS").opportunities().all().stream()
                                    .filter(r -> r.attr("CustomerCompanyName").equals("Fifty Corp"))
                                    .count())
                    .isEqualTo(1);
        } finally {
            stop();
            open.clear();
            dropDatabase(database);
        }
    }
}
