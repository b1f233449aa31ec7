package dev.pcw.sidecar.partners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.ApiKeys;
import dev.pcw.connectors.metadata.AuditLog;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.schemas.tiers.TierVocabulary;
import dev.pcw.sidecar.Sidecar;
import dev.pcw.sidecar.SidecarSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partner tier routes over real HTTP, with the seed's contracts: a local lake, an input folder
 * and a vault in a temporary folder, API keys for a viewer, a requester and an admin.
 */
@Timeout(120)
class PartnersITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SEED =
            "name,tier,program,oem,poc,notes\n"
                    + "Red River Technology,gold,Cisco PTP,cisco,John Doe,Premier partner\n"
                    + "Tech Solutions,Platinum,Nutanix Elevate,Nutanix,Jane Smith,Top tier\n";

    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir Path dir;
    private MetadataDb db;
    private Sidecar sidecar;
    private Path input;
    private Path vault;
    private LakeConfig lake;
    private String viewer;
    private String requester;
    private String admin;

    private Sidecar start(Path vaultRoot) {
        return Sidecar.start(
                db,
                SidecarSettings.builder()
                        .tiers(
                                new TierSettings(
                                        lake,
                                        input.toString(),
                                        TierVocabulary.defaults()
                                                .withTier("premier tier services", "Premier"),
                                        vaultRoot))
                        .build(),
                "127.0.0.1",
                0);
    }

    @BeforeEach
    void start() throws Exception {
        db = MetadataDb.openSqlite(dir.resolve("db"));
        ApiKeys keys = new ApiKeys(db, Clock.systemUTC());
        viewer = keys.create("vera", List.of("viewer")).secret;
        requester = keys.create("rick", List.of("requester")).secret;
        admin = keys.create("ada", List.of("admin")).secret;
        input = Files.createDirectories(dir.resolve("partners"));
        vault = Files.createDirectories(dir.resolve("vault"));
        lake = LakeConfig.fromProperties(Map.of(LakeConfig.ROOT, dir.resolve("lake").toString()));
        sidecar = start(vault);
    }

    @AfterEach
    void stop() {
        sidecar.close();
        db.close();
    }

    private void file(String name, String content) throws Exception {
        Files.write(input.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> call(String method, String path, String key, String body)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(sidecar.uri().resolve(path))
                        .header("Authorization", "Bearer " + key)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("x-request-id")).as(path).isPresent();
        assertThat(r.headers().firstValue("x-latency-ms"))
                .as(path)
                .get()
                .asString()
                .matches("\\d+");
        return r;
    }

    private JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String detail(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body()).path("detail").asText();
    }

    @Test
    void syncIsADryRunByDefaultAndAnAdminAppliesIt() throws Exception {
        file("partners_a.csv", SEED);
        assertThat(ok(call("GET", "/v1/partners/tiers", viewer, null))).isEmpty();

        JsonNode dry = ok(call("POST", "/v1/partners/sync", admin, null));
        assertThat(dry.path("dry_run").asBoolean()).isTrue();
        assertThat(dry.path("applied").asBoolean()).isFalse();
        assertThat(dry.path("added")).hasSize(2);
        assertThat(dry.path("updated")).isEmpty();
        assertThat(dry.path("unchanged")).isEmpty();
        assertThat(
                        ok(call("POST", "/v1/partners/sync", admin, "{\"dry_run\": true}"))
                                .path("added"))
                .hasSize(2);
        assertThat(ok(call("GET", "/v1/partners/tiers", viewer, null))).isEmpty();

        JsonNode applied = ok(call("POST", "/v1/partners/sync", admin, "{\"dry_run\": false}"));
        assertThat(applied.path("dry_run").asBoolean()).isFalse();
        assertThat(applied.path("applied").asBoolean()).isTrue();
        assertThat(applied.path("apply_id").asText()).startsWith("a-");
        JsonNode first = applied.path("added").get(0);
        assertThat(first.path("name").asText()).isEqualTo("Red River Technology");
        assertThat(first.path("tier").asText()).isEqualTo("Gold");
        assertThat(first.path("oem").asText()).isEqualTo("Cisco");
        assertThat(first.path("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        JsonNode list = ok(call("GET", "/v1/partners/tiers", viewer, null));
        assertThat(list).hasSize(2);
        List<String> fields = new ArrayList<>();
        list.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly(
                        "name",
                        "tier",
                        "program",
                        "oem",
                        "poc",
                        "notes",
                        "updated_at",
                        "created_at");
        assertThat(ok(call("GET", "/v1/partners/tiers?oem=CISCO", viewer, null))).hasSize(1);
        assertThat(
                        ok(call("GET", "/v1/partners/tiers?tier=platinum", viewer, null))
                                .get(0)
                                .path("name")
                                .asText())
                .isEqualTo("Tech Solutions");
        assertThat(ok(call("GET", "/v1/partners/tiers?oem=Dell", viewer, null))).isEmpty();

        JsonNode again = ok(call("POST", "/v1/partners/sync", admin, "{\"dry_run\": false}"));
        assertThat(again.path("applied").asBoolean()).isFalse();
        assertThat(again.path("unchanged")).hasSize(2);

        file("partners_a.csv", SEED.replace("gold,Cisco PTP", "Premier Tier Services,Cisco PTP"));
        JsonNode update = ok(call("POST", "/v1/partners/sync", admin, "{\"dry_run\": false}"));
        assertThat(update.path("updated")).hasSize(1);
        assertThat(update.path("updated").get(0).path("tier").asText()).isEqualTo("Premier");
        assertThat(update.path("updated").get(0).path("created_at").asText())
                .isEqualTo(first.path("created_at").asText());

        AuditLog audit = new AuditLog(db, Clock.systemUTC());
        assertThat(audit.after(0, 100)).extracting(e -> e.action).contains("partners.synced");
    }

    @Test
    void viewersListAndOnlyAdminsSyncOrExport() throws Exception {
        file("partners_a.csv", SEED);
        assertThat(call("POST", "/v1/partners/sync", viewer, null).statusCode()).isEqualTo(403);
        assertThat(
                        call("POST", "/v1/partners/sync", requester, "{\"dry_run\": false}")
                                .statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/v1/partners/export/obsidian", viewer, null).statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/v1/partners/tiers", requester, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aFileWithOneBadRecordIsRefusedWithTheSeedsDetailAndKeptInDeadLetters() throws Exception {
        file("partners_a.csv", SEED + ",Gold,P,Dell,,\n");

        HttpResponse<String> dry = call("POST", "/v1/partners/sync", admin, null);
        assertThat(detail(dry, 400))
                .isEqualTo(
                        "Validation failed: Record 2: missing name ("
                                + input.resolve("partners_a.csv")
                                + " line 4)");
        assertThat(JSON.readTree(dry.body()).path("error").asText()).isEqualTo("validation_failed");

        HttpResponse<String> apply =
                call("POST", "/v1/partners/sync", admin, "{\"dry_run\": false}");
        assertThat(detail(apply, 400)).startsWith("Validation failed: Record 2: missing name");
        assertThat(ok(call("GET", "/v1/partners/tiers", viewer, null))).isEmpty();

        Catalog catalog = Catalogs.create(lake);
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(catalog.loadTable(lake.tableIdentifier("dead_letters")))
                        .build()) {
            List<String> reasons = new ArrayList<>();
            rows.forEach(r -> reasons.add(r.getField("source") + " " + r.getField("reason_code")));
            assertThat(reasons).containsExactly("partner_tiers MISSING_REQUIRED");
        } finally {
            ((AutoCloseable) catalog).close();
        }
    }

    @Test
    void aFileThatCannotBeLoadedIsNamedInTheDetail() throws Exception {
        file("partners.csv", SEED);
        file("partners_x.json", "{\"partners\": 3}");

        assertThat(detail(call("POST", "/v1/partners/sync", admin, null), 400))
                .isEqualTo(
                        "Failed to load "
                                + input.resolve("partners_x.json")
                                + ": \"partners\" must be an array");
    }

    @Test
    void aMissingInputFolderIsA400NamingIt() throws Exception {
        Files.delete(input);

        HttpResponse<String> r = call("POST", "/v1/partners/sync", admin, null);
        assertThat(detail(r, 400))
                .isEqualTo(
                        "the partner tier input folder "
                                + input
                                + " does not exist (set partner_tiers.input or --input)");
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("input_unavailable");
    }

    @Test
    void aBodyThatIsNotTheContractGetsA400SayingWhy() throws Exception {
        HttpResponse<String> notJson = call("POST", "/v1/partners/sync", admin, "{dry_run");
        assertThat(detail(notJson, 400)).isEqualTo("the body is not valid JSON");
        HttpResponse<String> notBoolean =
                call("POST", "/v1/partners/sync", admin, "{\"dry_run\": \"no\"}");
        assertThat(detail(notBoolean, 400)).isEqualTo("dry_run must be true or false");
        assertThat(JSON.readTree(notBoolean.body()).at("/errors/dry_run").asText())
                .isEqualTo("true (the default) or false");
    }

    @Test
    void exportsOneNotePerOemAndRewritesNothingUnchanged() throws Exception {
        file("partners_a.csv", SEED);
        ok(call("POST", "/v1/partners/sync", admin, "{\"dry_run\": false}"));

        JsonNode first = ok(call("GET", "/v1/partners/export/obsidian", admin, null));
        assertThat(first.path("status").asText()).isEqualTo("success");
        assertThat(first.path("oems_count").asInt()).isEqualTo(2);
        assertThat(first.path("files_written")).hasSize(2);
        assertThat(first.path("files_written").get(0).asText())
                .isEqualTo(vault.resolve("30 Hubs/OEMs/Cisco.md").toString());
        assertThat(Files.readString(vault.resolve("30 Hubs/OEMs/Cisco.md")))
                .startsWith(
                        "# Cisco\n\n## Partner Tiers\n\n### Red River Technology\n- **Tier**: Gold\n");

        JsonNode second = ok(call("GET", "/v1/partners/export/obsidian", admin, null));
        assertThat(second.path("files_written")).isEmpty();
        assertThat(second.path("files_unchanged")).hasSize(2);

        JsonNode props =
                ok(call("GET", "/v1/partners/export/obsidian?properties=true", admin, null));
        assertThat(props.path("files_written")).hasSize(2);
        assertThat(Files.readString(vault.resolve("30 Hubs/OEMs/Nutanix.md")))
                .startsWith("---\noem: \"Nutanix\"\n");
    }

    @Test
    void exportWithoutAVaultSaysSo() throws Exception {
        sidecar.close();
        sidecar = start(null);

        assertThat(detail(call("GET", "/v1/partners/export/obsidian", admin, null), 503))
                .isEqualTo("VAULT_ROOT environment variable not set");
    }

    @Test
    void twoConcurrentAppliesEndAsIfOneRanAfterTheOther() throws Exception {
        file("partners_a.csv", SEED);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            calls.add(
                    http.sendAsync(
                            HttpRequest.newBuilder(sidecar.uri().resolve("/v1/partners/sync"))
                                    .header("Authorization", "Bearer " + admin)
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"dry_run\": false}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        int applied = 0;
        int added = 0;
        int unchanged = 0;
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            JsonNode r = ok(c.get());
            applied += r.path("applied").asBoolean() ? 1 : 0;
            added += r.path("added").size();
            unchanged += r.path("unchanged").size();
        }

        assertThat(applied).isEqualTo(1);
        assertThat(added).isEqualTo(2);
        assertThat(unchanged).isEqualTo(2);
        assertThat(ok(call("GET", "/v1/partners/tiers", viewer, null))).hasSize(2);
    }
}
