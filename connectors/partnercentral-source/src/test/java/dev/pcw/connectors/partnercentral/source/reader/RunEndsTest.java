package dev.pcw.connectors.partnercentral.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import dev.pcw.connectors.partnercentral.source.split.RunEnd;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Run ends reach the listener only once the checkpoint holding them has completed and the listener
 * says the run's last record is committed; until then they stay in the split's state.
 */
class RunEndsTest {
    private final List<String> seen = new ArrayList<>();
    private final Set<String> committed = new HashSet<>();
    private final List<RunListener.Resume> resumes = new ArrayList<>();
    private boolean failWrites;
    private long extraCalls;
    private final List<String> progress = new ArrayList<>();
    private final List<String> uncheckpointed = new ArrayList<>();

    private final RunListener recorder =
            new RunListener() {
                private static final long serialVersionUID = 1L;

                @Override
                public void runStarted(RunInfo run) {}

                @Override
                public boolean committed(RunInfo run, RunEnd end) {
                    return committed.contains(end.lastRecordId());
                }

                @Override
                public RunCounters runFinished(
                        RunInfo run, Instant endedAt, RunCounters counters, Resume resume) {
                    if (failWrites) {
                        throw new IllegalStateException("metadata DB unreachable");
                    }
                    seen.add(run.runId);
                    resumes.add(resume);
                    // As the metadata DB adds the calls made before an in-job restart.
                    return counters.plus(0, 0, extraCalls, 0, 0);
                }

                @Override
                public void runProgress(RunInfo run, RunCounters counters) {
                    progress.add(run.runId + ":" + counters.records());
                }

                @Override
                public void callsNotCheckpointed(RunInfo run, long calls) {
                    uncheckpointed.add(run.runId + ":" + calls);
                }
            };

    private static RunEnd end(String runId, String lastRecord) {
        return new RunEnd(
                runId,
                "full",
                0,
                1,
                new RunCounters(3, 1, 4, 0, 0),
                "2026-11-22T00:00:00Z",
                List.of("O1"),
                lastRecord,
                "2026-11-22T00:00:00Z",
                Map.of());
    }

    private static SyncSplitState state(PartnerCentralEntity entity, List<RunEnd> restored) {
        return new SyncSplitState(
                new SyncSplit(
                        "AWS",
                        entity,
                        SyncCursor.INITIAL.toBuilder()
                                .known(Map.of("eng-1", "fp"))
                                .endedRuns(restored)
                                .build()));
    }

    @Test
    void anEndWaitsForItsCheckpointAndForItsLastRecordInTheLake() {
        RunEnds ends = new RunEnds(recorder, false);
        SyncSplitState s = state(PartnerCentralEntity.OPPORTUNITIES, List.of());
        ends.track(s);
        ends.ended(s, end("r1", "O1"));
        ends.snapshot(7);
        ends.ended(s, end("r2", "O2"));
        committed.add("O1");

        // Checkpoint 6 does not hold r1's end.
        ends.complete(6);
        assertThat(seen).isEmpty();

        // Checkpoint 7 holds r1's end, not r2's (emitted after the snapshot).
        ends.complete(7);
        assertThat(seen).containsExactly("r1");
        assertThat(ends.pending()).isEqualTo(1);

        // r2 is in checkpoint 8, but its last record is not in the lake yet: it stays pending,
        // stored with the split, and is asked again at the next checkpoint.
        ends.snapshot(8);
        ends.complete(8);
        assertThat(seen).containsExactly("r1");
        assertThat(s.toSplit().cursor().endedRuns())
                .extracting(RunEnd::runId)
                .containsExactly("r2");

        committed.add("O2");
        ends.snapshot(9);
        ends.complete(9);
        assertThat(seen).containsExactly("r1", "r2");
        assertThat(s.toSplit().cursor().endedRuns()).isEmpty();
    }

    @Test
    void endsRestoredFromACheckpointAreRecordedAtTheFirstCompletionAfterTheRestore() {
        RunEnds ends = new RunEnds(recorder, false);
        committed.add("O1");
        SyncSplitState s = state(PartnerCentralEntity.OPPORTUNITIES, List.of(end("r1", "O1")));
        ends.track(s);
        assertThat(seen).isEmpty();
        // The restored job's own checkpoint ids may start anywhere.
        ends.snapshot(1);
        ends.complete(1);
        assertThat(seen).containsExactly("r1");
    }

    @Test
    void aFinishedSplitIsStoredUntilItsEndsAreRecorded() {
        RunEnds ends = new RunEnds(recorder, false);
        SyncSplitState s = state(PartnerCentralEntity.SOLUTIONS, List.of());
        ends.track(s);
        ends.ended(s, end("r1", "S1"));
        ends.finished(s.split().splitId());
        assertThat(ends.finishedSplits()).hasSize(1);
        assertThat(ends.finishedSplits().get(0).cursor().endedRuns()).hasSize(1);

        ends.snapshot(3);
        committed.add("S1");
        ends.complete(3);
        assertThat(seen).containsExactly("r1");
        assertThat(ends.finishedSplits()).isEmpty();
    }

    @Test
    void aMetadataDbErrorLeavesTheEndInStateInsteadOfDroppingIt() {
        RunEnds ends = new RunEnds(recorder, false);
        SyncSplitState s = state(PartnerCentralEntity.OPPORTUNITIES, List.of());
        ends.track(s);
        ends.ended(s, end("r1", "O1"));
        committed.add("O1");
        ends.snapshot(4);
        failWrites = true;
        assertThatThrownBy(() -> ends.complete(4)).hasMessageContaining("metadata DB unreachable");
        // The task fails and restarts from a checkpoint that still holds the end.
        assertThat(s.toSplit().cursor().endedRuns())
                .extracting(RunEnd::runId)
                .containsExactly("r1");
        failWrites = false;
        ends.complete(5);
        assertThat(seen).containsExactly("r1");
    }

