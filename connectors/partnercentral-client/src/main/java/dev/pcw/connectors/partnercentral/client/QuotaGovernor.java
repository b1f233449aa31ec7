package dev.pcw.connectors.partnercentral.client;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps one caller's API calls under its share of the partner account's quota: a steady rate (calls
 * are spaced evenly, so no burst ever exceeds AWS's per-second bucket) and a rolling 24-hour
 * budget. When less than {@link #RESERVE} of the budget is left it slows down to the sustainable
 * rate (budget ÷ 24 h) instead of failing; when none is left it waits for the window to roll.
 * Thread-safe; callers block in {@link #acquire()}.
 *
 * <pre>{@code
 * QuotaGovernor reads = new QuotaGovernor(10.0, 100_000);   // AWS's read quota
 * reads.acquire();                                          // before every read call
 * }</pre>
 */
public final class QuotaGovernor {
    /** Below this share of the daily budget left, the governor slows to the sustainable rate. */
    public static final double RESERVE = 0.10;

    /**
     * Calls of idle time a caller may use up early (at most the rate minus one, so AWS's token
     * bucket of one second's worth always has a token left). A little credit keeps the rate when
     * callers pause between batches.
     */
    public static final int BANKED_CALLS = 4;

    private static final int WINDOW_SECONDS = 24 * 3600;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Sleeps; a seam for tests, which advance a fake clock instead. */
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double ratePerSecond;
    private final long dailyBudget;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final long intervalNanos;
    private final long reserveIntervalNanos;

    private long lastGrantNanos;
    private final int[] slots;
    private long currentSecond;
    private long windowSum;
    private long waitedNanos;
    private boolean slowed;

    /**
     * @param ratePerSecond calls per second; 0 or less means unlimited
     * @param dailyBudget calls per rolling 24 h; 0 or less means unlimited
     */
    public QuotaGovernor(double ratePerSecond, long dailyBudget) {
        this(ratePerSecond, dailyBudget, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** With a clock and a sleeper of the caller's, for tests. */
    public QuotaGovernor(
            double ratePerSecond, long dailyBudget, LongSupplier nanoClock, Sleeper sleeper) {
        this.ratePerSecond = ratePerSecond;
        this.dailyBudget = dailyBudget;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        // A hair slower than the quota (0.1%), so that clock skew and rounding never put a call
        // exactly on the edge of AWS's bucket.
        this.intervalNanos =
                ratePerSecond > 0 ? (long) Math.ceil(SECOND * 1.001 / ratePerSecond) : 0;
        this.reserveIntervalNanos =
                dailyBudget > 0 ? (long) ((double) WINDOW_SECONDS * SECOND / dailyBudget) : 0;
        this.slots = dailyBudget > 0 ? new int[WINDOW_SECONDS] : new int[0];
        long now = nanoClock.getAsLong();
        this.lastGrantNanos = Long.MIN_VALUE / 2;
        this.currentSecond = Math.floorDiv(now, SECOND);
    }

    /**
     * Waits until one more call fits the rate and the budget, then counts it.
     *
     * @return the nanoseconds waited
     */
    public long acquire() throws InterruptedException {
        long waited = 0;
        while (true) {
            long wait;
            synchronized (this) {
                long now = nanoClock.getAsLong();
                advance(now);
                if (dailyBudget > 0 && windowSum >= dailyBudget) {
                    wait = nanosUntilASlotFrees(now);
                } else {
                    long interval = intervalNanos;
                    slowed = dailyBudget > 0 && dailyBudget - windowSum < dailyBudget * RESERVE;
                    if (slowed) {
                        interval = Math.max(interval, reserveIntervalNanos);
                    }
                    // Spacing is measured from the previous grant with the interval that
                    // applies now, so a slow-down takes effect on the very next call; idle
                    // time counts for at most BANKED_CALLS calls.
                    long bank =
                            Math.min(
                                            BANKED_CALLS,
                                            Math.max(0, (long) Math.floor(ratePerSecond) - 1))
                                    * interval;
                    lastGrantNanos = Math.max(lastGrantNanos, now - bank - interval);
                    long at = Math.max(now, lastGrantNanos + interval);
                    if (at <= now) {
                        lastGrantNanos += interval;
                        if (dailyBudget > 0) {
                            slots[(int) Math.floorMod(currentSecond, (long) WINDOW_SECONDS)]++;
                            windowSum++;
                        }
                        waitedNanos += waited;
                        return waited;
                    }
                    wait = at - now;
                }
            }
            sleeper.sleep(wait);
            waited += wait;
        }
    }

    private long nanosUntilASlotFrees(long now) {
        // The oldest second of the window with calls in it leaves the window one day later.
        for (int i = 1; i <= WINDOW_SECONDS; i++) {
            long second = currentSecond - WINDOW_SECONDS + i;
            if (slots[(int) Math.floorMod(second, (long) WINDOW_SECONDS)] > 0) {
                return Math.max(1, (second + WINDOW_SECONDS) * SECOND - now);
            }
        }
        return SECOND;
    }

    private void advance(long now) {
        if (dailyBudget <= 0) {
            return;
        }
        long second = Math.floorDiv(now, SECOND);
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

    /**
     * Counts calls made before this governor existed (by an earlier job, or before a restart) in
     * its rolling window, so that the daily budget holds across them.
     *
     * @param callsPerMinute epoch minute (UTC) → calls, already scaled to this governor's share;
     *     minutes more than 24 hours before {@code nowEpochMillis} are ignored
     * @param nowEpochMillis the wall-clock time now
     */
    public synchronized void carryOver(Map<Long, Long> callsPerMinute, long nowEpochMillis) {
        if (dailyBudget <= 0) {
            return;
        }
        advance(nanoClock.getAsLong());
        long nowSecond = Math.floorDiv(nowEpochMillis, 1000L);
        for (Map.Entry<Long, Long> e : callsPerMinute.entrySet()) {
            // Counted at the minute's last second (not later than now): they leave the window
            // no earlier than they really do.
            long at = Math.min(nowSecond, e.getKey() * 60 + 59);
            long ago = nowSecond - at;
            if (ago >= WINDOW_SECONDS || e.getValue() <= 0) {
                continue;
            }
            int slot = (int) Math.floorMod(currentSecond - ago, (long) WINDOW_SECONDS);
            int calls = (int) Math.min(Integer.MAX_VALUE - slots[slot], e.getValue());
            slots[slot] += calls;
            windowSum += calls;
        }
    }

    /** Calls left in the rolling 24-hour budget; -1 when unlimited. */
    public synchronized long budgetLeft() {
        if (dailyBudget <= 0) {
            return -1;
        }
        advance(nanoClock.getAsLong());
        return Math.max(0, dailyBudget - windowSum);
    }

    /** True while the governor runs at the sustainable rate because the budget is low. */
    public synchronized boolean slowedDown() {
        return slowed;
    }

    /** Total time callers waited for the rate or budget. */
    public synchronized long waitedNanos() {
        return waitedNanos;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public long dailyBudget() {
        return dailyBudget;
    }
}
