package dev.pcw.connectors.partnercentral.client;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for throttled and failed calls: attempt {@code n} (from 1) waits
 * between half and all of {@code min(cap, base × 2^(n-1))}, so that callers that failed together do
 * not retry together.
 */
public final class Backoff {
    private final long baseMillis;
    private final long capMillis;

    public Backoff(long baseMillis, long capMillis) {
        if (baseMillis <= 0 || capMillis < baseMillis) {
            throw new IllegalArgumentException(
                    "backoff needs 0 < base <= cap, was base " + baseMillis + " cap " + capMillis);
        }
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
    }

    /** The wait before retry number {@code attempt} (1 for the first retry). */
    public long delayMillis(int attempt) {
        long ceiling = baseMillis << Math.min(Math.max(attempt - 1, 0), 30);
        long d = Math.min(capMillis, ceiling);
        long half = d / 2;
        return half + ThreadLocalRandom.current().nextLong(d - half + 1);
    }

    public long baseMillis() {
        return baseMillis;
    }

    public long capMillis() {
        return capMillis;
    }
}
