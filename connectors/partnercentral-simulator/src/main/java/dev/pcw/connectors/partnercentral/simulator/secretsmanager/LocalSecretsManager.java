package dev.pcw.connectors.partnercentral.simulator.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local endpoint that keeps AWS Secrets Manager's {@code GetSecretValue} contract (AWS JSON 1.1,
 * {@code X-Amz-Target: secretsmanager.GetSecretValue}): a secret by name or ARN answers its {@code
 * SecretString}; an unknown one {@code ResourceNotFoundException}; a denied one {@code
 * AccessDeniedException}. Loopback only, free port.
 *
 * <pre>{@code
 * try (LocalSecretsManager sm = LocalSecretsManager.start()) {
 *     sm.put("/prod/partnercentral/credentials", "{\"access_key_id\":\"…\",…}");
 *     ... SecretsManagerClient with endpointOverride(sm.endpoint()) ...
 * }
 * }</pre>
 */
public final class LocalSecretsManager implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ARN_PREFIX =
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Boolean> denied = new ConcurrentHashMap<>();

    private LocalSecretsManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts an endpoint on 127.0.0.1 and a free port. */
    public static LocalSecretsManager start() throws IOException {
        return new LocalSecretsManager();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stores a secret's string value under {@code name}. */
    public void put(String name, String secretString) {
        secrets.put(name, secretString);
    }

    /** Answers AccessDeniedException for {@code name}. */
    public void deny(String name) {
        denied.put(name, true);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode req = MAPPER.readTree(ex.getRequestBody().readAllBytes());
            if (!"secretsmanager.GetSecretValue".equals(target)) {
                error(ex, "UnknownOperationException", "unknown operation " + target);
                return;
            }
            String id = req == null ? "" : req.path("SecretId").asText("");
            String name = id.startsWith(ARN_PREFIX) ? id.substring(ARN_PREFIX.length()) : id;
            if (id.isEmpty()) {
                error(
                        ex,
                        "InvalidParameterException",
                        "1 validation error detected: SecretId must not be null");
            } else if (denied.containsKey(name)) {
                error(
                        ex,
                        "AccessDeniedException",
                        "User is not authorized to perform: secretsmanager:GetSecretValue on"
                                + " resource: "
                                + name);
            } else if (!secrets.containsKey(name)) {
                error(
                        ex,
                        "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret.");
            } else {
                ObjectNode out = MAPPER.createObjectNode();
                out.put("ARN", ARN_PREFIX + name);
                out.put("Name", name);
                out.put("VersionId", UUID.nameUUIDFromBytes(name.getBytes()).toString());
                out.put("SecretString", secrets.get(name));
                out.putArray("VersionStages").add("AWSCURRENT");
                out.put("CreatedDate", 1.7e9);
                send(ex, 200, MAPPER.writeValueAsBytes(out));
            }
        } finally {
            ex.close();
        }
    }

    private static void error(HttpExchange ex, String type, String message) throws IOException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("__type", type);
        n.put("message", message);
        send(ex, 400, MAPPER.writeValueAsBytes(n));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
