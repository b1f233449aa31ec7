package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    /** A metric group whose identifiers are those of one subtask, as Flink names them. */
    private static final class Subtask extends UnregisteredMetricsGroup {
        @Override
        public String getMetricIdentifier(String name) {
            return "localhost.taskmanager.tm-1.pcw ingest.Source.0.partnercentral." + name;
        }
    }

    @AfterEach
    void forget() {
        ProgressReporter.reset();
    }

    /**
     * A failover registers a subtask's metrics anew, counting from 0: the progress line used to
     * fall back to 0 with them. What the first attempt counted stays in the sum.
     */
    @Test
    void aRestartedSubtaskAddsToWhatItsFirstAttemptCounted() {
        ProgressReporter r = new ProgressReporter();
        Subtask group = new Subtask();
        SimpleCounter first = new SimpleCounter();
        r.notifyOfAddedMetric(first, "records", group);
        first.inc(120);
        assertThat(ProgressReporter.sum(ProgressReporter.RECORDS)).isEqualTo(120);

        // The attempt fails: its metrics go, the restarted attempt's come, from 0.
        r.notifyOfRemovedMetric(first, "records", group);
        SimpleCounter second = new SimpleCounter();
        r.notifyOfAddedMetric(second, "records", group);
        assertThat(ProgressReporter.sum(ProgressReporter.RECORDS)).isEqualTo(120);
        second.inc(30);
        assertThat(ProgressReporter.sum(ProgressReporter.RECORDS)).isEqualTo(150);

        // A finished subtask's last value stays too.
        r.notifyOfRemovedMetric(second, "records", group);
        assertThat(ProgressReporter.sum(ProgressReporter.RECORDS)).isEqualTo(150);

        ProgressReporter.reset();
        assertThat(ProgressReporter.sum(ProgressReporter.RECORDS)).isZero();
    }
}
