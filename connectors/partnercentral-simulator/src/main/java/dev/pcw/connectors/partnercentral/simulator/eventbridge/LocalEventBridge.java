package dev.pcw.connectors.partnercentral.simulator.eventbridge;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local endpoint that keeps PutEvents' contract (AWS JSON 1.1, {@code AWSEvents.PutEvents}): at
 * most 10 entries and 256 KB per call, unknown buses answer ResourceNotFoundException, and a share
 * of entries can fail with an {@code ErrorCode} (a partial failure) or every call can be refused
 * (access denied). It records what it accepted (unless told not to keep the entries, for
 * benchmarks). Loopback only, free port.
 *
 * <pre>{@code
 * try (LocalEventBridge bus = LocalEventBridge.start(Set.of("partner-events"))) {
 *     bus.setEntryFailureRatio(0.05);          // 5% of entries fail with ThrottlingException
 *     ... EventBridgeClient with endpointOverride(bus.endpoint()) ...
 * }
 * }</pre>
 */
public final class LocalEventBridge implements AutoCloseable {
    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final Set<String> buses;
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final List<Long> batchBytes = new CopyOnWriteArrayList<>();
    private final AtomicLong acceptedCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private volatile double entryFailureRatio;
    private volatile boolean denyAll;
    private volatile boolean keepEntries = true;

    /** Starts an endpoint on 127.0.0.1 (a free port) that knows {@code buses}. */
    public static LocalEventBridge start(Set<String> buses) throws IOException {
        return new LocalEventBridge(buses);
    }

    /** The share of entries (0..1) answered with a {@code ThrottlingException} ErrorCode. */
    public void setEntryFailureRatio(double ratio) {
        entryFailureRatio = ratio;
    }

    /** Refuse every call with AccessDeniedException. */
    public void setDenyAll(boolean deny) {
        denyAll = deny;
    }

    /** Whether to keep accepted entries ({@link #accepted()}); counting always happens. */
    public void setKeepEntries(boolean keep) {
        keepEntries = keep;
    }

    /** The accepted entries (PutEvents request entries), in order of acceptance. */
    public List<JsonNode> accepted() {
        return accepted;
    }

    /** Entries per accepted call. */
    public List<Integer> batchSizes() {
        return batchSizes;
    }

    /** EventBridge's size of each accepted call's entries. */
    public List<Long> batchBytes() {
        return batchBytes;
    }

    public long acceptedCount() {
        return acceptedCount.get();
    }

    /** Entries answered with an ErrorCode. */
    public long failedCount() {
        return failedCount.get();
    }

    /** PutEvents calls answered (successful or not). */
    public long calls() {
        return calls.get();
    }

    private LocalEventBridge(Set<String> buses) throws IOException {
        this.buses = buses;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            calls.incrementAndGet();
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
                    failedCount.incrementAndGet();
                } else {
                    r.put("EventId", UUID.randomUUID().toString());
                    acceptedCount.incrementAndGet();
                    if (keepEntries) {
                        accepted.add(e);
                    }
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
