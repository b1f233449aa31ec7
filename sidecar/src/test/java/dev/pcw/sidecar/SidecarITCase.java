package dev.pcw.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.metadata.ApiKeys;
import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.RunStatus;
import dev.pcw.connectors.metadata.Stats;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a free port of 127.0.0.1 with a SQLite metadata DB, called over real HTTP: the
 * headers every response carries, the one error shape, who may call what, the OpenAPI document in
 * step with the routes, and what {@code /status} reports.
 */
class SidecarITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir Path dir;
    private MetadataDb db;
    private Sidecar sidecar;
    private ApiKeys keys;

    @BeforeEach
    void start() {
        db = MetadataDb.openSqlite(dir);
        keys = new ApiKeys(db, Clock.systemUTC());
        sidecar = Sidecar.start(db, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        sidecar.close();
        db.close();
    }

    private HttpResponse<String> call(String method, String path, String key, String requestId)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(sidecar.uri().resolve(path))
                        .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("Authorization", key.startsWith("Basic") ? key : "Bearer " + key);
        }
        if (requestId != null) {
            b.header("x-request-id", requestId);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return call("GET", path, key, null);
    }

    /** Asserts the one error shape and returns the body. */
    private static JsonNode error(HttpResponse<String> r, int status, String code)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type"))
                .get()
                .asString()
                .startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("request_id").asText())
                .isEqualTo(r.headers().firstValue("x-request-id").orElseThrow());
        return body;
    }

    @Test
    void healthIsOpenAndEveryResponseCarriesItsRequestIdAndLatency() throws Exception {
        HttpResponse<String> r = get("/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("status").asText()).isEqualTo("ok");
        assertThat(r.headers().firstValue("x-request-id")).get().asString().hasSize(36);
        assertThat(r.headers().firstValue("x-latency-ms")).get().asString().matches("\\d+");

        // The caller's request id is echoed; an unusable one (spaces, too long) is replaced.
        assertThat(call("GET", "/health", null, "req-42").headers().firstValue("x-request-id"))
                .contains("req-42");
        assertThat(call("GET", "/health", null, "has spaces").headers().firstValue("x-request-id"))
                .get()
                .isNotEqualTo("has spaces");
        // Errors carry them too.
        HttpResponse<String> missing = call("GET", "/nowhere", null, "req-43");
        error(missing, 404, "not_found");
        assertThat(missing.headers().firstValue("x-request-id")).contains("req-43");
        assertThat(missing.headers().firstValue("x-latency-ms")).isPresent();
    }

    @Test
    void healthSaysUnavailableWhenTheMetadataDbIsGone() throws Exception {
        db.close();
        HttpResponse<String> r = get("/health", null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).path("metadata_db").asText()).isEqualTo("unreachable");
    }

    @Test
    void everythingButHealthNeedsAValidKey() throws Exception {
        JsonNode none = error(get("/status", null), 401, "unauthenticated");
        assertThat(none.path("message").asText()).contains("Authorization: Bearer");
        assertThat(get("/status", null).headers().firstValue("www-authenticate"))
                .contains("Bearer");
        error(get("/status", "Basic dXNlcjpwYXNz"), 401, "unauthenticated");
        error(get("/status", "pcw_unknown0_" + "x".repeat(43)), 401, "unauthenticated");
        error(get("/status", "not-a-key"), 401, "unauthenticated");

        ApiKeys.Created carol = keys.create("carol", List.of("requester"));
        // Any role may view.
        assertThat(get("/status", carol.secret).statusCode()).isEqualTo(200);
        keys.revoke("carol");
        JsonNode revoked = error(get("/status", carol.secret), 401, "unauthenticated");
        assertThat(revoked.path("message").asText()).contains("not valid");
        // The key never appears in a response.
        assertThat(revoked.toString()).doesNotContain(carol.secret);
    }

    @Test
    void rolesAdmitTheirHoldersAndAdminsAndViewingIsAnyRoles() {
        assertThat(Sidecar.holds(Set.of("requester"), Role.REQUESTER)).isTrue();
        assertThat(Sidecar.holds(Set.of("requester"), Role.APPROVER)).isFalse();
        assertThat(Sidecar.holds(Set.of("viewer"), Role.REQUESTER)).isFalse();
        assertThat(Sidecar.holds(Set.of("admin"), Role.APPROVER)).isTrue();
        assertThat(Sidecar.holds(Set.of("approver"), Role.VIEWER)).isTrue();
        assertThat(Sidecar.holds(Set.of(), Role.VIEWER)).isFalse();
    }

    @Test
    void unknownRoutesAndMethodsGetTheErrorShape() throws Exception {
        ApiKeys.Created admin = keys.create("root", List.of("admin"));
        JsonNode notFound = error(get("/nothing/here", admin.secret), 404, "not_found");
        assertThat(notFound.path("message").asText()).contains("GET /nothing/here");
        JsonNode wrongMethod =
                error(call("DELETE", "/health", null, null), 405, "method_not_allowed");
        assertThat(wrongMethod.path("message").asText())
                .contains("DELETE is not served on /health");
    }

    @Test
    void theOpenApiDocumentListsExactlyTheRoutesServed() throws Exception {
        ApiKeys.Created viewer = keys.create("vera", List.of("viewer"));
        HttpResponse<String> r = get("/openapi.json", viewer.secret);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<String> documented = new ArrayList<>();
        Iterator<String> paths = doc.path("paths").fieldNames();
        while (paths.hasNext()) {
            String path = paths.next();
            Iterator<String> methods = doc.path("paths").path(path).fieldNames();
            while (methods.hasNext()) {
                documented.add(methods.next().toUpperCase() + " " + path);
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(sidecar.declared());
        // Each documented route is served: no "no route" 404 and no 405 (a 404 that names a
        // missing action or opportunity, or a 403 for the viewer's role, means it is served).
        for (String route : documented) {
            String[] mp = route.split(" ", 2);
            HttpResponse<String> served =
                    call(mp[0], mp[1].replace("{id}", "x1"), viewer.secret, null);
            assertThat(served.statusCode()).as(route).isNotEqualTo(405);
            if (route.equals("GET /metrics")) {
                assertThat(served.statusCode()).isEqualTo(200); // text, not JSON
                continue;
            }
            assertThat(JSON.readTree(served.body()).path("error").asText())
                    .as(route)
                    .isNotEqualTo("not_found");
        }
        assertThat(doc.at("/paths/~1health/get/x-pcw-role").asText()).isEqualTo("open");
        assertThat(doc.at("/paths/~1status/get/responses/401/content").isObject()).isTrue();
    }

    /** {@code POST /sync}: checked, recorded for a running job, and followed in /status. */
    @Test
    void aSyncRequestIsCheckedRecordedAndShownWithItsRun() throws Exception {
        ApiKeys.Created ops = keys.create("ops", List.of("requester"));
        HttpResponse<String> bad =
                http.send(
                        HttpRequest.newBuilder(sidecar.uri().resolve("/sync"))
                                .header("Authorization", "Bearer " + ops.secret)
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"entity\": \"unicorns\", \"mode\": \"now\","
                                                        + " \"catalog\": \"Prod\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode e = error(bad, 400, "invalid_request");
        assertThat(e.at("/errors/entity").asText()).startsWith("one of opportunities");
        assertThat(e.at("/errors/mode").asText()).isEqualTo("incremental (the default) or full");
        assertThat(e.at("/errors/catalog").asText()).isEqualTo("one of AWS");
        // A viewer may not ask for one.
        ApiKeys.Created viewer = keys.create("vic", List.of("viewer"));
        error(
                http.send(
                        HttpRequest.newBuilder(sidecar.uri().resolve("/sync"))
                                .header("Authorization", "Bearer " + viewer.secret)
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"entity\": \"solutions\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()),
                403,
                "forbidden");
        HttpResponse<String> ok =
                http.send(
                        HttpRequest.newBuilder(sidecar.uri().resolve("/sync"))
                                .header("Authorization", "Bearer " + ops.secret)
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"entity\": \"solutions\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        JsonNode made = JSON.readTree(ok.body());
        assertThat(made.path("mode").asText()).isEqualTo("incremental");
        assertThat(made.path("catalog").asText()).isEqualTo("AWS");
        JsonNode status = JSON.readTree(get("/status", viewer.secret).body());
        assertThat(status.at("/sync_requests/pending").asLong()).isEqualTo(1);
        assertThat(status.at("/recent_sync_requests/0/id").asText())
                .isEqualTo(made.path("id").asText());
        assertThat(status.at("/recent_sync_requests/0/status").asText()).isEqualTo("pending");
        assertThat(status.at("/recent_sync_requests/0/requested_by").asText()).isEqualTo("ops");
        // The running job links it to the run it starts; the run's status is then the request's.
        String pc = new Connectors(db, Clock.systemUTC()).ensure(Connectors.PARTNER_CENTRAL, "PC");
        String row =
                new IngestionRuns(db, Clock.systemUTC())
                        .start(pc, "run-9", "AWS", "solutions", "full");
        new dev.pcw.connectors.metadata.SyncRequests(db, Clock.systemUTC())
                .link(pc, "AWS", "solutions", "run-9", java.time.Instant.now().plusSeconds(1));
        JsonNode linked = JSON.readTree(get("/status", viewer.secret).body());
        assertThat(linked.at("/recent_sync_requests/0/status").asText()).isEqualTo("running");
        assertThat(linked.at("/recent_sync_requests/0/run_id").asText()).isEqualTo("run-9");
        assertThat(row).isNotBlank();
    }

    /**
     * {@code /metrics} is open (a Prometheus scrape carries no key), in the text format, counts
     * requests by route template (never the id in the path), and reports each entity's newest run
     * and the work waiting; it holds no principal, id or key.
     */
    @Test
    void metricsAreOpenInPrometheusFormatAndLabelledByRouteTemplates() throws Exception {
        ApiKeys.Created viewer = keys.create("vera", List.of("viewer"));
        String pc = new Connectors(db, Clock.systemUTC()).ensure(Connectors.PARTNER_CENTRAL, "PC");
        IngestionRuns runs = new IngestionRuns(db, Clock.systemUTC());
        String done = runs.start(pc, "run-1", "AWS", "opportunities", "full");
        runs.finish(done, RunStatus.SUCCEEDED, Stats.of(10, 12, 3, 1), null);
        String failed = runs.start(pc, "run-2", "Sandbox", "solutions", "full");
        runs.finish(failed, RunStatus.FAILED, Stats.of(0, 1, 0, 0), "access denied");
        get("/health", null);
        get("/status", viewer.secret);
        get("/status", null); // 401
        get("/actions/act-secret-id-1", viewer.secret); // 404, by template
        get("/nowhere", null);

        HttpResponse<String> r = get("/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .get()
                .asString()
                .startsWith("text/plain; version=0.0.4");
        String body = r.body();
        assertThat(body)
                .contains(
                        "pcw_sidecar_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 1",
                        "pcw_sidecar_http_requests_total{method=\"GET\",route=\"/status\",status=\"200\"} 1",
                        "pcw_sidecar_http_requests_total{method=\"GET\",route=\"/status\",status=\"401\"} 1",
                        "pcw_sidecar_http_requests_total{method=\"GET\",route=\"/actions/{id}\",status=\"404\"} 1",
                        "pcw_sidecar_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1",
                        "pcw_sidecar_http_request_duration_seconds_count{method=\"GET\",route=\"/status\"} 2",
                        "pcw_ingestion_last_run_succeeded{catalog=\"AWS\",entity=\"opportunities\"} 1",
                        "pcw_ingestion_last_run_succeeded{catalog=\"Sandbox\",entity=\"solutions\"} 0",
                        "pcw_ingestion_last_run_records{catalog=\"AWS\",entity=\"opportunities\"} 10",
                        "pcw_ingestion_last_run_throttled{catalog=\"AWS\",entity=\"opportunities\"} 3",
                        "pcw_ingestion_last_run_dead_letters{catalog=\"AWS\",entity=\"opportunities\"} 1",
                        "pcw_sidecar_metadata_db_up 1",
                        "# TYPE pcw_sidecar_http_requests_total counter");
        assertThat(body).doesNotContain("act-secret-id-1", "vera", viewer.secret, "access denied");
        // Every sample line is `name{labels} number` (or `name number`).
        for (String line : body.split("\n")) {
            if (!line.startsWith("#")) {
                assertThat(line)
                        .matches(
                                "[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? -?[0-9.]+");
            }
        }

        // The metadata DB gone: the scrape still answers, and says so.
        db.close();
        HttpResponse<String> down = get("/metrics", null);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).contains("pcw_sidecar_metadata_db_up 0");
    }

    @Test
    void statusReportsEachEntitysNewestRunAndTheWorkWaiting() throws Exception {
        String pc = new Connectors(db, Clock.systemUTC()).ensure(Connectors.PARTNER_CENTRAL, "PC");
        IngestionRuns runs = new IngestionRuns(db, Clock.systemUTC());
        String old = runs.start(pc, "run-1", "AWS", "opportunities", "full");
        runs.finish(old, RunStatus.SUCCEEDED, Stats.of(10, 12, 0, 1), null);
        Thread.sleep(5);
        runs.start(pc, "run-2", "AWS", "opportunities", "incremental");
        String sol = runs.start(pc, "run-3", "AWS", "solutions", "full");
        runs.finish(sol, RunStatus.FAILED, Stats.of(0, 1, 0, 0), "access denied");

        ApiKeys.Created viewer = keys.create("vera", List.of("viewer"));
        JsonNode status = JSON.readTree(get("/status", viewer.secret).body());
        JsonNode entities = status.path("entities");
        assertThat(entities).hasSize(2);
        assertThat(entities.get(0).path("entity").asText()).isEqualTo("opportunities");
        assertThat(entities.get(0).at("/last_run/run_id").asText()).isEqualTo("run-2");
        assertThat(entities.get(0).at("/last_run/status").asText()).isEqualTo("RUNNING");
        assertThat(entities.get(1).at("/last_run/status").asText()).isEqualTo("FAILED");
        assertThat(entities.get(1).at("/last_run/error").asText()).isEqualTo("access denied");
        assertThat(status.path("write_actions").isObject()).isTrue();
        assertThat(status.path("sync_requests").isObject()).isTrue();
    }
}
