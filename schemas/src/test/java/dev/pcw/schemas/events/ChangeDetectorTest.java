package dev.pcw.schemas.events;

import static dev.pcw.schemas.events.EventFixtures.invitationV1;
import static dev.pcw.schemas.events.EventFixtures.invitationV2;
import static dev.pcw.schemas.events.EventFixtures.opportunityBuilder;
import static dev.pcw.schemas.events.EventFixtures.opportunityV1;
import static dev.pcw.schemas.events.EventFixtures.opportunityV2;
import static dev.pcw.schemas.events.EventFixtures.solutionBuilder;
import static dev.pcw.schemas.events.EventFixtures.solutionV1;
import static dev.pcw.schemas.events.EventFixtures.solutionV2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {
    private final ChangeDetector detector = new ChangeDetector();

    private RecordState stateOf(SilverRow row) {
        return detector.detect(null, row).next();
    }

    @Test
    void reportsCreatedWithKeyFieldsForARecordNeverSeen() {
        ChangeDetector.Detection d = detector.detect(null, opportunityV1());

        assertThat(d.changes()).hasSize(1);
        ChangeEvent created = d.changes().get(0);
        assertThat(created.type()).isEqualTo(EventTypes.OPPORTUNITY_CREATED);
        assertThat(created.catalog()).isEqualTo("AWS");
        assertThat(created.recordId()).isEqualTo("O2315351");
        assertThat(created.time()).isEqualTo(EventFixtures.OPPORTUNITY_V1_MODIFIED);
        assertThat(created.versionKey())
                .isEqualTo(Long.toString(EventFixtures.OPPORTUNITY_V1_MODIFIED.toEpochMilli()));
        assertThat(created.snapshot())
                .containsOnlyKeys(ChangeEntity.OPPORTUNITY.snapshotFields())
                .containsEntry("stage", "Prospect")
                .containsEntry("expected_revenue_usd", new BigDecimal("120000.00"));
        assertThat(d.next().timestampVersion()).isTrue();
        assertThat(d.next().watched()).containsEntry("stage", "Prospect");
    }

    @Test
    void reportsNothingAndKeepsTheStateWhenTheSameVersionIsSeenAgain() {
        RecordState state = stateOf(opportunityV1());

        ChangeDetector.Detection again = detector.detect(state, opportunityV1());

        assertThat(again.changes()).isEmpty();
        assertThat(again.next()).isSameAs(state);
    }

    @Test
    void ignoresBookkeepingColumnsOfARefetchedVersion() {
        RecordState state = stateOf(solutionV1());
        SilverRow refetched =
                solutionBuilder()
                        .set("fetched_at", Instant.parse("2026-12-01T00:00:00Z"))
                        .set("updated_at", Instant.parse("2026-12-01T00:00:01Z"))
                        .set("run_id", "run-later")
                        .build();

        ChangeDetector.Detection d = detector.detect(state, refetched);

        assertThat(d.changes()).isEmpty();
        assertThat(d.next()).isSameAs(state);
    }

    @Test
    void reportsUpdatedWithChangedColumnNamesAndWatchedOldAndNewValues() {
        ChangeDetector.Detection d = detector.detect(stateOf(opportunityV1()), opportunityV2());

        ChangeEvent updated = d.changes().get(0);
        assertThat(updated.type()).isEqualTo(EventTypes.OPPORTUNITY_UPDATED);
        assertThat(updated.changedFields())
                .containsExactly(
                        "stage",
                        "review_status",
                        "target_close_date",
                        "project_title",
                        "expected_monthly_revenue_usd",
                        "expected_revenue_usd");
        assertThat(updated.changes())
                .containsEntry("stage", new FieldChange("Prospect", "Qualified"))
                .containsEntry("review_status", new FieldChange("Submitted", "Approved"))
                .containsEntry("target_close_date", new FieldChange("2027-03-31", "2027-06-30"))
                .containsEntry("expected_revenue_usd", new FieldChange("120000", "168000"));
        assertThat(updated.time()).isEqualTo(EventFixtures.OPPORTUNITY_V2_MODIFIED);
        assertThat(d.next()).isEqualTo(stateOf(opportunityV2()));
    }

    @Test
    void reportsStageAndReviewStatusChangesAfterTheUpdate() {
        ChangeDetector.Detection d = detector.detect(stateOf(opportunityV1()), opportunityV2());

        assertThat(d.changes().stream().map(ChangeEvent::type).collect(Collectors.toList()))
                .containsExactly(
                        EventTypes.OPPORTUNITY_UPDATED,
                        EventTypes.OPPORTUNITY_STAGE_CHANGED,
                        EventTypes.OPPORTUNITY_REVIEW_STATUS_CHANGED);
        assertThat(d.changes().get(1).changes())
                .containsExactly(
                        org.assertj.core.api.Assertions.entry(
                                "stage", new FieldChange("Prospect", "Qualified")));
        assertThat(d.changes().get(2).changes())
                .containsOnlyKeys("review_status")
                .containsEntry("review_status", new FieldChange("Submitted", "Approved"));
    }

    @Test
    void reportsOnlyUpdatedWhenNoStageOrReviewStatusChanged() {
        SilverRow renamed =
                opportunityBuilder()
                        .set("project_title", "Renamed project")
                        .set("last_modified_date", EventFixtures.OPPORTUNITY_V2_MODIFIED)
                        .build();

        ChangeDetector.Detection d = detector.detect(stateOf(opportunityV1()), renamed);

        assertThat(d.changes()).hasSize(1);
        assertThat(d.changes().get(0).changedFields()).containsExactly("project_title");
        assertThat(d.changes().get(0).changes()).isEmpty();
    }

    @Test
    void ignoresAReplayOfAnOlderVersionAndKeepsTheNewerState() {
        RecordState newer = stateOf(opportunityV2());

        ChangeDetector.Detection replay = detector.detect(newer, opportunityV1());

        assertThat(replay.changes()).isEmpty();
        assertThat(replay.next()).isSameAs(newer);
    }

    @Test
    void remembersANewerVersionWhoseContentDidNotChange() {
        RecordState v1 = stateOf(opportunityV1());
        SilverRow touched =
                opportunityBuilder()
                        .set("last_modified_date", EventFixtures.OPPORTUNITY_V2_MODIFIED)
                        .build();

        ChangeDetector.Detection d = detector.detect(v1, touched);

        assertThat(d.changes()).isEmpty();
        assertThat(d.next().versionKey())
                .isEqualTo(EventFixtures.OPPORTUNITY_V2_MODIFIED.toEpochMilli());
        assertThat(d.next().contentHash()).isEqualTo(v1.contentHash());
        SilverRow between =
                opportunityBuilder()
                        .set("stage", "Qualified")
                        .set("last_modified_date", Instant.parse("2026-11-20T00:00:00Z"))
                        .build();
        assertThat(detector.detect(d.next(), between).changes()).isEmpty();
    }

    @Test
    void reportsSolutionStatusChanges() {
        ChangeDetector.Detection d = detector.detect(stateOf(solutionV1()), solutionV2());

        assertThat(d.changes().stream().map(ChangeEvent::type).collect(Collectors.toList()))
                .containsExactly(EventTypes.SOLUTION_UPDATED, EventTypes.SOLUTION_STATUS_CHANGED);
        assertThat(d.changes().get(0).changedFields()).containsExactly("status");
        assertThat(d.changes().get(1).changes())
                .containsEntry("status", new FieldChange("Draft", "Active"));
        assertThat(d.next().timestampVersion()).isFalse();
        assertThat(d.next().versionKey()).isEqualTo(d.next().contentHash());
        // Without a modification time the event time falls back to fetched_at.
        assertThat(d.changes().get(0).time()).isEqualTo(Instant.parse("2026-11-22T03:00:01Z"));
    }

    @Test
    void reportsEngagementInvitationStatusChanges() {
        ChangeDetector.Detection d = detector.detect(stateOf(invitationV1()), invitationV2());

        assertThat(d.changes().stream().map(ChangeEvent::type).collect(Collectors.toList()))
                .containsExactly(
                        EventTypes.ENGAGEMENT_INVITATION_UPDATED,
                        EventTypes.ENGAGEMENT_INVITATION_STATUS_CHANGED);
        assertThat(d.changes().get(1).changes())
                .containsEntry("status", new FieldChange("PENDING", "ACCEPTED"));
    }

    @Test
    void treatsADecimalScaleChangeAsNoChange() {
        RecordState state = stateOf(opportunityV1());
        SilverRow rescaled =
                opportunityBuilder()
                        .set("expected_revenue_usd", new BigDecimal("120000.0"))
                        .set("last_modified_date", EventFixtures.OPPORTUNITY_V2_MODIFIED)
                        .build();

        assertThat(detector.detect(state, rescaled).changes()).isEmpty();
    }

    @Test
    void rejectsEngagementRowsWhichProduceNoEventsYet() {
        SilverRow engagement =
                SilverRow.builder(SilverTables.ENGAGEMENTS)
                        .set("catalog", "AWS")
                        .set("id", "eng-1")
                        .build();

        assertThat(detector.supports(SilverTables.ENGAGEMENTS_NAME)).isFalse();
        assertThat(detector.supports(SilverTables.OPPORTUNITIES_NAME)).isTrue();
        assertThatThrownBy(() -> detector.detect(null, engagement))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Rows of table partnercentral_engagements produce no change")
                .hasMessageContaining("AWS/eng-1");
    }

    @Test
    void rejectsRowsWithoutAnId() {
        SilverRow noId = opportunityBuilder().set("id", null).build();

        assertThatThrownBy(() -> detector.detect(null, noId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no id");
    }

    /**
     * An invitation going PENDING, ACCEPTED, PENDING, ACCEPTED: its version key is its content
     * hash, so the second ACCEPTED used to get the id of the first and consumers deduplicating by
     * id dropped a real change. Every change now has an id of its own; the same change detected
     * again from the same state (a restore) keeps its id.
     */
    @Test
    void contentSeenBeforeMakesEventsWithIdsOfTheirOwn() {
        RecordState state = stateOf(invitationV1());
        java.util.List<String> ids = new java.util.ArrayList<>();
        SilverRow[] versions = {invitationV2(), invitationV1(), invitationV2()};
        for (SilverRow v : versions) {
            ChangeDetector.Detection d = detector.detect(state, v);
            assertThat(d.changes()).isNotEmpty();
            for (ChangeEvent c : d.changes()) {
                ids.add(ChangeEvents.toCloudEvent(c).getId());
            }
            // Detected again from the same state: the same ids.
            assertThat(
                            detector.detect(state, v).changes().stream()
                                    .map(c -> ChangeEvents.toCloudEvent(c).getId())
                                    .collect(Collectors.toList()))
                    .isEqualTo(
                            d.changes().stream()
                                    .map(c -> ChangeEvents.toCloudEvent(c).getId())
                                    .collect(Collectors.toList()));
            state = d.next();
        }
        // updated + status_changed per change, three changes, six distinct ids.
        assertThat(ids).hasSize(6).doesNotHaveDuplicates();
        assertThat(state.sequence()).isEqualTo(3);
    }

    /**
     * A detector seeded from the lake starts its sequence at the row's write time: its changes
     * never take ids of a detector that counted from 0 before it, and two seeds of the same lake
     * row report the same change with the same id.
     */
    @Test
    void aSeededDetectorNeitherReusesNorChangesIds() {
        RecordState counted = stateOf(invitationV1());
        RecordState afterOne = detector.detect(counted, invitationV2()).next();
        RecordState back = detector.detect(afterOne, invitationV1()).next();
        String countedId =
                ChangeEvents.toCloudEvent(detector.detect(back, invitationV2()).changes().get(0))
                        .getId();

        RecordState seeded = RecordState.seeded(ChangeEntity.ENGAGEMENT_INVITATION, invitationV1());
        assertThat(seeded.sequence())
                .isEqualTo(Instant.parse("2026-11-20T03:00:07Z").toEpochMilli());
        String seededId =
                ChangeEvents.toCloudEvent(detector.detect(seeded, invitationV2()).changes().get(0))
                        .getId();
        String seededAgainId =
                ChangeEvents.toCloudEvent(
                                detector.detect(
                                                RecordState.seeded(
                                                        ChangeEntity.ENGAGEMENT_INVITATION,
                                                        invitationV1()),
                                                invitationV2())
                                        .changes()
                                        .get(0))
                        .getId();
        assertThat(seededId).isNotEqualTo(countedId).isEqualTo(seededAgainId);
        // A record first seen keeps the id it always had (no sequence in it).
        assertThat(detector.detect(null, invitationV1()).changes().get(0).versionKey())
                .doesNotContain(".");
    }
}
