package dev.pcw.connectors.partnercentral.simulator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChangeEngineTest {
    private static final long ANCHOR = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    private final AtomicLong clock = new AtomicLong(ANCHOR + 60_000);
    private final Dataset dataset =
            Dataset.generate(11, "AWS", "111122223333", ANCHOR, new int[] {200, 10, 40, 40});
    private final ChangeEngine engine = new ChangeEngine(dataset, clock::get, "us-east-1");

    @Test
    void everyChangeGetsALaterLastModifiedDateEvenWhenTheClockStandsStill() {
        List<Change> changes = engine.randomChanges(200);
        long previous = 0;
        for (Change c : changes) {
            if (c.entity() == PartnerCentralEntity.OPPORTUNITIES) {
                assertThat(c.record().modifiedMillis()).isGreaterThan(previous);
                previous = c.record().modifiedMillis();
            }
        }
        assertThat(previous).isGreaterThan(clock.get());
    }

    @Test
    void aClockThatGoesBackDoesNotMoveLastModifiedDateBackwards() {
        Change first = engine.createOpportunity();
        clock.addAndGet(-3_600_000);
        Change second = engine.createOpportunity();
        assertThat(second.record().modifiedMillis()).isGreaterThan(first.record().modifiedMillis());
    }

    @Test
    void stagesProgressAndReviewsAreDecided() {
        String id = dataset.opportunities().ids().get(0);
        for (int i = 0; i < 12; i++) {
            String before =
                    Json.parseObject(dataset.opportunities().get(id).detail())
                            .at("/LifeCycle/Stage")
                            .asText();
            Change c = engine.changeOpportunity(id, "stage");
            String after = Json.parseObject(c.record().detail()).at("/LifeCycle/Stage").asText();
            assertThat(after).isNotEqualTo(before);
            if ("Closed Lost".equals(after)) {
                assertThat(
                                Json.parseObject(c.record().detail())
                                        .at("/LifeCycle/ClosedLostReason")
                                        .asText())
                        .isNotEmpty();
            }
        }
        Change review = engine.changeOpportunity(id, "review");
        assertThat(review.kind()).isEqualTo("review");
        assertThat(review.record().version()).isEqualTo(14);
    }

    @Test
    void nextStepsMoveIntoTheHistory() {
        String id = dataset.opportunities().ids().get(1);
        JsonNode before = Json.parseObject(dataset.opportunities().get(id).detail());
        Change c = engine.changeOpportunity(id, "next_steps");
        JsonNode after = Json.parseObject(c.record().detail());
        assertThat(after.at("/LifeCycle/NextStepsHistory/0/Value").asText())
                .isEqualTo(before.at("/LifeCycle/NextSteps").asText());
        assertThat(after.at("/LifeCycle/NextStepsHistory").size())
                .isEqualTo(before.at("/LifeCycle/NextStepsHistory").size() + 1);
    }

    @Test
    void opportunityAndInvitationChangesCarryTheirEvents() {
        List<Change> changes = engine.randomChanges(300);
        assertThat(changes)
                .filteredOn(c -> c.entity() == PartnerCentralEntity.OPPORTUNITIES)
                .allSatisfy(
                        c -> {
                            assertThat(c.event().detailType())
                                    .isEqualTo(
                                            "created".equals(c.kind())
                                                    ? "Opportunity Created"
                                                    : "Opportunity Updated");
                            assertThat(c.event().identifier()).isEqualTo(c.id());
                            assertThat(c.event().time())
                                    .isEqualTo(Instant.ofEpochMilli(c.record().modifiedMillis()));
                        });
        assertThat(changes)
                .filteredOn(c -> c.entity() == PartnerCentralEntity.ENGAGEMENT_INVITATIONS)
                .isNotEmpty()
                .allSatisfy(
                        c ->
                                assertThat(c.event().detailType())
                                        .startsWith("Engagement Invitation "));
        assertThat(changes)
                .filteredOn(
                        c ->
                                c.entity() == PartnerCentralEntity.SOLUTIONS
                                        || c.entity() == PartnerCentralEntity.ENGAGEMENTS)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.event()).isNull());
        assertThat(changes)
                .extracting(c -> c.event() == null ? null : c.event().id())
                .filteredOn(id -> id != null)
                .doesNotHaveDuplicates();
    }

    @Test
    void anUnknownKindOrIdIsRefused() {
        assertThatThrownBy(() -> engine.changeOpportunity("O1", "teleport"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown change kind 'teleport'");
        assertThat(engine.changeOpportunity("O1", null)).isNull();
    }
}
