package dev.pcw.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.metadata.ApiKeys;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.WriteActions;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.sidecar.Sidecar;
import dev.pcw.sidecar.SidecarSettings;
import dev.pcw.sidecar.actions.ActionWorker;
import dev.pcw.sidecar.approval.ApprovalPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code pcw bench sidecar}: (1) action requests at a fixed rate on loopback, open loop (each sent
 * at its time whatever the answers before it), with their latency percentiles and errors; (2)
 * approved actions executed by two sidecars sharing one metadata DB and the write quota, with
 * executions per second ÷ the quota and the calls the simulator throttled.
 */
public final class SidecarBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SidecarBenchmark() {}

    private static String body(int i) {
        return "{\"ticketId\": \"BENCH-"
                + i
                + "\", \"Origin\": \"Partner Referral\", \"OpportunityType\": \"Net New Business\","
                + " \"Customer\": {\"Account\": {\"CompanyName\": \"Bench "
                + i
                + "\", \"Industry\": \"Software and Internet\", \"Address\": {\"CountryCode\":"
                + " \"US\"}}}, \"Project\": {\"Title\": \"Lake\", \"ExpectedCustomerSpend\":"
                + " [{\"Amount\": \"1000.00\", \"CurrencyCode\": \"USD\", \"Frequency\":"
                + " \"Monthly\", \"TargetCompany\": \"AWS\"}]}, \"LifeCycle\":"
                + " {\"TargetCloseDate\": \"2027-01-31\"}}";
    }

    /**
     * Runs both parts.
     *
     * @param rate requests per second in part 1
     * @param seconds how long part 1 sends
     * @param executions approved actions in part 2
     * @param writeRate the write quota (per second) in part 2
     * @param home a folder for the metadata DB; emptied first
     */
    public static void run(
            int rate, int seconds, int executions, double writeRate, Path home, PrintStream out)
            throws Exception {
        clean(home);
        try (PartnerCentralSimulator sim =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(20)
                                .quotas(new QuotaSettings(0, 0, writeRate, 0))
                                .build())) {
            PartnerCentralClientConfig client =
                    PartnerCentralClientConfig.builder()
                            .endpoint(sim.endpoint())
                            .staticCredentials("bench-sidecar", "secret")
                            .readRate(0)
                            .readDaily(0)
                            .writeRate(writeRate)
                            .writeDaily(0)
                            .build();
            requests(rate, seconds, client, home.resolve("requests"), out);
            executions(executions, writeRate, client, sim, home.resolve("executions"), out);
        }
    }

    private static void requests(
            int rate, int seconds, PartnerCentralClientConfig client, Path dir, PrintStream out)
            throws Exception {
        try (MetadataDb db = MetadataDb.openSqlite(dir);
                Sidecar sidecar =
                        Sidecar.start(
                                db,
                                SidecarSettings.builder().execute(false).client(client).build(),
                                "127.0.0.1",
                                0)) {
            String key =
                    new ApiKeys(db, Clock.systemUTC()).create("bench", List.of("requester")).secret;
            HttpClient http =
                    HttpClient.newBuilder()
                            .executor(Executors.newFixedThreadPool(8))
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
            URI uri = sidecar.uri().resolve("/actions/opportunity");
            // Warm-up: the JIT and the connections, not measured.
            for (int i = 0; i < 200; i++) {
                send(http, uri, key, -i - 1).join();
            }
            int total = rate * seconds;
            long[] latencies = new long[total];
            AtomicLong errors = new AtomicLong();
            List<CompletableFuture<Void>> pending = new ArrayList<>(total);
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            long periodNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            out.printf(
                    "bench sidecar: part 1, %d action requests/s for %d s on loopback (SQLite"
                            + " metadata DB)...%n",
                    rate, seconds);
            for (int i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                final int n = i;
                final long sentAt = due;
                pending.add(
                        send(http, uri, key, i)
                                .handle(
                                        (r, e) -> {
                                            latencies[n] = System.nanoTime() - sentAt;
                                            if (e != null || r.statusCode() != 202) {
                                                errors.incrementAndGet();
                                            }
                                            return null;
                                        }));
                if (i > 0 && i % (rate * 10) == 0) {
                    out.printf("  %d s sent%n", i / rate);
                }
            }
            CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).join();
            double elapsed = (System.nanoTime() - start) / 1e9;
            clock.shutdownNow();
            Arrays.sort(latencies);
            double p99 = latencies[(int) Math.min(total - 1, Math.ceil(total * 0.99) - 1)] / 1e6;
            out.printf(
                    Locale.ROOT,
                    "bench sidecar requests: %d in %.1f s = %.0f/s; latency (from each request's"
                            + " scheduled time) p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f"
                            + " ms; errors %d; p99 ÷ 25 ms target = %.2f%n",
                    total,
                    elapsed,
                    total / elapsed,
                    latencies[total / 2] / 1e6,
                    latencies[(int) (total * 0.95)] / 1e6,
                    p99,
                    latencies[total - 1] / 1e6,
                    errors.get(),
                    p99 / 25.0);
        }
    }

    private static CompletableFuture<HttpResponse<Void>> send(
            HttpClient http, URI uri, String key, int i) {
        return http.sendAsync(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body(i)))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static void executions(
            int executions,
            double writeRate,
            PartnerCentralClientConfig client,
            PartnerCentralSimulator sim,
            Path dir,
            PrintStream out)
            throws Exception {
        sim.accounting().reset();
        ActionWorker.Settings worker =
                new ActionWorker.Settings(
                        Duration.ofSeconds(60),
                        Duration.ofMillis(50),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(2),
                        writeRate,
                        0);
        SidecarSettings settings =
                SidecarSettings.builder()
                        .client(client)
                        .approvals(ApprovalPolicy.of(Map.of("mode", "auto")))
                        .worker(worker)
                        .build();
        try (MetadataDb one = MetadataDb.openSqlite(dir);
                MetadataDb two = MetadataDb.openSqlite(dir)) {
            String key =
                    new ApiKeys(one, Clock.systemUTC())
                            .create("bench", List.of("requester"))
                            .secret;
            HttpClient http = HttpClient.newHttpClient();
            // Requested (and approved: mode auto) before the replicas start.
            try (Sidecar intake =
                    Sidecar.start(
                            one,
                            SidecarSettings.builder()
                                    .client(client)
                                    .execute(false)
                                    .approvals(ApprovalPolicy.of(Map.of("mode", "auto")))
                                    .build(),
                            "127.0.0.1",
                            0)) {
                URI uri = intake.uri().resolve("/actions/opportunity");
                for (int i = 0; i < executions; i++) {
                    HttpResponse<Void> r = send(http, uri, key, i).join();
                    if (r.statusCode() != 202) {
                        throw new IllegalStateException(
                                "request " + i + " answered " + r.statusCode());
                    }
                }
            }
            out.printf(
                    Locale.ROOT,
                    "bench sidecar: part 2, %d approved actions executed by two sidecars on one"
                            + " metadata DB, write quota %.1f/s...%n",
                    executions,
                    writeRate);
            WriteActions actions = new WriteActions(one);
            long start = System.nanoTime();
            try (Sidecar a = Sidecar.start(one, settings, "127.0.0.1", 0);
                    Sidecar b = Sidecar.start(two, settings, "127.0.0.1", 0)) {
                long deadline =
                        start + TimeUnit.SECONDS.toNanos((long) (executions / writeRate * 3 + 60));
                long done = 0;
                while (System.nanoTime() < deadline
                        && (done = actions.countByStatus().getOrDefault("succeeded", 0L))
                                < executions) {
                    Thread.sleep(100);
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                // The first execution may start at once: n executions span (n - 1) quota intervals.
                double perSecond = (done - 1) / elapsed;
                long throttled =
                        sim.accounting()
                                .toJson()
                                .at("/operations/CreateOpportunity/AWS/throttled")
                                .asLong();
                out.printf(
                        Locale.ROOT,
                        "bench sidecar executions: %d of %d in %.1f s = %.2f/s; ÷ quota %.1f/s ="
                                + " %.3f; throttled calls %d; CreateOpportunity calls %d%n",
                        done,
                        executions,
                        elapsed,
                        perSecond,
                        writeRate,
                        perSecond / writeRate,
                        throttled,
                        sim.accounting().calls("CreateOpportunity"));
            }
        }
    }

    private static void clean(Path home) throws IOException {
        if (Files.isDirectory(home)) {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(
                                p -> {
                                    try {
                                        Files.delete(p);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                });
            }
        }
        Files.createDirectories(home);
    }
}
