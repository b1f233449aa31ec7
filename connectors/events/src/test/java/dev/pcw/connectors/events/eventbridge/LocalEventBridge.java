package dev.pcw.connectors.events.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A local endpoint that keeps PutEvents' contract (AWS JSON 1.1, {@code AWSEvents.PutEvents}): at
 * most 10 entries and 256 KB per call, unknown buses answer ResourceNotFoundException, and a share
 * of entries can fail with an {@code ErrorCode} (a partial failure) or every call can be refused
 * (access denied). It records what it accepted. Loopback only, free port.
 */
final class LocalEventBridge implements AutoCloseable {
    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final Set<String> buses;
    final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final List<Long> batchBytes = new CopyOnWriteArrayList<>();
    volatile double entryFailureRatio;
    volatile boolean denyAll;

    LocalEventBridge(Set<String> buses) throws IOException {
        this.buses = buses;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"AWSEvents.PutEvents".equals(target)) {
                error(ex, 400, "UnknownOperationException", "unknown operation " + target);
                return;
            }
            if (denyAll) {
                error(
                        ex,
                        400,
                        "AccessDeniedException",
                        "User is not authorized to perform: events:PutEvents");
                return;
            }
            JsonNode req = MAPPER.readTree(body);
            JsonNode entries = req.path("Entries");
            if (!entries.isArray() || entries.size() < 1 || entries.size() > 10) {
                error(
                        ex,
                        400,
                        "ValidationException",
                        "1 validation error detected: Entries must have 1 to 10 items");
                return;
            }
            long bytes = 0;
            for (JsonNode e : entries) {
                bytes +=
                        14
                                + e.path("Source").asText().getBytes(StandardCharsets.UTF_8).length
                                + e.path("DetailType")
                                        .asText()
                                        .getBytes(StandardCharsets.UTF_8)
                                        .length
                                + e.path("Detail").asText().getBytes(StandardCharsets.UTF_8).length;
                String bus = e.path("EventBusName").asText("default");
                if (!buses.contains(bus)) {
                    error(
                            ex,
                            400,
                            "ResourceNotFoundException",
                            "Event bus " + bus + " does not exist.");
                    return;
                }
            }
            if (bytes > 256 * 1024) {
                error(
                        ex,
                        400,
                        "ValidationException",
                        "Total size of the entries in the request is over the limit.");
                return;
            }
            batchSizes.add(entries.size());
            batchBytes.add(bytes);
            ObjectNode out = MAPPER.createObjectNode();
            ArrayNode results = out.putArray("Entries");
            int failed = 0;
            for (JsonNode e : entries) {
                ObjectNode r = results.addObject();
                if (ThreadLocalRandom.current().nextDouble() < entryFailureRatio) {
                    r.put("ErrorCode", "ThrottlingException");
                    r.put("ErrorMessage", "Rate exceeded");
                    failed++;
                } else {
                    r.put("EventId", UUID.randomUUID().toString());
                    accepted.add(e);
                }
            }
            out.put("FailedEntryCount", failed);
            send(ex, 200, MAPPER.writeValueAsBytes(out));
        } finally {
            ex.close();
        }
    }

    private static void error(HttpExchange ex, int status, String type, String message)
            throws IOException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("__type", type);
        n.put("message", message);
        send(ex, status, MAPPER.writeValueAsBytes(n));
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
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
