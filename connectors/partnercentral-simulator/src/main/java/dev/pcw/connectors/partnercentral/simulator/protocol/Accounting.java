package dev.pcw.connectors.partnercentral.simulator.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every call the simulator answered, per operation and catalog: calls, successes, throttled
 * calls, and failures by error type. Tests and benchmarks read it through the admin API ({@code GET
 * /admin/stats}).
 */
public final class Accounting {
    private static final class Counters {
        final LongAdder calls = new LongAdder();
        final LongAdder ok = new LongAdder();
        final LongAdder throttled = new LongAdder();
        final LongAdder failed = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    }

    private final ConcurrentHashMap<String, Counters> counters = new ConcurrentHashMap<>();

    /** Catalog ({@code -} for none) → the access key ids that signed its calls. */
    private final ConcurrentHashMap<String, java.util.Set<String>> callers =
            new ConcurrentHashMap<>();

    /** Records the access key id that signed a call in {@code catalog}. */
    public void caller(String catalog, String accessKeyId) {
        callers.computeIfAbsent(catalog == null ? "-" : catalog, k -> ConcurrentHashMap.newKeySet())
                .add(accessKeyId);
    }

    /** The access key ids that signed calls in {@code catalog}. */
    public java.util.Set<String> callers(String catalog) {
        return java.util.Set.copyOf(callers.getOrDefault(catalog, java.util.Set.of()));
    }

    /**
     * Records one answered call.
     *
     * @param catalog the request's catalog, or {@code -} when it had none
     * @param errorType the error code answered, or null for a success
     */
    public void record(String operation, String catalog, String errorType) {
        Counters c =
                counters.computeIfAbsent(
                        operation + "|" + (catalog == null ? "-" : catalog), k -> new Counters());
        c.calls.increment();
        if (errorType == null) {
            c.ok.increment();
            return;
        }
        if ("ThrottlingException".equals(errorType)) {
            c.throttled.increment();
        } else {
            c.failed.increment();
        }
        c.errors.computeIfAbsent(errorType, k -> new LongAdder()).increment();
    }

    /** Calls of one operation in all catalogs. */
    public long calls(String operation) {
        long n = 0;
        for (Map.Entry<String, Counters> e : counters.entrySet()) {
            if (e.getKey().startsWith(operation + "|")) {
                n += e.getValue().calls.sum();
            }
        }
        return n;
    }

    public void reset() {
        counters.clear();
        callers.clear();
    }

    /**
     * {@code {"totals": {...}, "operations": {"ListOpportunities": {"AWS": {"calls": 3, "ok": 2,
     * "throttled": 1, "failed": 0, "errors": {"ThrottlingException": 1}}}}}}.
     */
    public ObjectNode toJson() {
        ObjectNode root = Json.object();
        ObjectNode totals = root.putObject("totals");
        long calls = 0;
        long ok = 0;
        long throttled = 0;
        long failed = 0;
        ObjectNode ops = root.putObject("operations");
        for (Map.Entry<String, Counters> e : new TreeMap<>(counters).entrySet()) {
            String[] parts = e.getKey().split("\\|", 2);
            Counters c = e.getValue();
            ObjectNode n = ops.with(parts[0]).putObject(parts[1]);
            n.put("calls", c.calls.sum());
            n.put("ok", c.ok.sum());
            n.put("throttled", c.throttled.sum());
            n.put("failed", c.failed.sum());
            ObjectNode errs = n.putObject("errors");
            new TreeMap<>(c.errors).forEach((k, v) -> errs.put(k, v.sum()));
            calls += c.calls.sum();
            ok += c.ok.sum();
            throttled += c.throttled.sum();
            failed += c.failed.sum();
        }
        totals.put("calls", calls);
        totals.put("ok", ok);
        totals.put("throttled", throttled);
        totals.put("failed", failed);
        return root;
    }
}
