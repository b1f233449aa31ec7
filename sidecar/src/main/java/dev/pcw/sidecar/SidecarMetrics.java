package dev.pcw.sidecar;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sidecar's metrics in Prometheus' text exposition format (version 0.0.4), served at {@code GET
 * /metrics}: requests by method, route template and status, their latency, and gauges the caller
 * reads from the metadata DB at each scrape. Labels are route templates ({@code
 * /actions/{id}/approve}), never paths, ids or principals, so the series are few and hold nothing
 * personal.
 */
final class SidecarMetrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> latencyMicros = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> latencyCount = new ConcurrentHashMap<>();

    /** Counts one answered request. */
    void request(String method, String route, int status, long nanos) {
        String key = labels("method", method, "route", route, "status", Integer.toString(status));
        requests.computeIfAbsent(key, k -> new LongAdder()).increment();
        String timed = labels("method", method, "route", route);
        latencyMicros.computeIfAbsent(timed, k -> new LongAdder()).add(nanos / 1_000);
        latencyCount.computeIfAbsent(timed, k -> new LongAdder()).increment();
    }

    /** Gauges read at a scrape: name → (label set → value). */
    static final class Gauges {
        private final Map<String, String> help = new TreeMap<>();
        private final Map<String, Map<String, Double>> values = new TreeMap<>();

        void add(String name, String helpText, String labels, double value) {
            help.put(name, helpText);
            values.computeIfAbsent(name, k -> new TreeMap<>()).merge(labels, value, Double::sum);
        }
    }

    /** The exposition: the request series, then {@code gauges}. */
    String render(Gauges gauges) {
        StringBuilder out = new StringBuilder();
        family(
                out,
                "pcw_sidecar_http_requests_total",
                "counter",
                "Requests answered, by method, route template and status",
                new TreeMap<>(requests));
        out.append("# HELP pcw_sidecar_http_request_duration_seconds")
                .append(" Time to answer, by method and route template\n")
                .append("# TYPE pcw_sidecar_http_request_duration_seconds summary\n");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(latencyCount).entrySet()) {
            LongAdder micros = latencyMicros.get(e.getKey());
            out.append("pcw_sidecar_http_request_duration_seconds_sum")
                    .append(e.getKey())
                    .append(' ')
                    .append(number((micros == null ? 0 : micros.sum()) / 1e6))
                    .append('\n');
            out.append("pcw_sidecar_http_request_duration_seconds_count")
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue().sum())
                    .append('\n');
        }
        for (Map.Entry<String, Map<String, Double>> g : gauges.values.entrySet()) {
            out.append("# HELP ")
                    .append(g.getKey())
                    .append(' ')
                    .append(gauges.help.get(g.getKey()))
                    .append('\n')
                    .append("# TYPE ")
                    .append(g.getKey())
                    .append(" gauge\n");
            for (Map.Entry<String, Double> v : g.getValue().entrySet()) {
                out.append(g.getKey())
                        .append(v.getKey())
                        .append(' ')
                        .append(number(v.getValue()))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static void family(
            StringBuilder out,
            String name,
            String type,
            String help,
            Map<String, LongAdder> series) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (Map.Entry<String, LongAdder> e : series.entrySet()) {
            out.append(name).append(e.getKey()).append(' ').append(e.getValue().sum()).append('\n');
        }
    }

    /** {@code {a="x",b="y"}} from name/value pairs, values escaped as the format requires. */
    static String labels(String... pairs) {
        if (pairs.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
        return b.append('}').toString();
    }

    private static String escape(String v) {
        return String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
