package dev.pcw.connectors.partnercentral.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.partnercentral.PartnerCentralEvent;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.partnercentralselling.model.GetOpportunityResponse;
import software.amazon.awssdk.services.partnercentralselling.model.ListOpportunitiesRequest;
import software.amazon.awssdk.services.partnercentralselling.model.OpportunitySortName;
import software.amazon.awssdk.services.partnercentralselling.model.OpportunitySummary;
import software.amazon.awssdk.services.partnercentralselling.model.SortOrder;

/**
 * Records change over time and on demand; an incremental ListOpportunities sees exactly the
 * changes; the admin API reports calls and turns the knobs.
 */
class ChangesAndAdminApiITCase {
    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(500)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    private static List<OpportunitySummary> since(Instant after) {
        List<OpportunitySummary> out = new ArrayList<>();
        SIM.client()
                .listOpportunitiesPaginator(
                        ListOpportunitiesRequest.builder()
                                .catalog("AWS")
                                .maxResults(100)
                                .lastModifiedDate(d -> d.afterLastModifiedDate(after))
                                .sort(
                                        s ->
                                                s.sortBy(OpportunitySortName.LAST_MODIFIED_DATE)
                                                        .sortOrder(SortOrder.ASCENDING))
                                .build())
                .opportunitySummaries()
                .forEach(out::add);
        return out;
    }

    private static Instant newest() {
        return SIM.client()
                .listOpportunities(
                        r ->
                                r.catalog("AWS")
                                        .maxResults(1)
                                        .sort(
                                                s ->
                                                        s.sortBy(
                                                                        OpportunitySortName
                                                                                .LAST_MODIFIED_DATE)
                                                                .sortOrder(SortOrder.DESCENDING)))
                .opportunitySummaries()
                .get(0)
                .lastModifiedDate();
    }

    @Test
    void anIncrementalListSeesExactlyTheChangedAndNewOpportunities() {
        Instant watermark = newest();
        List<Change> changes = SIM.simulator().applyChanges("AWS", 40);
        Set<String> changedOpportunities =
                changes.stream()
                        .filter(c -> c.entity() == PartnerCentralEntity.OPPORTUNITIES)
                        .map(Change::id)
                        .collect(Collectors.toSet());
        assertThat(changedOpportunities).isNotEmpty();

        List<OpportunitySummary> delta = since(watermark);
        // The filter is inclusive: the record(s) at the old watermark come back too.
        Set<String> fresh =
                delta.stream()
                        .filter(s -> s.lastModifiedDate().isAfter(watermark))
                        .map(OpportunitySummary::id)
                        .collect(Collectors.toSet());
        assertThat(fresh).isEqualTo(changedOpportunities);
        assertThat(delta.stream().filter(s -> s.lastModifiedDate().equals(watermark))).isNotEmpty();
        assertThat(delta)
                .isSortedAccordingTo(Comparator.comparing(OpportunitySummary::lastModifiedDate));
        assertThat(delta.get(delta.size() - 1).lastModifiedDate()).isAfter(watermark);
    }

    @Test
    void aChangeAdvancesLastModifiedDateAndProducesThePartnerCentralEvent() {
        OpportunitySummary before = since(Instant.EPOCH).get(0);
        Change c = SIM.simulator().changeOpportunity("AWS", before.id(), "stage");

        GetOpportunityResponse after =
                SIM.client().getOpportunity(r -> r.catalog("AWS").identifier(before.id()));
        assertThat(after.lastModifiedDate()).isAfter(before.lastModifiedDate());
        assertThat(after.lifeCycle().stageAsString())
                .isNotEqualTo(before.lifeCycle().stageAsString());
        assertThat(c.kind()).isEqualTo("stage");
        assertThat(c.record().version()).isEqualTo(2);

        PartnerCentralEvent e = c.event();
        assertThat(e.detailType()).isEqualTo("Opportunity Updated");
        assertThat(e.identifier()).isEqualTo(before.id());
        assertThat(e.catalog()).isEqualTo("AWS");
        assertThat(e.region()).isEqualTo("us-east-1");
        assertThat(e.account()).isEqualTo("111122223333");
        assertThat(e.resources()).containsExactly(before.arn());
        JsonNode json = e.toJson();
        assertThat(json.path("source").asText()).isEqualTo("aws.partnercentral-selling");
        assertThat(json.at("/detail/schemaVersion").asText()).isEqualTo("1");
        assertThat(json.at("/detail/opportunity/identifier").asText()).isEqualTo(before.id());
        assertThat(SIM.simulator().eventLog().events()).contains(e);
    }

    @Test
    void theAdminApiChangesRecordsAndReturnsTheirEvents() {
        URI admin = SIM.simulator().adminUrl();
        RawApi.Response created =
                RawApi.admin(admin, "POST", "/opportunities", "{\"catalog\":\"Sandbox\"}");
        assertThat(created.status).isEqualTo(200);
        String id = created.json().path("id").asText();
        assertThat(created.json().at("/event/detail-type").asText())
                .isEqualTo("Opportunity Created");
        assertThat(SIM.client().getOpportunity(r -> r.catalog("Sandbox").identifier(id)).id())
                .isEqualTo(id);

        RawApi.Response changed =
                RawApi.admin(
                        admin,
                        "POST",
                        "/opportunities/" + id,
                        "{\"catalog\":\"Sandbox\",\"kind\":\"review\"}");
        assertThat(changed.json().path("kind").asText()).isEqualTo("review");
        assertThat(changed.json().at("/event/detail/opportunity/identifier").asText())
                .isEqualTo(id);

        RawApi.Response batch =
                RawApi.admin(admin, "POST", "/changes", "{\"catalog\":\"AWS\",\"count\":5}");
        assertThat(batch.json().path("changes")).hasSize(5);

        long last = SIM.simulator().eventLog().lastSeq();
        RawApi.Response events = RawApi.admin(admin, "GET", "/events?after=" + (last - 2), null);
        assertThat(events.json().path("events")).hasSize(2);
        assertThat(events.json().path("lastSeq").asLong()).isEqualTo(last);
    }

