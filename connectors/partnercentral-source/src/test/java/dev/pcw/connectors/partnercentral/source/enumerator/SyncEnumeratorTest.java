package dev.pcw.connectors.partnercentral.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

class SyncEnumeratorTest {
    private static List<SyncSplit> splits() {
        List<SyncSplit> out = new ArrayList<>();
        for (String catalog : List.of("AWS", "Sandbox")) {
            for (PartnerCentralEntity e : PartnerCentralEntity.values()) {
                out.add(new SyncSplit(catalog, e, SyncCursor.INITIAL));
            }
        }
        return out;
    }

    private static void register(
            MockSplitEnumeratorContext<SyncSplit> ctx, SyncEnumerator e, int reader) {
        ctx.registerReader(new ReaderInfo(reader, "localhost"));
        e.addReader(reader);
    }

    @Test
    void assignsEachSplitToItsOwnerOnceTheOwnerRegisters() throws Exception {
        MockSplitEnumeratorContext<SyncSplit> ctx = new MockSplitEnumeratorContext<>(2);
        SyncEnumerator e = new SyncEnumerator(ctx, false, new SyncEnumeratorState(splits(), true));
        e.start();
        register(ctx, e, 0);
        List<SyncSplit> toReader0 = ctx.getSplitsAssignmentSequence().get(0).assignment().get(0);
        assertThat(toReader0).isNotEmpty().allMatch(s -> SyncEnumerator.owner(s.splitId(), 2) == 0);
        assertThat(e.unassigned()).allMatch(s -> SyncEnumerator.owner(s.splitId(), 2) == 1);

        register(ctx, e, 1);
        assertThat(e.unassigned()).isEmpty();
        int assigned =
                ctx.getSplitsAssignmentSequence().stream()
                        .mapToInt(a -> a.assignment().values().stream().mapToInt(List::size).sum())
                        .sum();
        assertThat(assigned).isEqualTo(8);
        // Unbounded: readers are never told there are no more splits.
        assertThat(ctx.hasNoMoreSplits(0)).isFalse();
        assertThat(ctx.hasNoMoreSplits(1)).isFalse();
    }

    @Test
    void splitsHandedBackAreAssignedAgainWithTheirCursor() throws Exception {
        MockSplitEnumeratorContext<SyncSplit> ctx = new MockSplitEnumeratorContext<>(1);
        SyncEnumerator e =
                new SyncEnumerator(
                        ctx, true, new SyncEnumeratorState(splits().subList(0, 1), true));
        register(ctx, e, 0);
        assertThat(ctx.hasNoMoreSplits(0)).as("bounded: told once its splits are out").isTrue();
        SyncSplit progressed =
                splits().get(0)
                        .withCursor(
                                SyncCursor.INITIAL.toBuilder()
                                        .watermark("2026-01-01T00:00:00Z")
                                        .build());
        e.addSplitsBack(List.of(progressed), 0);
        assertThat(e.snapshotState(1).unassigned()).containsExactly(progressed);
        e.addReader(0);
        assertThat(e.unassigned()).isEmpty();
        List<SyncSplit> last =
                ctx.getSplitsAssignmentSequence()
                        .get(ctx.getSplitsAssignmentSequence().size() - 1)
                        .assignment()
                        .get(0);
        assertThat(last).containsExactly(progressed);
    }

    @Test
    void stateRoundTripsThroughItsSerializer() throws Exception {
        SyncEnumeratorStateSerializer ser = new SyncEnumeratorStateSerializer();
        SyncEnumeratorState state = new SyncEnumeratorState(splits(), true);
        SyncEnumeratorState back = ser.deserialize(ser.getVersion(), ser.serialize(state));
        assertThat(back.initialized()).isTrue();
        assertThat(back.unassigned()).containsExactlyElementsOf(state.unassigned());
    }

