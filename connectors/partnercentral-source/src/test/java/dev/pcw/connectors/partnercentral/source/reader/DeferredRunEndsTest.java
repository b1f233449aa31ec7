package dev.pcw.connectors.partnercentral.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Run ends reach the listener only once the checkpoint holding them has completed. */
class DeferredRunEndsTest {
    private final List<String> seen = new ArrayList<>();

    private final RunListener recorder =
            new RunListener() {
                private static final long serialVersionUID = 1L;

                @Override
                public void runStarted(RunInfo run) {
                    seen.add("started " + run.runId);
                }

                @Override
                public void runFinished(
                        RunInfo run, Instant endedAt, RunCounters counters, Resume resume) {
                    seen.add("finished " + run.runId);
                }
            };

    private static RunListener.RunInfo run(String id) {
        return new RunListener.RunInfo(id, "AWS", "opportunities", "full", Instant.EPOCH);
    }

    private static void finish(RunListener l, String id) {
        l.runFinished(
                run(id),
                Instant.EPOCH,
                RunCounters.ZERO,
                new RunListener.Resume("2026-11-22T00:00:00Z", List.of()));
    }

    @Test
    void startsPassAtOnceEndsWaitForTheirCheckpoint() {
        DeferredRunEnds d = new DeferredRunEnds(recorder);
        d.runStarted(run("r1"));
        finish(d, "r1");
        assertThat(seen).containsExactly("started r1");

        d.snapshot(7);
        d.runStarted(run("r2"));
        finish(d, "r2");
        // Checkpoint 7 holds r1's end, not r2's (emitted after the snapshot).
        d.complete(7);
        assertThat(seen).containsExactly("started r1", "started r2", "finished r1");
        assertThat(d.pending()).isEqualTo(1);

        // Checkpoint 8 is aborted; 9 completes and covers what 8 held.
        d.snapshot(8);
        d.snapshot(9);
        d.complete(9);
        assertThat(seen).containsExactly("started r1", "started r2", "finished r1", "finished r2");
        assertThat(d.pending()).isZero();
    }

    @Test
    void anEndWhoseCheckpointNeverCompletesIsNeverReported() {
        DeferredRunEnds d = new DeferredRunEnds(recorder);
        finish(d, "r1");
        d.snapshot(3);
        // The job fails before checkpoint 3 completes: nothing was reported as ended.
        assertThat(seen).isEmpty();
        assertThat(d.pending()).isEqualTo(1);
    }
}
