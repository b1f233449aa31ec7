package dev.pcw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.events.EventSinks;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pcw demo}: the whole ingest path on one machine — simulator, local Flink, local lake — a
 * full sync, then changes and an incremental sync that fetches only them, then a query.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        description = {
            "Run the ingest job on its embedded default: a Partner Central simulator, a local"
                    + " Flink and a local lake under ./var/demo. A full sync, then ~5%% of the"
                    + " records change and an incremental sync fetches only those and emits their"
                    + " change events, then a sample query. About a minute on 2 cores.",
            ""
        })
final class DemoCommand implements Callable<Integer> {
    /** AWS's read quota per account, for the "at the real quota" estimate. */
    private static final double AWS_READ_RATE = 10;

    @Option(
            names = "--opportunities",
            description = "Opportunities in the AWS catalog (default: ${DEFAULT-VALUE}).")
    int opportunities = 2_000;

    @Option(
            names = "--change-percent",
            description =
                    "Share of records changed before the second sync (default: ${DEFAULT-VALUE}).")
    double changePercent = 5;

    @Option(
            names = "--read-rate",
            description =
                    "The simulator's and pcw's raised read quota, calls/s (default: ${DEFAULT-VALUE}).")
    double readRate = 250;

    @Option(
            names = "--home",
            description =
                    "Where the demo keeps its state; emptied first (default: ${DEFAULT-VALUE}).")
    Path home = Path.of("var", "demo");

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Dirs.reset(home, "pcw demo");
        SimulatorConfig simConfig =
                SimulatorConfig.builder()
                        .port(0)
                        .opportunities(opportunities)
                        .quotas(new QuotaSettings(readRate, 0, 1, 10_000))
                        .build();
        out.printf("pcw demo: state under %s (emptied first)%n", home);
        try (PartnerCentralSimulator sim = PartnerCentralSimulator.start(simConfig)) {
            out.printf("Partner Central simulator on %s%n", sim.endpoint());
            for (String line : sim.describeData()) {
                out.printf("  %s%n", line);
            }
            out.printf(
                    "  read quota raised from AWS's %.0f/s to %.0f/s for the demo (pcw's governor"
                            + " uses the same figure, so nothing is throttled)%n",
                    AWS_READ_RATE, readRate);
            Map<String, String> set = new HashMap<>();
            set.put("home", home.toString());
            set.put("connectors.partner_central.endpoint", sim.endpoint().toString());
            set.put("connectors.partner_central.access_key_id", "pcw-demo");
            set.put("connectors.partner_central.secret_access_key", "demo-secret");
            set.put("connectors.partner_central.catalogs", "AWS,Sandbox");
            set.put("connectors.partner_central.quota.read_rate", String.valueOf(readRate));
            set.put("flink.checkpoint_interval", "2s");
            set.put("flink.parallelism", "2");
            PcwConfig config = PcwConfig.load(null, Map.of(), set);

            Sync first = sync(config, sim, "1 full");
            printEvents(config, false);
            out.printf(
                    "  at AWS's real read quota (%.0f/s for the whole account) these %,d calls take"
                            + " %s%n",
                    AWS_READ_RATE, first.calls, duration(first.calls / AWS_READ_RATE));

            int changes = (int) Math.round(opportunities * changePercent / 100);
            List<Change> applied = sim.applyChanges("AWS", changes);
            long changedOpportunities =
                    applied.stream()
                            .filter(c -> c.entity() == PartnerCentralEntity.OPPORTUNITIES)
                            .map(Change::id)
                            .distinct()
                            .count();
            out.printf(
                    "%nThe simulator changed %,d records (%,d opportunities: stages, reviews, spend,"
                            + " new ones).%n",
                    applied.size(), changedOpportunities);
            Sync second = sync(config, sim, "2 incremental");
            long changedOthers =
                    applied.stream()
                            .filter(
                                    c ->
                                            c.entity()
                                                            == PartnerCentralEntity
                                                                    .ENGAGEMENT_INVITATIONS
                                                    || c.entity()
                                                            == PartnerCentralEntity.ENGAGEMENTS)
                            .map(c -> c.entity() + c.id())
                            .distinct()
                            .count();
            out.printf(
                    "  GetOpportunity calls: %,d for %,d changed opportunities — only the changed"
                            + " opportunities were fetched%n"
                            + "  GetEngagementInvitation and GetEngagement calls: %,d for %,d changed"
                            + " invitations and engagements (the API cannot filter them by change:"
                            + " pcw lists them and fetches those whose list item differs from the"
                            + " last run's)%n",
                    second.getOpportunity, changedOpportunities, second.otherGets, changedOthers);
            printEvents(config, true);

            String written = write(config, sim);
            sync(config, sim, "3 incremental");
            printWritten(config, written);

            tiers(config);

            printRuns(config);
            printQuery(config);
            out.printf(
                    "%nWhere it is: bronze %s, Iceberg warehouse %s, runs in %s%n",
                    home.resolve("lake/bronze/partnercentral"),
                    IngestJob.lakeConfig(config).warehouse(),
                    LocalFlink.dbUrl(config));
            out.printf(
                    "Query it yourself: bin/pcw query --set home=%s \"SELECT * FROM"
                            + " partnercentral_opportunities LIMIT 5\"%n",
                    home);
        }
        out.printf("pcw demo: done in %s%n", duration((System.nanoTime() - started) / 1e9));
        return 0;
    }

    /** What one sync cost, from the simulator's own counters. */
    private static final class Sync {
        long calls;
        long getOpportunity;
        long otherGets;
    }

    private Sync sync(PcwConfig config, PartnerCentralSimulator sim, String label)
            throws Exception {
        out.printf("%nRun %s sync%n", label);
        JsonNode before = sim.statsJson();
        StreamExecutionEnvironment env = LocalFlink.environment(config, null);
        IngestJob.build(env, config, true, LocalFlink.resume(config), LocalFlink.listener(config));
        long start = System.nanoTime();
        JobClient job = env.executeAsync("pcw demo " + label);
        java.util.concurrent.CompletableFuture<?> result = job.getJobExecutionResult();
        boolean tty = System.console() != null;
        long lastPrint = 0;
        String printed = null;
        while (!result.isDone()) {
            Thread.sleep(250);
            long now = System.nanoTime();
            if (now - lastPrint >= (tty ? 500_000_000L : 5_000_000_000L)) {
                lastPrint = now;
                printed = progress(before, sim.statsJson(), (now - start) / 1e9);
                out.print(tty ? "\r  " + printed + "   " : "  " + printed + "\n");
                out.flush();
            }
        }
        result.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode after = sim.statsJson();
        String last = progress(before, after, seconds);
        if (tty) {
            out.print("\r  " + last + "   \n");
        } else if (printed == null || !last.substring(7).equals(printed.substring(7))) {
            // (the first 7 characters are the elapsed time)
            out.print("  " + last + "\n");
        }
        Sync s = new Sync();
        s.calls = after.at("/totals/calls").asLong() - before.at("/totals/calls").asLong();
        s.getOpportunity = ops(after, "GetOpportunity") - ops(before, "GetOpportunity");
        s.otherGets =
                ops(after, "GetEngagementInvitation")
                        - ops(before, "GetEngagementInvitation")
                        + ops(after, "GetEngagement")
                        - ops(before, "GetEngagement");
        return s;
    }

    private String progress(JsonNode before, JsonNode now, double seconds) {
        long calls = now.at("/totals/calls").asLong() - before.at("/totals/calls").asLong();
        long throttled =
                now.at("/totals/throttled").asLong() - before.at("/totals/throttled").asLong();
        long pages = 0;
        long records = 0;
        for (String op :
                List.of(
                        "ListOpportunities",
                        "ListSolutions",
                        "ListEngagementInvitations",
                        "ListEngagements")) {
            pages += ops(now, op) - ops(before, op);
        }
        for (String op : List.of("GetOpportunity", "GetEngagementInvitation", "GetEngagement")) {
            records += ops(now, op) - ops(before, op);
        }
        long opportunities = ops(now, "GetOpportunity") - ops(before, "GetOpportunity");
        return String.format(
                Locale.ROOT,
                "%5.1fs  opportunities %,d · records %,d · pages %,d · calls %,d (%.0f/s of %.0f/s quota) · throttled %,d",
                seconds,
                opportunities,
                records,
                pages,
                calls,
                seconds > 0 ? calls / seconds : 0,
                readRate,
                throttled);
    }

    private static long ops(JsonNode stats, String op) {
        long n = 0;
        JsonNode byCatalog = stats.path("operations").path(op);
        for (JsonNode c : byCatalog) {
            n += c.path("ok").asLong();
        }
        return n;
    }

    /** Ids of the change events printed so far, so each sync shows only its own. */
    private final java.util.Set<String> seenEvents = new java.util.HashSet<>();

    /** The committed events not seen before, marked seen. */
    private List<JsonNode> freshEvents(PcwConfig config) throws IOException {
        String where = EventSinks.fileDir(config, IngestJob.lakeConfig(config).lakeRoot());
        Path dir = where.startsWith("file:") ? Path.of(java.net.URI.create(where)) : Path.of(where);
        List<JsonNode> fresh = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files =
                        walk.filter(
                                        p ->
                                                p.getFileName().toString().startsWith("events-")
                                                        && p.toString().endsWith(".jsonl"))
                                .sorted()
                                .collect(java.util.stream.Collectors.toList());
            }
            com.fasterxml.jackson.databind.ObjectMapper mapper =
                    new com.fasterxml.jackson.databind.ObjectMapper();
            for (Path f : files) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode e = line.isBlank() ? null : mapper.readTree(line);
                    if (e != null && seenEvents.add(e.path("id").asText())) {
                        fresh.add(e);
                    }
                }
            }
        }
        return fresh;
    }

    private void printEvents(PcwConfig config, boolean sample) throws IOException {
        String where = EventSinks.fileDir(config, IngestJob.lakeConfig(config).lakeRoot());
        Path dir = where.startsWith("file:") ? Path.of(java.net.URI.create(where)) : Path.of(where);
        List<JsonNode> fresh = freshEvents(config);
        Map<String, Long> byType = new java.util.TreeMap<>();
        for (JsonNode e : fresh) {
            byType.merge(e.path("type").asText(), 1L, Long::sum);
        }
        out.printf("  change events (CloudEvents, JSON lines under %s): %,d%n", dir, fresh.size());
        byType.forEach((type, n) -> out.printf("    %-55s %,6d%n", type, n));
        if (sample) {
            // A stage change if there is one, else any opportunity update.
            fresh.stream()
                    .filter(e -> e.path("type").asText().endsWith("opportunity.stage_changed"))
                    .findFirst()
                    .or(
                            () ->
                                    fresh.stream()
                                            .filter(
                                                    e ->
                                                            e.path("type")
                                                                    .asText()
                                                                    .endsWith(
                                                                            "opportunity.updated"))
                                            .findFirst())
                    .ifPresent(
                            e ->
                                    out.printf(
                                            "  one of them:%n%s%n",
                                            e.toPrettyString().replaceAll("(?m)^", "    ")));
        }
    }

    private void printRuns(PcwConfig config) {
        out.printf("%nIngestion runs (table ingestion_runs):%n");
        out.printf(
                "  %-8s %-24s %-12s %9s %9s %9s%n",
                "catalog", "entity", "mode", "records", "api_calls", "throttled");
        try (MetadataDb db = MetadataDb.open(LocalFlink.dbUrl(config))) {
            List<IngestionRun> runs =
                    new ArrayList<>(new IngestionRuns(db, Clock.systemUTC()).recent(100));
            runs.sort(Comparator.comparing(IngestionRun::startedAt));
            for (IngestionRun r : runs) {
                out.printf(
                        "  %-8s %-24s %-12s %,9d %,9d %,9d%n",
                        r.catalog(),
                        r.entity(),
                        r.mode(),
                        r.stats() == null ? 0 : r.stats().records(),
                        r.stats() == null ? 0 : r.stats().apiCalls(),
                        r.stats() == null ? 0 : r.stats().throttled());
            }
        }
    }

    /**
     * The write half: a create requested by one principal, approved by another, executed once by
     * the sidecar's worker; returns the new opportunity's id.
     */
    private String write(PcwConfig config, PartnerCentralSimulator sim) throws Exception {
        out.printf(
                "%nWrite through the sidecar: a CreateOpportunity requested by one principal,"
                        + " approved by another%n");
        com.fasterxml.jackson.databind.ObjectMapper json =
                new com.fasterxml.jackson.databind.ObjectMapper();
        try (dev.pcw.connectors.metadata.MetadataDb db = LocalFlink.openDb(config);
                dev.pcw.sidecar.Sidecar sidecar =
                        dev.pcw.sidecar.Sidecar.start(
                                db, SidecarCommand.settings(config), "127.0.0.1", 0)) {
            dev.pcw.connectors.metadata.ApiKeys keys =
                    new dev.pcw.connectors.metadata.ApiKeys(db, java.time.Clock.systemUTC());
            String sales = keys.create("demo-sales", List.of("requester")).secret;
            String lead = keys.create("demo-lead", List.of("approver")).secret;
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String body =
                    "{\"ticketId\": \"DEMO-1\", \"Origin\": \"Partner Referral\","
                            + " \"OpportunityType\": \"Net New Business\", \"Customer\":"
                            + " {\"Account\": {\"CompanyName\": \"Demo Written Corp\","
                            + " \"Industry\": \"Software and Internet\", \"WebsiteUrl\":"
                            + " \"https://written.example.com\", \"Address\": {\"CountryCode\":"
                            + " \"US\", \"PostalCode\": \"98101\"}}}, \"Project\": {\"Title\":"
                            + " \"Data lake\", \"ExpectedCustomerSpend\": [{\"Amount\":"
                            + " \"5000.00\", \"CurrencyCode\": \"USD\", \"Frequency\":"
                            + " \"Monthly\", \"TargetCompany\": \"AWS\"}]}, \"LifeCycle\":"
                            + " {\"TargetCloseDate\": \"2027-03-31\"}}";
            com.fasterxml.jackson.databind.JsonNode requested =
                    json.readTree(
                            http.send(
                                            java.net.http.HttpRequest.newBuilder(
                                                            sidecar.uri()
                                                                    .resolve(
                                                                            "/actions/opportunity"))
                                                    .header("Authorization", "Bearer " + sales)
                                                    .header("Content-Type", "application/json")
                                                    .POST(
                                                            java.net.http.HttpRequest.BodyPublishers
                                                                    .ofString(body))
                                                    .build(),
                                            java.net.http.HttpResponse.BodyHandlers.ofString())
                                    .body());
            String id = requested.path("id").asText();
            out.printf(
                    "  POST /actions/opportunity as demo-sales (ticket DEMO-1): %s, request_hash"
                            + " %s…%n",
                    requested.path("status").asText(),
                    requested.path("request_hash").asText().substring(0, 12));
            com.fasterxml.jackson.databind.node.ObjectNode seen = json.createObjectNode();
            seen.put("request_hash", requested.path("request_hash").asText());
            com.fasterxml.jackson.databind.JsonNode approved =
                    json.readTree(
                            http.send(
                                            java.net.http.HttpRequest.newBuilder(
                                                            sidecar.uri()
                                                                    .resolve(
                                                                            "/actions/"
                                                                                    + id
                                                                                    + "/approve"))
                                                    .header("Authorization", "Bearer " + lead)
                                                    .header("Content-Type", "application/json")
                                                    .POST(
                                                            java.net.http.HttpRequest.BodyPublishers
                                                                    .ofString(seen.toString()))
                                                    .build(),
                                            java.net.http.HttpResponse.BodyHandlers.ofString())
                                    .body());
            out.printf(
                    "  POST /actions/%s/approve as demo-lead: %s%n",
                    id, approved.path("status").asText());
            dev.pcw.connectors.metadata.WriteActions actions =
                    new dev.pcw.connectors.metadata.WriteActions(db);
            long deadline = System.currentTimeMillis() + 30_000;
            dev.pcw.connectors.metadata.WriteActions.Action a = actions.get(id).orElseThrow();
            while (!a.isFinal() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                a = actions.get(id).orElseThrow();
            }
            if (!"succeeded".equals(a.status)) {
                throw new IllegalStateException(
                        "the demo's write action ended " + a.status + ": " + a.error);
            }
            String opportunity = json.readTree(a.resultJson).path("opportunity_id").asText();
            out.printf(
                    "  executed once by the sidecar's worker (ClientToken %s): opportunity %s;"
                            + " CreateOpportunity calls %d; audit rows for it %d (pcw audit verify"
                            + " checks their chain)%n",
                    a.clientToken,
                    opportunity,
                    sim.accounting().calls("CreateOpportunity"),
                    new dev.pcw.connectors.metadata.AuditLog(db, java.time.Clock.systemUTC())
                            .about(id)
                            .size());
            return opportunity;
        }
    }

    /** The written opportunity, read back from silver after the next sync. */
    private void printWritten(PcwConfig config, String opportunity) {
        String sql =
                "SELECT id, customer_company_name, stage, review_status FROM"
                        + " partnercentral_opportunities WHERE id = '"
                        + opportunity
                        + "'";
        out.printf("  the written opportunity in silver:%n  %s%n", sql);
        LocalFlink.tables(config).executeSql(sql).print();
    }

    /**
     * Partner tiers: a sample file's dry-run diff, applied by the partner-tiers job with its
     * events, then one tier upgrade.
     */
    private void tiers(PcwConfig base) throws Exception {
        // The events so far were the ingest job's: count only the tier events below.
        freshEvents(base);
        Path input = Files.createDirectories(home.resolve("partners"));
        Path file = input.resolve("partners_demo.csv");
        try (java.io.InputStream in =
                DemoCommand.class.getResourceAsStream("/demo/partners_demo.csv")) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        PcwConfig config =
                base.with(
                        Map.of(
                                "partner_tiers.input",
                                input.toString(),
                                "partner_tiers.tiers.premier tier services",
                                "Premier"));
        out.printf(
                "%nPartner tiers: %s (partner_tiers.tiers maps 'premier tier services' to"
                        + " Premier)%n",
                file);
        tierDiff(config, "the dry run's diff (pcw tiers sync)");
        runTiersJob(config);
        printEvents(config, false);
        String upgraded =
                Files.readString(file)
                        .replace("Blue Harbor Cloud,Silver", "Blue Harbor Cloud,Gold");
        Files.writeString(file, upgraded);
        Files.setLastModifiedTime(
                file,
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        tierDiff(config, "after an upgrade in the file");
        runTiersJob(config);
        printEvents(config, false);
        out.printf(
                "  the store: bin/pcw tiers list --set home=%s ; notes: bin/pcw tiers"
                        + " export-obsidian --vault DIR%n",
                home);
    }

    private void tierDiff(PcwConfig config, String label) throws Exception {
        try (TiersCommand.Lake lake = new TiersCommand.Lake(config)) {
            dev.pcw.connectors.partnertiers.TierSync.Outcome o =
                    new dev.pcw.connectors.partnertiers.TierSync(
                                    lake.store,
                                    new dev.pcw.schemas.tiers.TierNormalizer(
                                            config.tierVocabulary()))
                            .sync(
                                    dev.pcw.connectors.partnertiers.TierInputFolder.of(
                                            config.tierInput(), lake.config),
                                    true,
                                    true,
                                    "demo");
            out.printf(
                    "  %s: %d added, %d updated, %d unchanged%n",
                    label,
                    o.diff().added().size(),
                    o.diff().updated().size(),
                    o.diff().unchanged().size());
            for (dev.pcw.schemas.tiers.TierDiff.Change c : o.diff().added()) {
                out.printf(
                        "    added    %-8s %-22s %-10s %s%n",
                        c.tier().oem(), c.tier().name(), c.tier().tier(), c.tier().program());
            }
            for (dev.pcw.schemas.tiers.TierDiff.Change c : o.diff().updated()) {
                out.printf(
                        "    updated  %-8s %-22s %-10s (was %s)%n",
                        c.tier().oem(), c.tier().name(), c.tier().tier(), c.previous().tier());
            }
        }
    }

    private void runTiersJob(PcwConfig config) throws Exception {
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                LocalFlink.environment(config, null, false, "checkpoints-partner-tiers");
        dev.pcw.jobs.tiers.PartnerTiersJob.build(env, config, true, LocalFlink.dbUrl(config));
        env.execute("pcw partner-tiers (demo)");
        out.println("  applied by the partner-tiers job (bin/pcw run partner-tiers --bounded)");
    }

    private void printQuery(PcwConfig config) {
        String sql =
                "SELECT stage, COUNT(*) AS opportunities, CAST(SUM(expected_revenue_usd) AS BIGINT)"
                        + " AS expected_revenue_usd FROM partnercentral_opportunities WHERE catalog ="
                        + " 'AWS' GROUP BY stage ORDER BY opportunities DESC";
        out.printf("%nA sample query (bin/pcw query \"...\"):%n  %s%n", sql);
        LocalFlink.tables(config).executeSql(sql).print();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
