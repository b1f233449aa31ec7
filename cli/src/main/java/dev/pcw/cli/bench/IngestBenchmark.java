package dev.pcw.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.connectors.partnercentral.source.PartnerCentralSource;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.SourceSettings;
import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import dev.pcw.schemas.partnercentral.Catalog;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * API efficiency of the ingest source (benchmark (a) of the ingest issue): on N opportunities, with
 * the simulator's and pcw's read quota set to the same raised figure, a full sync and then an
 * incremental one after a share of the records changed. Prints read calls ÷ ideal (list pages +
 * details), the sustained call rate ÷ quota while backlogged, and throttled calls.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {}

    /** Where finished runs report their watermark, keyed by run id (same JVM: local Flink). */
    private static final Map<String, RunListener.Resume> RESUME = new ConcurrentHashMap<>();

    /** One measured sync. */
    public static final class Sync {
        public final String label;
        public final long calls;
        public final long ideal;
        public final long throttled;
        public final double seconds;
        public final double quota;

        Sync(String label, long calls, long ideal, long throttled, double seconds, double quota) {
            this.label = label;
            this.calls = calls;
            this.ideal = ideal;
            this.throttled = throttled;
            this.seconds = seconds;
            this.quota = quota;
        }

        public double callsOverIdeal() {
            return (double) calls / ideal;
        }

        public double rateOverQuota() {
            return calls / seconds / quota;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%-12s read calls %,7d / ideal %,7d = %.3f   rate %6.1f/s / quota %.0f/s = %.3f"
                            + "   throttled %d",
                    label,
                    calls,
                    ideal,
                    callsOverIdeal(),
                    calls / seconds,
                    quota,
                    rateOverQuota(),
                    throttled);
        }
    }

    private static final class Capture implements RunListener {
        private static final long serialVersionUID = 1L;

        @Override
        public void runStarted(RunInfo run) {}

        @Override
        public RunCounters runFinished(
                RunInfo run, Instant endedAt, RunCounters counters, Resume resume) {
            RESUME.put(run.catalog + "/" + run.entity, resume);
            return counters;
        }
    }

    public static List<Sync> run(
            int opportunities, double quota, double changePercent, PrintStream out)
            throws Exception {
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .port(0)
                        .opportunities(opportunities)
                        .quotas(new QuotaSettings(quota, 0, 1, 0))
                        .build();
        try (PartnerCentralSimulator sim = PartnerCentralSimulator.start(config)) {
            out.printf(
                    Locale.ROOT,
                    "simulator: %,d opportunities, read quota %.0f/s (AWS's is 10/s: the ratios are"
                            + " what count); pcw's governor set to the same %.0f/s%n",
                    opportunities,
                    quota,
                    quota);
            long pages = (opportunities + 99) / 100;
            Sync full = sync(sim, quota, "full", Map.of(), pages + opportunities);
            out.println(full);

            int n = (int) Math.round(opportunities * changePercent / 100);
            List<Change> changes = sim.applyChanges("AWS", n);
            long changed =
                    changes.stream()
                            .filter(c -> c.entity() == PartnerCentralEntity.OPPORTUNITIES)
                            .map(Change::id)
                            .distinct()
                            .count();
            Sync incremental =
                    sync(
                            sim,
                            quota,
                            "incremental",
                            Map.copyOf(RESUME),
                            (changed + 99) / 100 + changed);
            out.printf(
                    Locale.ROOT,
                    "(%,d opportunities changed of %,d random changes)%n",
                    changed,
                    changes.size());
            out.println(incremental);
            return List.of(full, incremental);
        }
    }

    private static Sync sync(
            PartnerCentralSimulator sim,
            double quota,
            String label,
            Map<String, RunListener.Resume> resume,
            long ideal)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        // As in the ingest job: run ends (and the watermark the incremental sync starts from)
        // are reported when the checkpoint holding them completes.
        env.enableCheckpointing(1_000);
        SourceSettings settings =
                SourceSettings.builder()
                        .client(
                                PartnerCentralClientConfig.builder()
                                        .endpoint(sim.endpoint())
                                        .staticCredentials("bench", "secret")
                                        .readRate(quota)
                                        .readDaily(0)
                                        .build())
                        .catalogs(List.of(Catalog.AWS))
                        .entities(List.of(PartnerCentralEntity.OPPORTUNITIES))
                        .bounded(true)
                        .resumeFrom(resume)
                        .build();
        env.fromSource(
                        new PartnerCentralSource(settings, new Capture()),
                        WatermarkStrategy.noWatermarks(),
                        "pc")
                .uid("partner-central-source")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        JsonNode before = sim.statsJson();
        // The rate is measured from the first call to the last, as the simulator saw them.
        long[] window = {0, 0};
        long[] last = {before.at("/totals/calls").asLong()};
        Thread sampler =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                long calls = sim.statsJson().at("/totals/calls").asLong();
                                long now = System.nanoTime();
                                if (calls > last[0]) {
                                    if (window[0] == 0) {
                                        window[0] = now;
                                    }
                                    window[1] = now;
                                    last[0] = calls;
                                }
                                try {
                                    Thread.sleep(5);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "bench-sampler");
        sampler.start();
        env.execute("bench " + label);
        sampler.interrupt();
        sampler.join();
        JsonNode after = sim.statsJson();
        long calls = after.at("/totals/calls").asLong() - before.at("/totals/calls").asLong();
        long throttled =
                after.at("/totals/throttled").asLong() - before.at("/totals/throttled").asLong();
        // The first call opens the window: n calls span n-1 intervals.
        double seconds =
                Math.max(1e-3, (window[1] - window[0]) / 1e9) * calls / Math.max(1, calls - 1);
        return new Sync(label, calls, ideal, throttled, seconds, quota);
    }
}
