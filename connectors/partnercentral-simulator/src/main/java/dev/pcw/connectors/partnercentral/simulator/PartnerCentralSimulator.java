package dev.pcw.connectors.partnercentral.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.pcw.connectors.partnercentral.simulator.admin.AdminHandler;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.data.ChangeEngine;
import dev.pcw.connectors.partnercentral.simulator.data.Dataset;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import dev.pcw.connectors.partnercentral.simulator.protocol.Accounting;
import dev.pcw.connectors.partnercentral.simulator.protocol.AwsJsonHandler;
import dev.pcw.connectors.partnercentral.simulator.protocol.Malformer;
import dev.pcw.connectors.partnercentral.simulator.protocol.SellingApi;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.connectors.partnercentral.simulator.quota.Quotas;
import dev.pcw.schemas.partnercentral.Catalog;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Partner Central Selling API: an HTTP server that speaks the AWS JSON 1.0 protocol of the
 * real service, so that the AWS SDK's {@code PartnerCentralSellingClient} works against it through
 * {@code endpointOverride}. It serves seeded, generated data per catalog, changes it over time,
 * enforces the account quotas and injects faults on demand. The admin API under {@link #adminUrl()}
 * reports calls and turns the knobs.
 *
 * <pre>{@code
 * try (PartnerCentralSimulator sim = PartnerCentralSimulator.start(
 *         SimulatorConfig.builder().port(0).opportunities(500).build())) {
 *     PartnerCentralSellingClient client = PartnerCentralSellingClient.builder()
 *             .endpointOverride(sim.endpoint())
 *             .region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(
 *                     AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
 *             .build();
 *     ...
 * }
 * }</pre>
 */
public final class PartnerCentralSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerCentralSimulator.class);

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, a
        // client's delayed ACK adds ~40 ms to every small response. Read once, at class load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    private final Map<String, Dataset> datasets = new LinkedHashMap<>();
    private final Map<String, ChangeEngine> engines = new LinkedHashMap<>();
    private final AtomicReference<FaultSettings> faults;
    private final Quotas quotas;
    private final Accounting accounting = new Accounting();
    private final EventLog events = new EventLog();
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService changeThread;

    private PartnerCentralSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        this.faults = new AtomicReference<>(config.faults());
        this.quotas = new Quotas(config.quotas(), System::nanoTime);
        long anchor = config.anchor().toEpochMilli();
        int[][] sizes = {
            {
                config.opportunities(),
                config.solutions(),
                config.engagements(),
                config.invitations()
            },
            {
                config.sandboxOpportunities(),
                Math.max(2, config.solutions() / 10),
                Math.max(2, config.engagements() / 10),
                Math.max(2, config.invitations() / 10)
            }
        };
        Catalog[] catalogs = Catalog.values();
        for (int i = 0; i < catalogs.length; i++) {
            String name = catalogs[i].wireName();
            Dataset d = Dataset.generate(config.seed(), name, config.accountId(), anchor, sizes[i]);
            datasets.put(name, d);
            engines.put(name, new ChangeEngine(d, System::currentTimeMillis, "us-east-1"));
        }
        SellingApi api =
                new SellingApi(
                        datasets,
                        faults::get,
                        new Malformer(config.seed()),
                        engines::get,
                        c -> publish(List.of(c)));
        AtomicInteger n = new AtomicInteger();
        this.httpThreads =
                Executors.newFixedThreadPool(
                        32,
                        r -> {
                            Thread t = new Thread(r, "pc-simulator-http-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
        server.createContext(
                "/",
                new AwsJsonHandler(
                        api,
                        quotas,
                        accounting,
                        faults::get,
                        config.accountId(),
                        config.requireUsEast1()));
        server.createContext("/admin", new AdminHandler(this));
        server.setExecutor(httpThreads);
        this.changeThread =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "pc-simulator-changes");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Generates the data and starts serving; {@link #close()} stops it. */
    public static PartnerCentralSimulator start(SimulatorConfig config) {
        try {
            PartnerCentralSimulator sim = new PartnerCentralSimulator(config);
            sim.server.start();
            if (config.changesPerMinute() > 0) {
                long periodMicros = (long) (60_000_000 / config.changesPerMinute());
                sim.changeThread.scheduleAtFixedRate(
                        sim::backgroundChange, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
            }
            return sim;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot start the Partner Central simulator on "
                            + config.host()
                            + ":"
                            + config.port()
                            + " ("
                            + e.getMessage()
                            + "); choose another --port, or 0 for a free one",
                    e);
        }
    }

    private void backgroundChange() {
        try {
            // Most changes happen in production; the Sandbox changes one time in ten.
            String catalog =
                    datasets.get(Catalog.SANDBOX.wireName()) != null
                                    && Math.floorMod(System.nanoTime(), 10) == 0
                            ? Catalog.SANDBOX.wireName()
                            : Catalog.AWS.wireName();
            applyChanges(catalog, 1);
        } catch (RuntimeException e) {
            LOG.error("background change failed", e);
        }
    }

    /** The endpoint to give the AWS SDK ({@code endpointOverride}). */
    public URI endpoint() {
        return URI.create("http://" + hostForUrl() + ":" + port());
    }

    /** The admin API's base URL. */
    public URI adminUrl() {
        return URI.create(endpoint() + "/admin");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private String hostForUrl() {
        String h = config.host();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    public SimulatorConfig config() {
        return config;
    }

    public Set<String> catalogs() {
        return datasets.keySet();
    }

    public Dataset dataset(String catalog) {
        Dataset d = datasets.get(catalog);
        if (d == null) {
            throw new IllegalArgumentException("no catalog '" + catalog + "': use " + catalogs());
        }
        return d;
    }

    public FaultSettings faults() {
        return faults.get();
    }

    public void setFaults(FaultSettings next) {
        faults.set(next);
    }

    public Quotas quotas() {
        return quotas;
    }

    public void setQuotas(QuotaSettings next) {
        quotas.update(next);
    }

    public Accounting accounting() {
        return accounting;
    }

    public EventLog eventLog() {
        return events;
    }

    /** Applies {@code count} random changes to a catalog now; returns them in order. */
    public List<Change> applyChanges(String catalog, int count) {
        dataset(catalog);
        List<Change> changes = engines.get(catalog).randomChanges(count);
        publish(changes);
        return changes;
    }

    /**
     * Changes one opportunity now.
     *
     * @param kind stage, review, spend, next_steps or close_date; null for a random one
     * @return null when the catalog has no such opportunity
     */
    public Change changeOpportunity(String catalog, String id, String kind) {
        dataset(catalog);
        Change c = engines.get(catalog).changeOpportunity(id, kind);
        if (c != null) {
            publish(List.of(c));
        }
        return c;
    }

    public Change createOpportunity(String catalog) {
        dataset(catalog);
        Change c = engines.get(catalog).createOpportunity();
        publish(List.of(c));
        return c;
    }

    /**
     * Sets an opportunity's review status, as AWS's reviewers would (e.g. {@code In review}, {@code
     * Approved}, {@code Action Required}); emits its event.
     */
    public Change review(String catalog, String id, String status) {
        dataset(catalog);
        if (dataset(catalog).opportunities().get(id) == null) {
            throw new IllegalArgumentException("no opportunity " + id + " in " + catalog);
        }
        Change c = engines.get(catalog).review(id, status);
        publish(List.of(c));
        return c;
    }

    private void publish(List<Change> changes) {
        for (Change c : changes) {
            if (c.event() != null) {
                events.append(c.event());
            }
        }
    }

    /** Calls, quota use, faults and dataset sizes, as {@code GET /admin/stats} reports them. */
    public ObjectNode statsJson() {
        ObjectNode n = accounting.toJson();
        n.set("quotas", quotas.toJson());
        n.set("faults", faults.get().toJson());
        return n;
    }

    public ObjectNode datasetsJson() {
        ObjectNode n = Json.object();
        for (Map.Entry<String, Dataset> e : datasets.entrySet()) {
            ObjectNode c = n.putObject(e.getKey());
            for (PartnerCentralEntity entity : PartnerCentralEntity.values()) {
                c.put(entity.configName(), e.getValue().store(entity).size());
            }
            long newest = 0;
            for (StoredRecord r : e.getValue().opportunities().all()) {
                newest = Math.max(newest, r.modifiedMillis());
            }
            c.put("newestOpportunityLastModifiedDate", newest == 0 ? null : Json.dateTime(newest));
        }
        return n;
    }

    /** One line per catalog for the startup banner. */
    public List<String> describeData() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Dataset> e : datasets.entrySet()) {
            Dataset d = e.getValue();
            lines.add(
                    String.format(
                            "%-8s %,d opportunities, %,d solutions, %,d engagements, %,d invitations",
                            e.getKey(),
                            d.opportunities().size(),
                            d.solutions().size(),
                            d.engagements().size(),
                            d.invitations().size()));
        }
        return lines;
    }

    @Override
    public void close() {
        changeThread.shutdownNow();
        server.stop(0);
        httpThreads.shutdownNow();
    }
}
