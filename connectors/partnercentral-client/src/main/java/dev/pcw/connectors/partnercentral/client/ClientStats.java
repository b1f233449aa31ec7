package dev.pcw.connectors.partnercentral.client;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one client: calls per operation (every attempt), throttled calls and retries. */
public final class ClientStats {
    private final ConcurrentHashMap<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder malformed = new LongAdder();

    void onCall(String operation) {
        calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    void onThrottled() {
        throttled.increment();
    }

    void onServerError() {
        serverErrors.increment();
    }

    void onRetry() {
        retries.increment();
    }

    void onMalformed() {
        malformed.increment();
    }

    /** Attempts per operation, as AWS counts them against the quota. */
    public Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long totalCalls() {
        long n = 0;
        for (LongAdder a : calls.values()) {
            n += a.sum();
        }
        return n;
    }

    public long throttled() {
        return throttled.sum();
    }

    public long serverErrors() {
        return serverErrors.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long malformed() {
        return malformed.sum();
    }
}