    @Test
    void theAdminApiSaysWhatIsWrongWithABadRequest() {
        URI admin = SIM.simulator().adminUrl();
        RawApi.Response unknown = RawApi.admin(admin, "POST", "/opportunities/O1", "{}");
        assertThat(unknown.status).isEqualTo(404);
        assertThat(unknown.json().path("error").asText())
                .isEqualTo("no opportunity O1 in catalog AWS");

        RawApi.Response badKind =
                RawApi.admin(
                        admin,
                        "POST",
                        "/opportunities/" + since(Instant.EPOCH).get(0).id(),
                        "{\"kind\":\"teleport\"}");
        assertThat(badKind.status).isEqualTo(400);
        assertThat(badKind.json().path("error").asText())
                .contains("unknown change kind 'teleport'");

        RawApi.Response badCatalog =
                RawApi.admin(admin, "POST", "/changes", "{\"catalog\":\"Prod\"}");
        assertThat(badCatalog.status).isEqualTo(400);
        assertThat(badCatalog.json().path("error").asText())
                .contains("catalog must be one of [AWS, Sandbox]");

        RawApi.Response notJson = RawApi.admin(admin, "PUT", "/faults", "{oops");
        assertThat(notJson.status).isEqualTo(400);
        assertThat(notJson.json().path("error").asText())
                .isEqualTo("request body is not valid JSON");

        RawApi.Response badRatio = RawApi.admin(admin, "PUT", "/faults", "{\"throttleRatio\":2}");
        assertThat(badRatio.status).isEqualTo(400);
        assertThat(badRatio.json().path("error").asText())
                .contains("throttleRatio must be between 0 and 1");
        assertThat(SIM.simulator().faults().throttleRatio()).isZero();

        RawApi.Response noRoute = RawApi.admin(admin, "GET", "/nope", null);
        assertThat(noRoute.status).isEqualTo(404);
        assertThat(noRoute.json().path("error").asText()).contains("GET /admin lists them");
    }

    @Test
    void theAdminApiTurnsKnobsAndReportsCalls() {
        URI admin = SIM.simulator().adminUrl();
        RawApi.Response faults =
                RawApi.admin(
                        admin,
                        "PUT",
                        "/faults",
                        "{\"errorRatio\":1.0,\"operations\":[\"ListSolutions\"],\"malformedKinds\":[\"unknown-enum\"]}");
        assertThat(faults.status).isEqualTo(200);
        assertThat(SIM.simulator().faults().errorRatio()).isEqualTo(1.0);
        assertThat(SIM.simulator().faults().malformedKinds())
                .containsExactly(MalformedKind.UNKNOWN_ENUM);

        RawApi.call(SIM.endpoint(), "ListSolutions", "{\"Catalog\":\"AWS\"}");
        RawApi.call(SIM.endpoint(), "ListEngagements", "{\"Catalog\":\"AWS\"}");
        JsonNode stats = RawApi.admin(admin, "GET", "/stats", null).json();
        assertThat(stats.at("/operations/ListSolutions/AWS/failed").asLong()).isEqualTo(1);
        assertThat(
                        stats.at("/operations/ListSolutions/AWS/errors/InternalServerException")
                                .asLong())
                .isEqualTo(1);
        assertThat(stats.at("/operations/ListEngagements/AWS/ok").asLong()).isEqualTo(1);
        assertThat(stats.at("/totals/calls").asLong()).isEqualTo(2);
        assertThat(stats.at("/quotas/settings/readRate").asDouble()).isZero();

        RawApi.admin(admin, "PUT", "/quotas", "{\"readRate\":1}");
        assertThat(SIM.simulator().quotas().settings().readRate()).isEqualTo(1.0);
        assertThat(
                        RawApi.admin(admin, "POST", "/stats/reset", null)
                                .json()
                                .at("/totals/calls")
                                .asLong())
                .isZero();

        JsonNode datasets = RawApi.admin(admin, "GET", "/datasets", null).json();
        assertThat(datasets.at("/AWS/opportunities").asInt()).isGreaterThanOrEqualTo(500);
        assertThat(datasets.at("/Sandbox/opportunities").asInt()).isGreaterThanOrEqualTo(50);
        assertThat(RawApi.admin(admin, "GET", "", null).json().path("routes")).isNotEmpty();
    }

    @Test
    void recordsChangeInTheBackgroundAtTheConfiguredRate() throws Exception {
        try (PartnerCentralSimulator busy =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(100)
                                .changesPerMinute(1200)
                                .quotas(QuotaSettings.UNLIMITED)
                                .build())) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (busy.eventLog().lastSeq() < 5 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(busy.eventLog().lastSeq()).isGreaterThanOrEqualTo(5);
            assertThat(busy.eventLog().events())
                    .allMatch(
                            e ->
                                    e.detailType().startsWith("Opportunity")
                                            || e.detailType().startsWith("Engagement Invitation"));
        }
    }
}
