package dev.pcw.cli;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Collects the few metrics of a local job that {@code pcw run ingest} shows as its progress line:
 * records, API calls, throttled calls, dead letters and change events, summed over subtasks. A
 * metric reporter of the local Flink (see {@link LocalFlink#environment}); what subtasks counted
 * before they finished or were restarted (a failover registers their metrics anew, from 0) is kept,
 * so the line never goes back: it counts the work done, work done again after a restart included
 * (every API call attempt counts against the quota).
 */
public final class ProgressReporter implements MetricReporter {
    /** metric suffix → identifier → value. */
    private static final Map<String, Map<String, LongSupplier>> VALUES = new ConcurrentHashMap<>();

    /** metric suffix → what removed metrics (finished or restarted subtasks) had counted. */
    private static final Map<String, java.util.concurrent.atomic.AtomicLong> CARRIED =
            new ConcurrentHashMap<>();

    /** The metrics shown, by the end of their identifier. */
    static final String RECORDS = ".partnercentral.records";

    static final String API_CALLS = ".partnercentral.apiCalls";
    static final String THROTTLED = ".partnercentral.throttled";
    static final String DEAD_LETTERS = ".normalize.deadLetters";
    static final String EVENTS = ".changes.emitted";

    /** The replay's: bronze lines read, and its guards' rows written, unchanged and older. */
    static final String BRONZE_LINES = ".replay.bronzeLines";

    static final String REPLAY_WRITTEN = ".replayWritten";
    static final String REPLAY_UNCHANGED = ".replayUnchanged";
    static final String REPLAY_OLDER = ".replayOlder";
    private static final String[] SHOWN = {
        RECORDS,
        API_CALLS,
        THROTTLED,
        DEAD_LETTERS,
        EVENTS,
        BRONZE_LINES,
        REPLAY_WRITTEN,
        REPLAY_UNCHANGED,
        REPLAY_OLDER
    };

    /** Creates the reporter; named in the local Flink's configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new ProgressReporter();
        }
    }

    /** Forgets what an earlier job reported. */
    static void reset() {
        VALUES.clear();
        CARRIED.clear();
    }

    /** The sum of one shown metric over every subtask, finished ones included. */
    static long sum(String suffix) {
        java.util.concurrent.atomic.AtomicLong carried = CARRIED.get(suffix);
        long n = carried == null ? 0 : carried.get();
        for (LongSupplier v : VALUES.getOrDefault(suffix, Map.of()).values()) {
            n += v.getAsLong();
        }
        return n;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String id = group.getMetricIdentifier(name);
        for (String suffix : SHOWN) {
            if (id.endsWith(suffix)) {
                LongSupplier value = valueOf(metric);
                if (value != null) {
                    VALUES.computeIfAbsent(suffix, s -> new ConcurrentHashMap<>()).put(id, value);
                }
            }
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        String id = group.getMetricIdentifier(name);
        for (String suffix : SHOWN) {
            Map<String, LongSupplier> m = VALUES.get(suffix);
            LongSupplier value = m == null ? null : m.remove(id);
            if (value != null) {
                CARRIED.computeIfAbsent(suffix, s -> new java.util.concurrent.atomic.AtomicLong())
                        .addAndGet(value.getAsLong());
            }
        }
    }

    private static LongSupplier valueOf(Metric metric) {
        if (metric instanceof Counter) {
            return ((Counter) metric)::getCount;
        }
        if (metric instanceof Gauge) {
            Gauge<?> g = (Gauge<?>) metric;
            return () -> {
                Object v = g.getValue();
                return v instanceof Number ? Math.max(0, ((Number) v).longValue()) : 0;
            };
        }
        return null;
    }
}
