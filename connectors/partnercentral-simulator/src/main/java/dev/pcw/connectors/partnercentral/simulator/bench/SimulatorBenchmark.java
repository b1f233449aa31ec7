package dev.pcw.connectors.partnercentral.simulator.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorClients;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClient;
import software.amazon.awssdk.services.partnercentralselling.model.ListOpportunitiesRequest;
import software.amazon.awssdk.services.partnercentralselling.model.ListOpportunitiesResponse;

/**
 * Measures how many ListOpportunities pages of 100 the simulator serves per second on loopback with
 * quotas lifted, so that no benchmark of pcw ever measures the simulator instead. Two clients:
 * {@code raw} (plain HTTP, what the server can do) and {@code sdk} (the real AWS SDK client, which
 * also pays for signing and unmarshalling on the same two cores).
 */
public final class SimulatorBenchmark {
    /** The pages/s the simulator must at least serve (the foundation issue's target). */
    public static final double TARGET_PAGES_PER_SECOND = 500;

    private SimulatorBenchmark() {}

    /** One measured run. */
    public static final class Result {
        public final String client;
        public final long pages;
        public final long items;
        public final long bytes;
        public final double seconds;

        Result(String client, long pages, long items, long bytes, double seconds) {
            this.client = client;
            this.pages = pages;
            this.items = items;
            this.bytes = bytes;
            this.seconds = seconds;
        }

        public double pagesPerSecond() {
            return pages / seconds;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%-4s client: %,d pages (%,d opportunities, %.1f MB) in %.1f s = %,.0f pages/s"
                            + " (%.2f x the %.0f pages/s target)",
                    client,
                    pages,
                    items,
                    bytes / 1e6,
                    seconds,
                    pagesPerSecond(),
                    pagesPerSecond() / TARGET_PAGES_PER_SECOND,
                    TARGET_PAGES_PER_SECOND);
        }
    }

    /**
     * Starts a simulator with {@code opportunities} records and quotas lifted, then drives it with
     * each client for {@code seconds} with {@code threads} callers walking every page.
     */
    public static List<Result> run(
            int opportunities, double seconds, int threads, List<String> clients, PrintStream out)
            throws Exception {
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .port(0)
                        .opportunities(opportunities)
                        .quotas(QuotaSettings.UNLIMITED)
                        .build();
        List<Result> results = new ArrayList<>();
        try (PartnerCentralSimulator sim = PartnerCentralSimulator.start(config)) {
            out.printf(
                    Locale.ROOT,
                    "simulator on %s: %,d opportunities, quotas lifted; %d caller thread(s), %.0f s"
                            + " per client after a 2 s warm-up%n",
                    sim.endpoint(),
                    opportunities,
                    threads,
                    seconds);
            for (String client : clients) {
                measure(sim.endpoint(), client, 2, threads); // warm-up
                Result r = measure(sim.endpoint(), client, seconds, threads);
                out.println(r);
                results.add(r);
            }
        }
        return results;
    }

    private static Result measure(URI endpoint, String client, double seconds, int threads)
            throws Exception {
        AtomicLong pages = new AtomicLong();
        AtomicLong items = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread w =
                    new Thread(
                            () -> {
                                try {
                                    if ("sdk".equals(client)) {
                                        sdkLoop(endpoint, deadline, pages, items);
                                    } else {
                                        rawLoop(endpoint, deadline, pages, items, bytes);
                                    }
                                } catch (Throwable e) {
                                    synchronized (failures) {
                                        failures.add(e);
                                    }
                                }
                            },
                            "bench-" + client + "-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("benchmark caller failed", failures.get(0));
        }
        return new Result(client, pages.get(), items.get(), bytes.get(), elapsed);
    }

    private static void rawLoop(
            URI endpoint, long deadline, AtomicLong pages, AtomicLong items, AtomicLong bytes)
            throws Exception {
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        String token = null;
        while (System.nanoTime() < deadline) {
            String body =
                    "{\"Catalog\":\"AWS\",\"MaxResults\":100"
                            + (token == null ? "" : ",\"NextToken\":\"" + token + "\"")
                            + "}";
            HttpRequest req =
                    HttpRequest.newBuilder(endpoint)
                            .header("Content-Type", "application/x-amz-json-1.0")
                            .header("X-Amz-Target", "AWSPartnerCentralSelling.ListOpportunities")
                            .header(
                                    "Authorization",
                                    "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/"
                                            + "partnercentral-selling/aws4_request,"
                                            + " SignedHeaders=host, Signature=0")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException(
                        "HTTP " + resp.statusCode() + ": " + new String(resp.body()));
            }
            // Stream over the page, skipping each item: the client should cost little next to
            // the server it measures.
            token = null;
            long count = 0;
            try (JsonParser p = Json.MAPPER.getFactory().createParser(resp.body())) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.getCurrentName();
                    JsonToken value = p.nextToken();
                    if ("OpportunitySummaries".equals(field) && value == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            p.skipChildren();
                            count++;
                        }
                    } else if ("NextToken".equals(field)) {
                        token = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
            pages.incrementAndGet();
            items.addAndGet(count);
            bytes.addAndGet(resp.body().length);
        }
    }

    private static void sdkLoop(URI endpoint, long deadline, AtomicLong pages, AtomicLong items) {
        try (PartnerCentralSellingClient client = SimulatorClients.noRetries(endpoint)) {
            ListOpportunitiesRequest first =
                    ListOpportunitiesRequest.builder().catalog("AWS").maxResults(100).build();
            String token = null;
            while (System.nanoTime() < deadline) {
                ListOpportunitiesResponse r =
                        client.listOpportunities(first.toBuilder().nextToken(token).build());
                pages.incrementAndGet();
                items.addAndGet(r.opportunitySummaries().size());
                token = r.nextToken();
            }
        }
    }
}
