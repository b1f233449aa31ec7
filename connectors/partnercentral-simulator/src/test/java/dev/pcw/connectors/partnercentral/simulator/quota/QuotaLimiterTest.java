package dev.pcw.connectors.partnercentral.simulator.quota;

import static dev.pcw.connectors.partnercentral.simulator.quota.QuotaLimiter.Decision.ALLOWED;
import static dev.pcw.connectors.partnercentral.simulator.quota.QuotaLimiter.Decision.DAILY_EXCEEDED;
import static dev.pcw.connectors.partnercentral.simulator.quota.QuotaLimiter.Decision.RATE_EXCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuotaLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(5 * SECOND);

    @Test
    void allowsABurstOfOneSecondThenTheRate() {
        QuotaLimiter q = new QuotaLimiter(10, 0, now::get);
        for (int i = 0; i < 10; i++) {
            assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
        }
        assertThat(q.tryAcquire()).isEqualTo(RATE_EXCEEDED);
        now.addAndGet(SECOND / 10);
        assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
        assertThat(q.tryAcquire()).isEqualTo(RATE_EXCEEDED);
    }

    @Test
    void refusedCallsConsumeNothing() {
        QuotaLimiter q = new QuotaLimiter(1, 0, now::get);
        assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
        for (int i = 0; i < 100; i++) {
            assertThat(q.tryAcquire()).isEqualTo(RATE_EXCEEDED);
        }
        now.addAndGet(SECOND);
        assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
        assertThat(q.usedLast24h()).isEqualTo(2);
    }

    @Test
    void aFractionalRateStillAllowsOneCall() {
        QuotaLimiter q = new QuotaLimiter(0.5, 0, now::get);
        assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
        now.addAndGet(SECOND);
        assertThat(q.tryAcquire()).isEqualTo(RATE_EXCEEDED);
        now.addAndGet(SECOND);
        assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
    }

    @Test
    void theDailyBudgetRollsOverTwentyFourHours() {
        QuotaLimiter q = new QuotaLimiter(0, 3, now::get);
        assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
        now.addAndGet(3600 * SECOND);
        assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
        assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
        assertThat(q.tryAcquire()).isEqualTo(DAILY_EXCEEDED);
        assertThat(q.remainingLast24h()).isZero();

        // 24 h after the first call, it leaves the window; the other two are still in it.
        now.addAndGet(23 * 3600 * SECOND);
        assertThat(q.usedLast24h()).isEqualTo(2);
        assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
        assertThat(q.tryAcquire()).isEqualTo(DAILY_EXCEEDED);

        now.addAndGet(2 * 24 * 3600 * SECOND);
        assertThat(q.usedLast24h()).isZero();
        assertThat(q.remainingLast24h()).isEqualTo(3);
    }

    @Test
    void zeroMeansUnlimited() {
        QuotaLimiter q = new QuotaLimiter(0, 0, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(q.tryAcquire()).isEqualTo(ALLOWED);
        }
        assertThat(q.remainingLast24h()).isEqualTo(-1);
    }

    @Test
    void settingsRefuseNegativeValuesAndDescribeThemselves() {
        assertThat(QuotaSettings.AWS_DEFAULTS.toString())
                .isEqualTo("reads 10/s, 100000/24h; writes 1/s, 10000/24h");
        assertThat(QuotaSettings.UNLIMITED.toString())
                .isEqualTo("reads unlimited, unlimited; writes unlimited, unlimited");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new QuotaSettings(-1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quotas must be 0 (unlimited) or positive");
    }
}