    @Test
    void onlyTheNewestEndCarriesTheSplitsFingerprints() {
        RunEnds ends = new RunEnds(recorder, false);
        SyncSplitState s = state(PartnerCentralEntity.ENGAGEMENTS, List.of());
        ends.track(s);
        ends.ended(s, end("r1", "E1"));
        ends.ended(s, end("r2", "E2"));
        committed.add("E1");
        committed.add("E2");
        ends.snapshot(2);
        ends.complete(2);
        assertThat(seen).containsExactly("r1", "r2");
        assertThat(resumes.get(0).fingerprints).isNull();
        assertThat(resumes.get(1).fingerprints).containsEntry("eng-1", "fp");
    }

    /**
     * The run-completed marker used to leave with the run's last record, before the run was
     * committed, so its event could overtake the run's change events. Now it is handed out only
     * once the end is recorded, with the counters as recorded, and its end stays in the state until
     * it is taken: a snapshot in between restores the end as unrecorded.
     */
    @Test
    void aMarkerLeavesOnlyOnceItsEndIsRecordedWithTheRecordedCounters() {
        RunEnds ends = new RunEnds(recorder, true);
        SyncSplitState s = state(PartnerCentralEntity.OPPORTUNITIES, List.of());
        ends.track(s);
        ends.ended(s, end("r1", "O1"));
        ends.snapshot(1);
        assertThat(ends.takeMarkers()).isEmpty();
        ends.complete(1);
        assertThat(ends.hasMarkers()).isFalse(); // O1 not committed yet

        committed.add("O1");
        extraCalls = 6;
        ends.snapshot(2);
        ends.complete(2);
        assertThat(seen).containsExactly("r1");
        assertThat(ends.hasMarkers()).isTrue();
        // Recorded, marker not emitted: still in the state, and pending.
        assertThat(s.toSplit().cursor().endedRuns())
                .extracting(RunEnd::runId)
                .containsExactly("r1");
        assertThat(ends.pending()).isEqualTo(1);
        // Another completion does not record it twice.
        ends.complete(2);
        assertThat(seen).containsExactly("r1");

        List<dev.pcw.schemas.bronze.BronzeRecord> markers = ends.takeMarkers();
        assertThat(markers).singleElement().matches(m -> m.isRunCompleted());
        io.cloudevents.CloudEvent event =
                dev.pcw.schemas.events.ChangeEvents.runCompleted(markers.get(0));
        assertThat(new String(event.getData().toBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"records\":3", "\"api_calls\":10", "\"dead_letters\":0");
        assertThat(ends.pending()).isZero();
        assertThat(s.toSplit().cursor().endedRuns()).isEmpty();
        assertThat(ends.takeMarkers()).isEmpty();
    }

    /**
     * A run in progress used to be recorded only at its end: a run whose job died showed no counts,
     * and the calls made after the last checkpoint before an in-job restart were never counted. Now
     * each completed checkpoint reports the counters it holds, and closing reports the calls made
     * since.
     */
    @Test
    void runsInProgressReportWhatTheirCheckpointsHoldAndTheCallsMadeSince() {
        Map<String, java.util.concurrent.atomic.AtomicLong> made = new java.util.HashMap<>();
        RunEnds ends = new RunEnds(recorder, false, made);
        SyncCursor inPass =
                SyncCursor.INITIAL.toBuilder()
                        .runId("r9")
                        .passStartedAtMillis(1)
                        .counters(new RunCounters(8, 1, 10, 0, 0))
                        .build();
        SyncSplitState s =
                new SyncSplitState(
                        new SyncSplit("AWS", PartnerCentralEntity.OPPORTUNITIES, inPass));
        ends.track(s);
        s.cursor(inPass.toBuilder().counters(new RunCounters(10, 1, 12, 0, 0)).build());
        ends.snapshot(3);
        s.cursor(inPass.toBuilder().counters(new RunCounters(20, 1, 25, 0, 0)).build());
        ends.snapshot(4); // never completes
        assertThat(progress).isEmpty();
        ends.complete(3);
        assertThat(progress).containsExactly("r9:10");

        s.cursor(inPass.toBuilder().counters(new RunCounters(30, 2, 37, 0, 0)).build());
        // This reader restored r9 with 10 calls counted and made 35 more (37 emitted with their
        // records, 8 in a step cut short by the close).
        made.put("r9", new java.util.concurrent.atomic.AtomicLong(35));
        ends.close();
        // Completed checkpoint 3 holds 12 calls, 2 of them this reader's: 33 are uncounted.
        assertThat(uncheckpointed).containsExactly("r9:33");
    }

    /**
     * A run that ended after the newest completed checkpoint is redone by a restore from it: the
     * calls it made are reported at close too; one whose end a completed checkpoint holds is not.
     */
    @Test
    void aRunEndedAfterTheNewestCompletedCheckpointReportsItsCallsAtClose() {
        Map<String, java.util.concurrent.atomic.AtomicLong> made = new java.util.HashMap<>();
        RunEnds ends = new RunEnds(recorder, false, made);
        SyncSplitState s = state(PartnerCentralEntity.OPPORTUNITIES, List.of());
        ends.track(s);
        ends.ended(s, end("r1", "O1"));
        made.put("r1", new java.util.concurrent.atomic.AtomicLong(4));
        ends.snapshot(1);
        ends.complete(1); // r1's end is in checkpoint 1 (its commit still pending)
        ends.ended(s, end("r2", "O2"));
        made.put("r2", new java.util.concurrent.atomic.AtomicLong(7));
        ends.close();
        assertThat(uncheckpointed).containsExactly("r2:7");
    }
}
