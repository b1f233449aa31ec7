package dev.pcw.connectors.partnercentral.simulator.cloudwatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pcw.connectors.partnercentral.simulator.protocol.AwsQuery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local endpoint that keeps Amazon CloudWatch's contract for {@code PutMetricData} (the Query
 * protocol, {@code Version=2010-08-01}, as the AWS SDK for Java 2 calls it, gzip-compressed bodies
 * included) and keeps what it was sent. It refuses what CloudWatch refuses: a missing or {@code
 * AWS/} namespace, a datum without a name or a value, an unknown unit, more than 1,000 datums or 30
 * dimensions. Loopback only, free port; the signature is not verified.
 */
public final class LocalCloudWatch implements AutoCloseable {
    private static final String NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final Set<String> UNITS =
            Set.of(
                    "Seconds",
                    "Microseconds",
                    "Milliseconds",
                    "Bytes",
                    "Kilobytes",
                    "Megabytes",
                    "Gigabytes",
                    "Terabytes",
                    "Bits",
                    "Kilobits",
                    "Megabits",
                    "Gigabits",
                    "Terabits",
                    "Percent",
                    "Count",
                    "Bytes/Second",
                    "Kilobytes/Second",
                    "Megabytes/Second",
                    "Gigabytes/Second",
                    "Terabytes/Second",
                    "Bits/Second",
                    "Kilobits/Second",
                    "Megabits/Second",
                    "Gigabits/Second",
                    "Terabits/Second",
                    "Count/Second",
                    "None");

    /** One datum as CloudWatch stored it. */
    public static final class Datum {
        public final String namespace;
        public final String name;
        public final Map<String, String> dimensions;
        public final double value;
        public final String unit;
        public final Instant timestamp;

        Datum(
                String namespace,
                String name,
                Map<String, String> dimensions,
                double value,
                String unit,
                Instant timestamp) {
            this.namespace = namespace;
            this.name = name;
            this.dimensions = Collections.unmodifiableMap(dimensions);
            this.value = value;
            this.unit = unit;
            this.timestamp = timestamp;
        }

        @Override
        public String toString() {
            return namespace + " " + name + dimensions + " = " + value + " " + unit;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Datum> datums = new CopyOnWriteArrayList<>();

    private LocalCloudWatch() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts an endpoint on 127.0.0.1 and a free port. */
    public static LocalCloudWatch start() throws IOException {
        return new LocalCloudWatch();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every datum accepted so far, in the order received. */
    public List<Datum> datums() {
        return List.copyOf(datums);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            Map<String, String> form = AwsQuery.form(ex);
            String action = form.getOrDefault("Action", "");
            if (!action.equals("PutMetricData")) {
                AwsQuery.error(
                        ex,
                        NS,
                        400,
                        "InvalidAction",
                        "Could not find operation " + action + " for version 2010-08-01");
                return;
            }
            List<Datum> accepted = new ArrayList<>();
            String refusal = putMetricData(form, accepted);
            if (refusal != null) {
                AwsQuery.error(
                        ex,
                        NS,
                        400,
                        refusal.startsWith("The parameter")
                                ? "MissingParameter"
                                : "InvalidParameterValue",
                        refusal);
                return;
            }
            datums.addAll(accepted);
            AwsQuery.send(
                    ex,
                    200,
                    "<PutMetricDataResponse xmlns=\""
                            + NS
                            + "\">"
                            + AwsQuery.metadata()
                            + "</PutMetricDataResponse>");
        } finally {
            ex.close();
        }
    }

    /** Reads the datums into {@code out}; the refusal's message, or null when all are valid. */
    private static String putMetricData(Map<String, String> form, List<Datum> out) {
        String namespace = form.get("Namespace");
        if (namespace == null || namespace.isEmpty()) {
            return "The parameter Namespace is required.";
        }
        if (namespace.startsWith("AWS/")) {
            return "The value " + namespace + " for parameter Namespace is invalid.";
        }
        for (int i = 1; form.containsKey("MetricData.member." + i + ".MetricName"); i++) {
            if (i > 1000) {
                return "The collection MetricData must not have a size greater than 1000.";
            }
            String p = "MetricData.member." + i + ".";
            String name = form.get(p + "MetricName");
            String unit = form.getOrDefault(p + "Unit", "None");
            if (!UNITS.contains(unit)) {
                return "The value "
                        + unit
                        + " for parameter MetricData.member."
                        + i
                        + ".Unit is invalid.";
            }
            String value = form.get(p + "Value");
            if (value == null && !form.containsKey(p + "Values.member.1")) {
                return "The parameter MetricData.member." + i + ".Value is required.";
            }
            Map<String, String> dims = new TreeMap<>();
            for (int d = 1; form.containsKey(p + "Dimensions.member." + d + ".Name"); d++) {
                if (d > 30) {
                    return "The collection MetricData.member."
                            + i
                            + ".Dimensions must not have a size greater than 30.";
                }
                dims.put(
                        form.get(p + "Dimensions.member." + d + ".Name"),
                        form.getOrDefault(p + "Dimensions.member." + d + ".Value", ""));
            }
            String ts = form.get(p + "Timestamp");
            Instant at = ts == null ? Instant.now() : Instant.parse(ts);
            if (value != null) {
                out.add(new Datum(namespace, name, dims, Double.parseDouble(value), unit, at));
            } else {
                for (int v = 1; form.containsKey(p + "Values.member." + v); v++) {
                    double x = Double.parseDouble(form.get(p + "Values.member." + v));
                    String count = form.get(p + "Counts.member." + v);
                    int times = count == null ? 1 : (int) Double.parseDouble(count);
                    for (int t = 0; t < times; t++) {
                        out.add(new Datum(namespace, name, dims, x, unit, at));
                    }
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
