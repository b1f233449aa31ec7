package dev.pcw.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.pcw.connectors.metadata.ApiKeys;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.sidecar.auth.OidcVerifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OIDC access tokens beside API keys: real RS256 JWTs signed with keys this test generates,
 * verified against its JWKS served on a free port of 127.0.0.1. Expired, foreign, mis-addressed and
 * forged tokens are refused with 401 and a reason; roles come from the configured claim.
 */
class OidcITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://idp.example.com/";
    private static final String AUDIENCE = "pcw-sidecar";

    @TempDir Path dir;
    private HttpServer jwks;
    private RSAKey key;
    private RSAKey stranger;
    private MetadataDb db;
    private Sidecar sidecar;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] published =
                new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext(
                "/jwks.json",
                ex -> {
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, published.length);
                    ex.getResponseBody().write(published);
                    ex.close();
                });
        jwks.start();
        db = MetadataDb.openSqlite(dir);
        sidecar =
                Sidecar.start(
                        db,
                        SidecarSettings.builder()
                                .oidc(
                                        new OidcVerifier.Settings(
                                                ISSUER,
                                                AUDIENCE,
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + jwks.getAddress().getPort()
                                                                + "/jwks.json"),
                                                "groups",
                                                "sub"))
                                .build(),
                        "127.0.0.1",
                        0);
    }

    @AfterEach
    void stop() {
        sidecar.close();
        db.close();
        jwks.stop(0);
    }

    private String token(
            RSAKey signer, String issuer, String audience, Instant expires, Object groups)
            throws Exception {
        JWTClaimsSet.Builder c =
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .audience(audience)
                        .subject("dana")
                        .issueTime(new Date())
                        .expirationTime(Date.from(expires));
        if (groups != null) {
            c.claim("groups", groups);
        }
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                        c.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private HttpResponse<String> call(String method, String path, String bearer, String body)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(sidecar.uri().resolve(path))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode refused(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void aValidTokenIsAPrincipalWithTheRolesOfItsClaim() throws Exception {
        Instant in1h = Instant.now().plusSeconds(3600);
        String viewer = token(key, ISSUER, AUDIENCE, in1h, List.of("pcw:viewer", "staff"));
        assertThat(call("GET", "/status", viewer, null).statusCode()).isEqualTo(200);
        // A viewer cannot request; the message names the principal and its roles.
        JsonNode forbidden =
                refused(
                        call("POST", "/actions/opportunity", viewer, "{\"ticketId\": \"A-1\"}"),
                        403);
        assertThat(forbidden.path("message").asText())
                .contains("needs the role requester")
                .contains("'oidc:dana' has viewer");
        // Roles as a space-separated string work too.
        String requester = token(key, ISSUER, AUDIENCE, in1h, "requester approver");
        HttpResponse<String> r =
                call(
                        "POST",
                        "/actions/opportunity",
                        requester,
                        "{\"ticketId\": \"A-1\", \"Customer\": {\"Account\": {\"CompanyName\":"
                                + " \"Acme\"}}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("requester").asText()).isEqualTo("oidc:dana");
        // The same person cannot approve it with another token of theirs.
        JsonNode self =
                refused(
                        call(
                                "POST",
                                "/actions/" + a.path("id").asText() + "/approve",
                                requester,
                                "{\"request_hash\": \"" + a.path("request_hash").asText() + "\"}"),
                        403);
        assertThat(self.path("error").asText()).isEqualTo("self_approval");
        // API keys keep working beside tokens.
        String apiKey = new ApiKeys(db, Clock.systemUTC()).create("ops", List.of("viewer")).secret;
        assertThat(call("GET", "/status", apiKey, null).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredForeignMisaddressedAndForgedTokensAreRefusedWithTheReason() throws Exception {
        Instant in1h = Instant.now().plusSeconds(3600);
        Map<String, String> cases =
                Map.of(
                        token(key, ISSUER, AUDIENCE, Instant.now().minusSeconds(600), "viewer"),
                        "the token has expired",
                        token(key, "https://other.example.com/", AUDIENCE, in1h, "viewer"),
                        "the token was not issued by " + ISSUER,
                        token(key, ISSUER, "another-api", in1h, "viewer"),
                        "the token is not for this audience (pcw-sidecar)",
                        token(stranger, ISSUER, AUDIENCE, in1h, "viewer"),
                        "the token's signature does not verify");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = call("GET", "/status", c.getKey(), null);
            JsonNode e = refused(r, 401);
            assertThat(e.path("error").asText()).isEqualTo("unauthenticated");
            assertThat(e.path("message").asText()).startsWith(c.getValue());
            assertThat(r.headers().firstValue("www-authenticate"))
                    .contains("Bearer error=\"invalid_token\"");
            // The token itself never comes back.
            assertThat(r.body()).doesNotContain(c.getKey());
        }
        // A token without pcw's roles is a principal without roles.
        JsonNode none =
                refused(
                        call("GET", "/status", token(key, ISSUER, AUDIENCE, in1h, null), null),
                        403);
        assertThat(none.path("message").asText()).contains("'oidc:dana' has none");
        // A refused write attempt is audited, naming no token.
        refused(
                call(
                        "POST",
                        "/actions/opportunity",
                        token(key, ISSUER, AUDIENCE, Instant.now().minusSeconds(600), "requester"),
                        "{}"),
                401);
        assertThat(
                        new dev.pcw.connectors.metadata.AuditLog(db, Clock.systemUTC())
                                .after(0, 100).stream()
                                        .filter(e -> e.action.equals("action.refused"))
                                        .map(e -> e.outcome))
                .containsExactly("unauthenticated");
    }
}
