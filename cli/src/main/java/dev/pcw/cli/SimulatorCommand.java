package dev.pcw.cli;

import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.MalformedKind;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pcw simulator}: runs the local Partner Central Selling API until Ctrl+C. */
@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "Run a local Partner Central Selling API (AWS JSON 1.0) that the AWS SDK and CLI talk"
                    + " to through an endpoint override: seeded data per catalog (AWS, Sandbox),"
                    + " AWS's quotas, changes over time and fault injection.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  pcw simulator --port 0 --opportunities 500",
            "  pcw simulator --changes-per-minute 120 --throttle-ratio 0.3 --error-ratio 0.05",
            "  aws partnercentral-selling list-opportunities --catalog AWS --region us-east-1 \\",
            "      --endpoint-url http://127.0.0.1:8729",
            "",
            "The admin API (GET <admin URL> lists its routes) reports calls and quota use, turns"
                    + " the fault knobs and makes changes on demand."
        })
final class SimulatorCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(
            names = "--port",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = SimulatorConfig.DEFAULT_PORT;

    @Option(
            names = "--seed",
            description =
                    "Data seed: same seed and anchor, same records (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(
            names = "--opportunities",
            description = "Opportunities in the AWS catalog (default: ${DEFAULT-VALUE}).")
    int opportunities = 2_000;

    @Option(
            names = "--sandbox-opportunities",
            description = "Opportunities in the Sandbox catalog (default: a tenth, at least 10).")
    Integer sandboxOpportunities;

    @Option(names = "--solutions", description = "Solutions (default: opportunities / 20).")
    Integer solutions;

    @Option(names = "--engagements", description = "Engagements (default: opportunities / 4).")
    Integer engagements;

    @Option(
            names = "--invitations",
            description = "Engagement invitations (default: opportunities / 5).")
    Integer invitations;

    @Option(
            names = "--anchor",
            description = "ISO-8601 instant where generated history ends (default: now).")
    Instant anchor;

    @Option(
            names = "--changes-per-minute",
            description =
                    "Random record changes per minute; 0 = only through the admin API (default: ${DEFAULT-VALUE}).")
    double changesPerMinute = 0;

    @Option(
            names = "--account-id",
            description =
                    "The partner's 12-digit AWS account id in ARNs and events (default: ${DEFAULT-VALUE}).")
    String accountId = SimulatorConfig.DEFAULT_ACCOUNT;

    @Option(
            names = "--read-rate",
            description =
                    "Read calls per second per account and catalog; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    double readRate = 10;

    @Option(
            names = "--read-daily",
            description = "Read calls per rolling 24 h; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    long readDaily = 100_000;

    @Option(
            names = "--write-rate",
            description = "Write calls per second; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    double writeRate = 1;

    @Option(
            names = "--write-daily",
            description =
                    "Write calls per rolling 24 h; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    long writeDaily = 10_000;

    @Option(names = "--no-quotas", description = "Lift every quota (benchmarks, fast demos).")
    boolean noQuotas;

    @Option(
            names = "--throttle-ratio",
            description = "Share of calls answered ThrottlingException (429), 0..1.")
    double throttleRatio;

    @Option(
            names = "--error-ratio",
            description = "Share of calls answered InternalServerException (500), 0..1.")
    double errorRatio;

    @Option(names = "--latency-ms", description = "Added latency per call in ms.")
    long latencyMs;

    @Option(
            names = "--latency-jitter-ms",
            description = "Random extra latency per call, up to this many ms.")
    long latencyJitterMs;

    @Option(
            names = "--deny",
            description =
                    "Refuse every call: none, access-denied (403 AccessDeniedException) or unrecognized-client (403 UnrecognizedClientException) (default: none).")
    String deny = "none";

    @Option(
            names = "--malformed-ratio",
            description = "Share of record versions whose Get response is malformed, 0..1.")
    double malformedRatio;

    @Option(
            names = "--malformed-kinds",
            split = ",",
            description =
                    "Kinds of damage: truncated-json, wrong-type, missing-required, unknown-enum, unknown-member (default: all).")
    List<String> malformedKinds;

    @Option(
            names = "--page-token-ttl-ms",
            description =
                    "Expire list calls' NextToken after this many ms (ValidationException); 0 ="
                            + " never (default).")
    long pageTokenTtlMs;

    @Option(
            names = "--fault-operations",
            split = ",",
            description =
                    "Apply the faults only to these operations, e.g. GetOpportunity (default: all).")
    List<String> faultOperations;

    @Option(
            names = "--kinesis-endpoint",
            description =
                    "Put every Partner Central event the changes produce on a Kinesis stream at"
                            + " this endpoint (e.g. kinesalite), as an EventBridge rule would.")
    java.net.URI kinesisEndpoint;

    @Option(
            names = "--kinesis-stream",
            description = "The stream for --kinesis-endpoint (default: ${DEFAULT-VALUE}).")
    String kinesisStream = "partnercentral-events";

    @Option(
            names = "--allow-any-region",
            description =
                    "Accept requests signed for any region (AWS serves Partner Central from us-east-1 only).")
    boolean allowAnyRegion;

    @Override
    public Integer call() throws Exception {
        Set<MalformedKind> kinds = EnumSet.allOf(MalformedKind.class);
        if (malformedKinds != null) {
            kinds = EnumSet.noneOf(MalformedKind.class);
            for (String k : malformedKinds) {
                kinds.add(MalformedKind.parse(k));
            }
        }
        FaultSettings faults =
                FaultSettings.builder()
                        .throttleRatio(throttleRatio)
                        .errorRatio(errorRatio)
                        .latencyMillis(latencyMs)
                        .latencyJitterMillis(latencyJitterMs)
                        .deny(FaultSettings.Deny.parse(deny))
                        .malformedRatio(malformedRatio)
                        .malformedKinds(kinds)
                        .pageTokenTtlMillis(pageTokenTtlMs)
                        .operations(
                                faultOperations == null ? Set.of() : new TreeSet<>(faultOperations))
                        .build();
        QuotaSettings quotas =
                noQuotas
                        ? QuotaSettings.UNLIMITED
                        : new QuotaSettings(readRate, readDaily, writeRate, writeDaily);
        SimulatorConfig.Builder b =
                SimulatorConfig.builder()
                        .host(host)
                        .port(port)
                        .seed(seed)
                        .opportunities(opportunities)
                        .anchor(anchor)
                        .changesPerMinute(changesPerMinute)
                        .accountId(accountId)
                        .requireUsEast1(!allowAnyRegion)
                        .quotas(quotas)
                        .faults(faults);
        if (sandboxOpportunities != null) {
            b.sandboxOpportunities(sandboxOpportunities);
        }
        if (solutions != null) {
            b.solutions(solutions);
        }
        if (engagements != null) {
            b.engagements(engagements);
        }
        if (invitations != null) {
            b.invitations(invitations);
        }
        SimulatorConfig config = b.build();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("pcw simulator: generating data (seed %d)...%n", seed);
        out.flush();
        PartnerCentralSimulator sim = PartnerCentralSimulator.start(config);
        if (kinesisEndpoint != null) {
            sim.eventLog()
                    .addListener(
                            new dev.pcw.connectors.partnercentral.simulator.kinesis
                                    .KinesisEventForwarder(kinesisEndpoint, kinesisStream));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    sim.close();
                                    stopped.countDown();
                                },
                                "pcw-simulator-shutdown"));
        out.printf("Partner Central Selling API  %s  (region us-east-1)%n", sim.endpoint());
        out.printf("admin API                    %s  (GET it for the routes)%n", sim.adminUrl());
        for (String line : sim.describeData()) {
            out.printf("data                         %s%n", line);
        }
        out.printf("quotas per account, catalog  %s%n", quotas);
        out.printf("faults                       %s%n", faults.describe());
        if (kinesisEndpoint != null) {
            out.printf(
                    "events to Kinesis            %s stream %s%n", kinesisEndpoint, kinesisStream);
        }
        out.printf(
                "changes                      %s%n",
                changesPerMinute > 0 ? changesPerMinute + " per minute" : "on demand (admin API)");
        out.printf(
                "try: aws partnercentral-selling list-opportunities --catalog AWS --max-results 5"
                        + " --region us-east-1 --endpoint-url %s%n",
                sim.endpoint());
        out.println("Press Ctrl+C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