    /**
     * An upgrade from a savepoint with a changed configuration: the restored enumerator used to
     * keep its old splits only, so an added entity was never synced and a removed one kept syncing,
     * silently. It now creates the added ones, drops the removed ones (their readers finish those
     * they hold) and says so.
     */
    @Test
    void aRestoreReconcilesTheSplitsWithTheConfiguration() throws Exception {
        SyncSplit awsOpps =
                new SyncSplit("AWS", PartnerCentralEntity.OPPORTUNITIES, SyncCursor.INITIAL);
        SyncSplit awsSolutions =
                new SyncSplit("AWS", PartnerCentralEntity.SOLUTIONS, SyncCursor.INITIAL);
        SyncSplit awsEngagements =
                new SyncSplit("AWS", PartnerCentralEntity.ENGAGEMENTS, SyncCursor.INITIAL);
        // The job had opportunities (assigned) and solutions (handed back, unassigned).
        SyncEnumeratorState restored =
                new SyncEnumeratorState(
                        List.of(awsSolutions),
                        true,
                        java.util.Set.of(awsOpps.splitId(), awsSolutions.splitId()));
        // Now configured: opportunities and engagements.
        List<String> notes = new ArrayList<>();
        SyncEnumeratorState now =
                SyncEnumerator.reconcile(restored, List.of(awsOpps, awsEngagements), false, notes);

        assertThat(now.unassigned())
                .extracting(SyncSplit::splitId)
                .containsExactly(awsEngagements.splitId());
        assertThat(now.created())
                .containsExactlyInAnyOrder(awsOpps.splitId(), awsEngagements.splitId());
        assertThat(notes)
                .containsExactlyInAnyOrder(
                        "added AWS/engagements (new in the configuration): it syncs now",
                        "retired AWS/solutions (no longer in connectors.partner_central.catalogs or"
                                + " entities): it is not synced any more");

        // Unchanged configuration: nothing to say, nothing created again.
        List<String> none = new ArrayList<>();
        SyncEnumeratorState same =
                SyncEnumerator.reconcile(now, List.of(awsOpps, awsEngagements), false, none);
        assertThat(none).isEmpty();
        assertThat(same.unassigned())
                .extracting(SyncSplit::splitId)
                .containsExactly(awsEngagements.splitId());

        // A state of an older pcw (no split ids): assumed as configured, and said.
        List<String> old = new ArrayList<>();
        SyncEnumeratorState fromOld =
                SyncEnumerator.reconcile(
                        new SyncEnumeratorState(List.of(), true), List.of(awsOpps), false, old);
        assertThat(fromOld.unassigned()).isEmpty();
        assertThat(old).singleElement().asString().contains("does not say which catalogs");
    }

    /**
     * A bounded job restored after a crash finishes the interrupted runs only. Before, it created
     * the added splits too, and one assigned to a source subtask that had finished before the
     * checkpoint failed the job ("Received element after endOfInput"). Now the added ones wait for
     * the next run, and the note says so; retired ones are still retired.
     */
    @Test
    void aBoundedRestoreLeavesAddedSplitsToTheNextRun() {
        SyncSplit awsOpps =
                new SyncSplit("AWS", PartnerCentralEntity.OPPORTUNITIES, SyncCursor.INITIAL);
        SyncSplit awsSolutions =
                new SyncSplit("AWS", PartnerCentralEntity.SOLUTIONS, SyncCursor.INITIAL);
        SyncSplit sandboxOpps =
                new SyncSplit("Sandbox", PartnerCentralEntity.OPPORTUNITIES, SyncCursor.INITIAL);
        SyncEnumeratorState restored =
                new SyncEnumeratorState(
                        List.of(awsSolutions),
                        true,
                        java.util.Set.of(awsOpps.splitId(), awsSolutions.splitId()));
        List<String> notes = new ArrayList<>();
        SyncEnumeratorState now =
                SyncEnumerator.reconcile(restored, List.of(awsOpps, sandboxOpps), true, notes);

        assertThat(now.unassigned()).isEmpty();
        assertThat(now.created()).containsExactly(awsOpps.splitId());
        assertThat(notes)
                .containsExactlyInAnyOrder(
                        "added Sandbox/opportunities (new in the configuration since the"
                                + " checkpoint): this run only finishes what the interrupted one"
                                + " started; the next run syncs it",
                        "retired AWS/solutions (no longer in connectors.partner_central.catalogs or"
                                + " entities): it is not synced any more");
    }

    @Test
    void theSplitIdsSurviveTheSerializerAndOldVersionsReadWithout() throws Exception {
        SyncSplit s = new SyncSplit("AWS", PartnerCentralEntity.OPPORTUNITIES, SyncCursor.INITIAL);
        SyncEnumeratorStateSerializer ser = new SyncEnumeratorStateSerializer();
        SyncEnumeratorState state =
                new SyncEnumeratorState(
                        List.of(s), true, java.util.Set.of("AWS/opportunities", "AWS/solutions"));
        SyncEnumeratorState back = ser.deserialize(ser.getVersion(), ser.serialize(state));
        assertThat(back.created()).containsExactlyInAnyOrder("AWS/opportunities", "AWS/solutions");
        assertThat(back.unassigned()).containsExactly(s);
        assertThat(ser.getVersion()).isEqualTo(4);
    }
}
