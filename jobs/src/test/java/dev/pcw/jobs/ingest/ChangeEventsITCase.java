package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.events.ChangeEvents;
import dev.pcw.schemas.events.EventTypes;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change events out of the ingest job (file sink), over three bounded runs against one lake: a full
 * sync reports every record as created; after the simulator changes records, the next run reports
 * exactly those changes and nothing for records it saw again; a run with no changes reports no
 * change at all. Every run ends with one {@code pcw.connector.run.completed} per entity.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ChangeEventsITCase {
    private static final int COUNT = 200;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(COUNT)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir Path home;

    /** A second lake for a replay of the same data from scratch. */
    @TempDir Path replayHome;

    private PcwConfig config() {
        return config(home);
    }

    private PcwConfig config(Path home) {
        return IngestTestKit.config(
                home,
                SIM.endpoint(),
                "AWS",
                Map.of(
                        "connectors.partner_central.entities",
                        "opportunities,solutions,engagement_invitations",
                        "events.sinks",
                        "file"));
    }

    private List<JsonNode> run(String name) throws Exception {
        return run(name, home);
    }

    private List<JsonNode> run(String name, Path home) throws Exception {
        List<JsonNode> before = IngestTestKit.events(home);
        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        IngestTestKit.build(env, config(home), true);
        env.execute(name);
        List<JsonNode> after = IngestTestKit.events(home);
        Set<String> seen =
                before.stream().map(e -> e.path("id").asText()).collect(Collectors.toSet());
        return after.stream()
                .filter(e -> !seen.contains(e.path("id").asText()))
                .collect(Collectors.toList());
    }

    private static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream()
                .filter(e -> e.path("type").asText().equals(type))
                .collect(Collectors.toList());
    }

    private static Set<String> subjects(List<JsonNode> events, String type) {
        return ofType(events, type).stream()
                .map(e -> e.path("subject").asText())
                .collect(Collectors.toSet());
    }

    @Test
    void eventsFollowTheRecordsChangesAndNothingElse() throws Exception {
        var data = SIM.simulator().dataset("AWS");
        Set<String> opportunities = new HashSet<>(data.opportunities().ids());
        Set<String> solutions = new HashSet<>(data.solutions().ids());
        Set<String> invitations = new HashSet<>(data.invitations().ids());

        // 1. A full sync: every record is new.
        List<JsonNode> first = run("events-1-full");
        assertThat(subjects(first, EventTypes.OPPORTUNITY_CREATED))
                .containsExactlyInAnyOrderElementsOf(opportunities);
        assertThat(ofType(first, EventTypes.OPPORTUNITY_CREATED)).hasSize(COUNT);
        assertThat(subjects(first, EventTypes.SOLUTION_CREATED))
                .containsExactlyInAnyOrderElementsOf(solutions);
        assertThat(subjects(first, EventTypes.ENGAGEMENT_INVITATION_CREATED))
                .containsExactlyInAnyOrderElementsOf(invitations);
        assertThat(ofType(first, EventTypes.OPPORTUNITY_UPDATED)).isEmpty();
        assertRunCompleted(first, 3);
        assertCompletedAfterTheRunsChanges(first);
        // Ids are what the contract says: derived from type, catalog, entity, id and version.
        for (JsonNode e : ofType(first, EventTypes.OPPORTUNITY_CREATED)) {
            StoredRecord r = data.opportunities().get(e.path("subject").asText());
            assertThat(e.path("id").asText())
                    .isEqualTo(
                            ChangeEvents.eventId(
                                    EventTypes.OPPORTUNITY_CREATED,
                                    "AWS",
                                    "opportunity",
                                    r.id(),
                                    Long.toString(r.modifiedMillis())));
            assertThat(Instant.parse(e.path("time").asText()))
                    .isEqualTo(Instant.ofEpochMilli(r.modifiedMillis()));
            assertThat(e.path("source").asText())
                    .isEqualTo("/pcw/connectors/partner_central/catalogs/AWS");
        }

        // A replay of the same data from scratch, into another lake, gives the same event ids.
        List<JsonNode> replay = run("events-1-replay", replayHome);
        assertThat(
                        replay.stream()
                                .filter(
                                        e ->
                                                !e.path("type")
                                                        .asText()
                                                        .equals(EventTypes.CONNECTOR_RUN_COMPLETED))
                                .map(e -> e.path("id").asText()))
                .containsExactlyInAnyOrderElementsOf(
                        first.stream()
                                .filter(
                                        e ->
                                                !e.path("type")
                                                        .asText()
                                                        .equals(EventTypes.CONNECTOR_RUN_COMPLETED))
                                .map(e -> e.path("id").asText())
                                .collect(Collectors.toList()));

        // 2. The simulator changes records; the next run reports exactly those changes.
        List<Change> changes = SIM.simulator().applyChanges("AWS", 30);
        Set<String> changedOpportunities = new HashSet<>();
        Set<String> createdOpportunities = new HashSet<>();
        Set<String> stageChanged = new HashSet<>();
        for (Change c : changes) {
            if (c.entity() != PartnerCentralEntity.OPPORTUNITIES) {
                continue;
            }
            if (c.kind().equals("created")) {
                createdOpportunities.add(c.id());
            } else if (!createdOpportunities.contains(c.id()) && !c.kind().equals("next_steps")) {
                // NextSteps stays in bronze (free text): a change to it alone changes no silver
                // column, so it is no change event.
                changedOpportunities.add(c.id());
                if (c.kind().equals("stage")) {
                    stageChanged.add(c.id());
                }
            }
        }
        assertThat(changedOpportunities).isNotEmpty();
        Set<String> changedInvitations =
                changes.stream()
                        .filter(c -> c.entity() == PartnerCentralEntity.ENGAGEMENT_INVITATIONS)
                        .map(Change::id)
                        .collect(Collectors.toSet());
        var accounting = SIM.simulator().accounting();
        long invitationGets = accounting.calls("GetEngagementInvitation");
        List<JsonNode> second = run("events-2-incremental");
        // A new bounded job fetches only the invitations whose list item changed: the previous
        // run's fingerprints are in the metadata DB.
        assertThat(accounting.calls("GetEngagementInvitation") - invitationGets)
                .isEqualTo(changedInvitations.size());
        assertThat(subjects(second, EventTypes.OPPORTUNITY_UPDATED))
                .containsExactlyInAnyOrderElementsOf(changedOpportunities);
        assertThat(subjects(second, EventTypes.OPPORTUNITY_CREATED))
                .containsExactlyInAnyOrderElementsOf(createdOpportunities);
        assertThat(subjects(second, EventTypes.OPPORTUNITY_STAGE_CHANGED))
                .isSubsetOf(changedOpportunities)
                .containsAll(stageChanged);
        // Records seen again (the run's inclusive boundary, unchanged solutions) are no change.
        assertThat(subjects(second, EventTypes.SOLUTION_CREATED)).isEmpty();
        assertThat(subjects(second, EventTypes.ENGAGEMENT_INVITATION_CREATED))
                .doesNotContainAnyElementsOf(invitations);
        assertRunCompleted(second, 3);
        assertCompletedAfterTheRunsChanges(second);
        for (JsonNode e : ofType(second, EventTypes.OPPORTUNITY_STAGE_CHANGED)) {
            JsonNode stage = e.at("/data/changes/stage");
            assertThat(stage.path("old").asText()).isNotEqualTo(stage.path("new").asText());
            assertThat(stage.path("new").asText())
                    .isEqualTo(data.opportunities().get(e.path("subject").asText()).attr("Stage"));
        }
        // One record's events keep their order: its updated event comes before its
        // stage_changed event.
        List<String> order = new ArrayList<>();
        for (JsonNode e : second) {
            order.add(e.path("type").asText() + " " + e.path("subject").asText());
        }
        for (String id : subjects(second, EventTypes.OPPORTUNITY_STAGE_CHANGED)) {
            assertThat(order.indexOf(EventTypes.OPPORTUNITY_UPDATED + " " + id))
                    .isNotNegative()
                    .isLessThan(order.indexOf(EventTypes.OPPORTUNITY_STAGE_CHANGED + " " + id));
        }

        // 3. Nothing changed: no change events, only the runs' completions, and no detail call.
        long gets =
                accounting.calls("GetOpportunity") + accounting.calls("GetEngagementInvitation");
        List<JsonNode> third = run("events-3-unchanged");
        assertThat(accounting.calls("GetOpportunity") + accounting.calls("GetEngagementInvitation"))
                .isEqualTo(gets);
        assertRunCompleted(third, 3);
        assertThat(third).hasSize(3);
    }

    /**
     * A run-completed event used to leave with the run's last record, before the run was committed,
     * and could reach a sink before the run's last change events. It now leaves once the run's
     * records are committed: on the file sink, in a file written after every file holding one of
     * the run's change events.
     */
    private void assertCompletedAfterTheRunsChanges(List<JsonNode> events) throws Exception {
        Map<String, Path> files = IngestTestKit.eventFiles(home);
        Map<String, String> typePrefix =
                Map.of(
                        "opportunities", "pcw.partnercentral.opportunity.",
                        "solutions", "pcw.partnercentral.solution.",
                        "engagement_invitations", "pcw.partnercentral.engagement_invitation.");
        for (JsonNode completed : ofType(events, EventTypes.CONNECTOR_RUN_COMPLETED)) {
            Path last = files.get(completed.path("id").asText());
            java.nio.file.attribute.FileTime lastWritten =
                    java.nio.file.Files.getLastModifiedTime(last);
            String prefix = typePrefix.get(completed.at("/data/entity").asText());
            for (JsonNode change : events) {
                if (!change.path("type").asText().startsWith(prefix)) {
                    continue;
                }
                Path f = files.get(change.path("id").asText());
                assertThat(f).as("the file of %s", change.path("id").asText()).isNotEqualTo(last);
                assertThat(java.nio.file.Files.getLastModifiedTime(f))
                        .isLessThanOrEqualTo(lastWritten);
            }
        }
    }

    private static void assertRunCompleted(List<JsonNode> events, int runs) {
        List<JsonNode> completed = ofType(events, EventTypes.CONNECTOR_RUN_COMPLETED);
        assertThat(completed).hasSize(runs);
        assertThat(completed)
                .extracting(e -> e.at("/data/entity").asText())
                .containsExactlyInAnyOrder("opportunities", "solutions", "engagement_invitations");
        for (JsonNode e : completed) {
            assertThat(e.path("subject").asText()).isEqualTo(e.at("/data/run_id").asText());
            assertThat(e.at("/data/api_calls").asLong()).isPositive();
        }
    }
}
