package dev.pcw.connectors.partnercentral.simulator.quota;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** The quota limiters of every (account, catalog, read|write) seen so far. */
public final class Quotas {
    private final LongSupplier nanoClock;
    private volatile QuotaSettings settings;
    private final ConcurrentHashMap<String, QuotaLimiter> limiters = new ConcurrentHashMap<>();

    public Quotas(QuotaSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    public QuotaSettings settings() {
        return settings;
    }

    /** Replaces the settings; counters start again from zero. */
    public synchronized void update(QuotaSettings next) {
        settings = next;
        limiters.clear();
    }

    public QuotaLimiter.Decision tryAcquire(String account, String catalog, boolean write) {
        String key = account + "|" + catalog + "|" + (write ? "write" : "read");
        QuotaSettings s = settings;
        QuotaLimiter limiter =
                limiters.computeIfAbsent(
                        key,
                        k ->
                                write
                                        ? new QuotaLimiter(s.writeRate(), s.writeDaily(), nanoClock)
                                        : new QuotaLimiter(s.readRate(), s.readDaily(), nanoClock));
        return limiter.tryAcquire();
    }

    /** Settings plus, per account and catalog, what was used and what is left. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.set("settings", settings.toJson());
        ArrayNode state = n.putArray("accounts");
        Map<String, QuotaLimiter> sorted = new TreeMap<>(limiters);
        sorted.forEach(
                (key, limiter) -> {
                    String[] parts = key.split("\\|");
                    ObjectNode s = state.addObject();
                    s.put("account", parts[0]);
                    s.put("catalog", parts[1]);
                    s.put("class", parts[2]);
                    s.put("usedLast24h", limiter.usedLast24h());
                    s.put("remainingLast24h", limiter.remainingLast24h());
                });
        return n;
    }
}
