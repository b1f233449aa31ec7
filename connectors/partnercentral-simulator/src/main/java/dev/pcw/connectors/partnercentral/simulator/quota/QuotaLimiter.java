package dev.pcw.connectors.partnercentral.simulator.quota;

import java.util.function.LongSupplier;

/**
 * One account's quota for one class of operations: a token bucket for the per-second rate (burst of
 * one second's worth) and a rolling 24-hour count kept in one-second slots. A call refused by
 * either limit consumes nothing.
 */
public final class QuotaLimiter {
    /** The outcome of {@link #tryAcquire}. */
    public enum Decision {
        ALLOWED,
        RATE_EXCEEDED,
        DAILY_EXCEEDED
    }

    private static final int WINDOW_SECONDS = 24 * 3600;

    private final double ratePerSecond;
    private final long dailyLimit;
    private final LongSupplier nanoClock;
    private final double capacity;
    private double tokens;
    private long lastRefillNanos;

    private final int[] slots = new int[WINDOW_SECONDS];
    private long currentSecond;
    private long windowSum;

    /**
     * @param ratePerSecond calls per second; 0 or less means unlimited
     * @param dailyLimit calls per rolling 24 hours; 0 or less means unlimited
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     */
    public QuotaLimiter(double ratePerSecond, long dailyLimit, LongSupplier nanoClock) {
        this.ratePerSecond = ratePerSecond;
        this.dailyLimit = dailyLimit;
        this.nanoClock = nanoClock;
        this.capacity = Math.max(1.0, ratePerSecond);
        this.tokens = capacity;
        this.lastRefillNanos = nanoClock.getAsLong();
        this.currentSecond = Math.floorDiv(lastRefillNanos, 1_000_000_000L);
    }

    public synchronized Decision tryAcquire() {
        long now = nanoClock.getAsLong();
        advanceWindow(Math.floorDiv(now, 1_000_000_000L));
        if (dailyLimit > 0 && windowSum >= dailyLimit) {
            return Decision.DAILY_EXCEEDED;
        }
        if (ratePerSecond > 0) {
            double elapsed = (now - lastRefillNanos) / 1e9;
            tokens = Math.min(capacity, tokens + elapsed * ratePerSecond);
            lastRefillNanos = now;
            if (tokens < 1.0) {
                return Decision.RATE_EXCEEDED;
            }
            tokens -= 1.0;
        }
        slots[(int) Math.floorMod(currentSecond, (long) WINDOW_SECONDS)]++;
        windowSum++;
        return Decision.ALLOWED;
    }

    private void advanceWindow(long second) {
        if (second <= currentSecond) {
            return;
        }
        long steps = Math.min(second - currentSecond, WINDOW_SECONDS);
        for (long i = 1; i <= steps; i++) {
            int slot = (int) Math.floorMod(currentSecond + i, (long) WINDOW_SECONDS);
            windowSum -= slots[slot];
            slots[slot] = 0;
        }
        currentSecond = second;
    }

    /** Calls allowed in the last 24 hours. */
    public synchronized long usedLast24h() {
        advanceWindow(Math.floorDiv(nanoClock.getAsLong(), 1_000_000_000L));
        return windowSum;
    }

    /** Calls left in the rolling 24-hour budget; -1 when unlimited. */
    public synchronized long remainingLast24h() {
        return dailyLimit <= 0 ? -1 : Math.max(0, dailyLimit - usedLast24h());
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public long dailyLimit() {
        return dailyLimit;
    }
}
