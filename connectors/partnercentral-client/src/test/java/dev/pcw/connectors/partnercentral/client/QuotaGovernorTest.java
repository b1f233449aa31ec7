package dev.pcw.connectors.partnercentral.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuotaGovernorTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private QuotaGovernor governor(double rate, long daily) {
        return new QuotaGovernor(rate, daily, now::get, now::addAndGet);
    }

    @Test
    void spacesCallsEvenlyAtTheRate() throws Exception {
        QuotaGovernor g = governor(10, 0);
        long start = now.get();
        for (int i = 0; i < 101; i++) {
            g.acquire();
        }
        // 101 calls at 10/s: the first, and four banked ones, at once; then one every 100 ms.
        assertThat(now.get() - start)
                .isEqualTo(
                        (100 - QuotaGovernor.BANKED_CALLS) * (long) Math.ceil(SECOND * 1.001 / 10));
    }

    @Test
    void awsTokenBucketNeverRunsDryWhateverThePauses() throws Exception {
        // The simulator's limiter is AWS's rule: a bucket of one second's worth of calls.
        for (double rate : new double[] {1, 2, 5, 10, 100}) {
            QuotaGovernor g = governor(rate, 0);
            dev.pcw.connectors.partnercentral.simulator.quota.QuotaLimiter aws =
                    new dev.pcw.connectors.partnercentral.simulator.quota.QuotaLimiter(
                            rate, 0, now::get);
            java.util.Random pauses = new java.util.Random(7);
            for (int i = 0; i < 2_000; i++) {
                g.acquire();
                assertThat(aws.tryAcquire())
                        .as("rate %s call %d", rate, i)
                        .isEqualTo(
                                dev.pcw.connectors.partnercentral.simulator.quota.QuotaLimiter
                                        .Decision.ALLOWED);
                if (pauses.nextInt(10) == 0) {
                    now.addAndGet((long) (pauses.nextDouble() * 3 * SECOND));
                }
            }
        }
    }

    @Test
    void idleTimeBanksOnlyAFewCalls() throws Exception {
        QuotaGovernor g = governor(10, 0);
        g.acquire();
        now.addAndGet(60 * SECOND);
        long before = now.get();
        for (int i = 0; i < 1 + QuotaGovernor.BANKED_CALLS; i++) {
            g.acquire();
        }
        assertThat(now.get()).isEqualTo(before);
        g.acquire();
        assertThat(now.get() - before).isEqualTo((long) Math.ceil(SECOND * 1.001 / 10));

        QuotaGovernor slow = governor(2, 0);
        slow.acquire();
        now.addAndGet(60 * SECOND);
        before = now.get();
        slow.acquire();
        slow.acquire();
        slow.acquire();
        // At 2/s one call may be banked: the third waits half a second.
        assertThat(now.get() - before).isEqualTo((long) Math.ceil(SECOND * 1.001 / 2));
    }

    @Test
    void slowsToTheSustainableRateWhenTheBudgetRunsLow() throws Exception {
        QuotaGovernor g = governor(100, 1_000);
        for (int i = 0; i < 900; i++) {
            g.acquire();
        }
        assertThat(g.slowedDown()).isFalse();
        long before = now.get();
        g.acquire(); // the 901st: under 10% left after it
        g.acquire();
        // 1,000 calls per 24 h is one per 86.4 s.
        assertThat(g.slowedDown()).isTrue();
        assertThat(now.get() - before)
                .isGreaterThanOrEqualTo((long) (86.4 * SECOND) - SECOND / 100);
        assertThat(g.budgetLeft()).isEqualTo(98);
    }

    @Test
    void waitsForTheWindowToRollWhenTheBudgetIsSpent() throws Exception {
        QuotaGovernor g = governor(0, 3);
        long start = now.get();
        g.acquire();
        g.acquire();
        g.acquire();
        assertThat(g.budgetLeft()).isZero();
        g.acquire();
        // The first call leaves the window 24 h after it was made (some reserve pacing too).
        assertThat(now.get() - start).isGreaterThanOrEqualTo(24 * 3600 * SECOND);
        assertThat(g.waitedNanos()).isGreaterThanOrEqualTo(24 * 3600 * SECOND - 2 * SECOND);
    }

    /**
     * Calls an earlier job made count in the new governor's window until they are a day old: it
     * used to start every job (and every restart) with the full budget.
     */
    @Test
    void callsOfEarlierJobsCountUntilTheyAreADayOld() throws Exception {
        QuotaGovernor g = governor(0, 100);
        long wallNow = java.time.Instant.parse("2026-11-30T12:00:30Z").toEpochMilli();
        long minuteNow = wallNow / 60_000;
        g.carryOver(
                java.util.Map.of(
                        minuteNow,
                        40L, // this minute
                        minuteNow - 60,
                        30L, // an hour ago
                        minuteNow - 24 * 60 - 1,
                        500L), // more than a day ago: ignored
                wallNow);
        assertThat(g.budgetLeft()).isEqualTo(30);
        long start = now.get();
        for (int i = 0; i < 20; i++) {
            g.acquire();
        }
        assertThat(now.get() - start).as("above the reserve: no waiting").isLessThan(SECOND);
        assertThat(g.budgetLeft()).isEqualTo(10);

        // A budget those calls spent whole: the next call waits until the calls of an hour ago
        // leave the window, about 23 h on (not a day: they were made an hour before).
        QuotaGovernor spent = governor(0, 70);
        spent.carryOver(
                java.util.Map.of(
                        minuteNow, 40L, minuteNow - 60, 30L, minuteNow - 24 * 60 - 1, 500L),
                wallNow);
        assertThat(spent.budgetLeft()).isZero();
        long before = now.get();
        spent.acquire();
        assertThat(now.get() - before)
                .isBetween(23 * 3600 * SECOND - 60 * SECOND, 23 * 3600 * SECOND + 60 * SECOND);
    }

    @Test
    void zeroMeansUnlimited() throws Exception {
        QuotaGovernor g = governor(0, 0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(g.acquire()).isZero();
        }
        assertThat(g.budgetLeft()).isEqualTo(-1);
    }

    @Test
    void backoffGrowsWithJitterUpToTheCap() {
        Backoff b = new Backoff(100, 1_000);
        for (int i = 0; i < 200; i++) {
            assertThat(b.delayMillis(1)).isBetween(50L, 100L);
            assertThat(b.delayMillis(3)).isBetween(200L, 400L);
            assertThat(b.delayMillis(10)).isBetween(500L, 1_000L);
            assertThat(b.delayMillis(100)).isBetween(500L, 1_000L);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Backoff(0, 10))
                .hasMessage("backoff needs 0 < base <= cap, was base 0 cap 10");
    }
}
