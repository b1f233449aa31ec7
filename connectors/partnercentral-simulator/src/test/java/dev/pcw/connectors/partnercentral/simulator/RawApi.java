package dev.pcw.connectors.partnercentral.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Plain HTTP calls to the simulator, for tests that must see the bytes on the wire (the SDK drops
 * what it does not know) or send what the SDK never would.
 */
final class RawApi {
    static final String AUTH =
            "AWS4-HMAC-SHA256 Credential=raw-test/20260101/us-east-1/partnercentral-selling/"
                    + "aws4_request, SignedHeaders=host;x-amz-date, Signature=0";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RawApi() {}

    /** A response: status, body text and the parsed body when it is JSON. */
    static final class Response {
        final int status;
        final String body;
        final HttpResponse<String> http;

        Response(HttpResponse<String> http) {
            this.http = http;
            this.status = http.statusCode();
            this.body = http.body();
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String errorType() {
            String t = json().path("__type").asText();
            return t.substring(t.indexOf('#') + 1);
        }
    }

    static Response call(URI endpoint, String operation, String json) {
        return send(endpoint, "AWSPartnerCentralSelling." + operation, AUTH, json);
    }

    static Response send(URI endpoint, String target, String authorization, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return new Response(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new AssertionError("call failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** An admin API call; {@code body} may be null for GET. */
    static Response admin(URI adminUrl, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(adminUrl + path));
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return new Response(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new AssertionError("admin call failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
