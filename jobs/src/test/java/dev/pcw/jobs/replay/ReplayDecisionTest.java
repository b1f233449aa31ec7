package dev.pcw.jobs.replay;

import static dev.pcw.jobs.replay.ReplayDecision.Outcome.CHANGED;
import static dev.pcw.jobs.replay.ReplayDecision.Outcome.NEWER;
import static dev.pcw.jobs.replay.ReplayDecision.Outcome.OLDER;
import static dev.pcw.jobs.replay.ReplayDecision.Outcome.SAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.jobs.replay.ReplayDecision.Stamp;
import org.junit.jupiter.api.Test;

class ReplayDecisionTest {
    private static final Stamp STORED = new Stamp(1_000, 5_000, 42);

    @Test
    void aRecordTheTableDoesNotHoldIsWritten() {
        assertThat(ReplayDecision.decide(null, STORED)).isEqualTo(NEWER);
    }

    @Test
    void aNewerVersionIsWrittenAndAnOlderOneNever() {
        assertThat(ReplayDecision.decide(STORED, new Stamp(1_001, 0, 7))).isEqualTo(NEWER);
        assertThat(ReplayDecision.decide(STORED, new Stamp(999, 9_999, 7))).isEqualTo(OLDER);
    }

    @Test
    void ofTwoFetchesOfOneVersionTheLaterWins() {
        assertThat(ReplayDecision.decide(STORED, new Stamp(1_000, 5_001, 42))).isEqualTo(NEWER);
        assertThat(ReplayDecision.decide(STORED, new Stamp(1_000, 4_999, 42))).isEqualTo(OLDER);
    }

    @Test
    void theSameFetchIsRewrittenOnlyWhenItsContentChanged() {
        assertThat(ReplayDecision.decide(STORED, new Stamp(1_000, 5_000, 42))).isEqualTo(SAME);
        assertThat(ReplayDecision.decide(STORED, new Stamp(1_000, 5_000, 43))).isEqualTo(CHANGED);
    }

    @Test
    void rowsWithoutVersionOrFetchTimeCompareByContentAlone() {
        Stamp none = new Stamp(Long.MIN_VALUE, Long.MIN_VALUE, 1);
        assertThat(ReplayDecision.decide(none, new Stamp(Long.MIN_VALUE, Long.MIN_VALUE, 1)))
                .isEqualTo(SAME);
        assertThat(ReplayDecision.decide(none, new Stamp(Long.MIN_VALUE, Long.MIN_VALUE, 2)))
                .isEqualTo(CHANGED);
    }
}
