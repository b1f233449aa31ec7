package dev.pcw.connectors.partnercentral.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClient;
import software.amazon.awssdk.services.partnercentralselling.model.AccessDeniedException;
import software.amazon.awssdk.services.partnercentralselling.model.GetOpportunityResponse;
import software.amazon.awssdk.services.partnercentralselling.model.InternalServerException;
import software.amazon.awssdk.services.partnercentralselling.model.OpportunitySummary;
import software.amazon.awssdk.services.partnercentralselling.model.PartnerCentralSellingException;
import software.amazon.awssdk.services.partnercentralselling.model.Stage;
import software.amazon.awssdk.services.partnercentralselling.model.ThrottlingException;

/** Every fault knob and quota, as the real AWS SDK client experiences them. */
class FaultsITCase {
    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(300)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    private static PartnerCentralSellingClient once() {
        return SimulatorClients.noRetries(SIM.endpoint());
    }

    private static void faults(FaultSettings.Builder b) {
        SIM.simulator().setFaults(b.build());
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (OpportunitySummary s :
                SIM.client()
                        .listOpportunitiesPaginator(r -> r.catalog("AWS").maxResults(100))
                        .opportunitySummaries()) {
            if (ids.size() == n) {
                break;
            }
            ids.add(s.id());
        }
        return ids;
    }

    @Test
    void overTheRateQuotaAnswersThrottlingException() {
        SIM.simulator().setQuotas(new QuotaSettings(2, 0, 1, 0));
        try (PartnerCentralSellingClient client = once()) {
            client.listSolutions(r -> r.catalog("AWS"));
            client.listSolutions(r -> r.catalog("AWS"));
            assertThatThrownBy(() -> client.listSolutions(r -> r.catalog("AWS")))
                    .isInstanceOfSatisfying(
                            ThrottlingException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(429))
                    .hasMessageContaining("Rate exceeded");
        }
        JsonNode stats = SIM.simulator().statsJson();
        assertThat(stats.at("/operations/ListSolutions/AWS/throttled").asLong()).isEqualTo(1);
        assertThat(stats.at("/operations/ListSolutions/AWS/ok").asLong()).isEqualTo(2);
    }

    @Test
    void overTheDailyBudgetAnswersThrottlingExceptionUntilTheWindowRolls() {
        SIM.simulator().setQuotas(new QuotaSettings(0, 5, 0, 0));
        try (PartnerCentralSellingClient client = once()) {
            for (int i = 0; i < 5; i++) {
                client.listSolutions(r -> r.catalog("AWS"));
            }
            assertThatThrownBy(() -> client.listSolutions(r -> r.catalog("AWS")))
                    .isInstanceOf(ThrottlingException.class)
                    .hasMessageContaining(
                            "Daily request quota exceeded for partnercentral:ListSolutions");
            // Quotas are per catalog: the Sandbox budget is untouched.
            assertThat(client.listSolutions(r -> r.catalog("Sandbox")).solutionSummaries())
                    .isNotEmpty();
        }
        JsonNode accounts = SIM.simulator().quotas().toJson().get("accounts");
        assertThat(accounts.findValuesAsText("remainingLast24h")).contains("0");
    }

    @Test
    void theSdkDefaultRetryPolicyMakesFourAttemptsOnThrottlingThenThrows() {
        faults(FaultSettings.builder().throttleRatio(1.0));
        long start = System.nanoTime();
        assertThatThrownBy(() -> SIM.client().listSolutions(r -> r.catalog("AWS")))
                .isInstanceOf(ThrottlingException.class);
        long millis = (System.nanoTime() - start) / 1_000_000;
        // Written down in the README: the SDK's default (legacy) retry policy retries throttling
        // three times with backoff before the exception reaches the caller.
        assertThat(SIM.simulator().accounting().calls("ListSolutions")).isEqualTo(4);
        assertThat(millis).isLessThan(10_000);
    }

    @Test
    void aThrottlingAndServerErrorStormIsAbsorbedBySdkRetries() {
        faults(FaultSettings.builder().throttleRatio(0.3).errorRatio(0.05));
        List<OpportunitySummary> all = new ArrayList<>();
        // Four attempts lose about one page in 70 to a 35% storm; a caller that expects storms
        // allows more (pcw's own source retries under its quota governor instead).
        try (PartnerCentralSellingClient patient =
                SimulatorClients.builder(SIM.endpoint())
                        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(12)))
                        .build()) {
            patient.listOpportunitiesPaginator(r -> r.catalog("AWS").maxResults(20))
                    .opportunitySummaries()
                    .forEach(all::add);
        }
        assertThat(all).hasSize(300);
        JsonNode stats = SIM.simulator().statsJson();
        assertThat(stats.at("/operations/ListOpportunities/AWS/throttled").asLong()).isPositive();
        assertThat(stats.at("/operations/ListOpportunities/AWS/ok").asLong()).isEqualTo(15);
    }

    @Test
    void errorRatioAnswersInternalServerException() {
        faults(FaultSettings.builder().errorRatio(1.0));
        try (PartnerCentralSellingClient client = once()) {
            assertThatThrownBy(() -> client.listSolutions(r -> r.catalog("AWS")))
                    .isInstanceOfSatisfying(
                            InternalServerException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(500))
                    .hasMessageContaining("internal error");
        }
    }

    @Test
    void faultsCanBeLimitedToOneOperation() {
        List<String> ids = ids(3);
        faults(FaultSettings.builder().errorRatio(1.0).operations(Set.of("GetOpportunity")));
        try (PartnerCentralSellingClient client = once()) {
            assertThat(client.listSolutions(r -> r.catalog("AWS")).solutionSummaries())
                    .isNotEmpty();
            assertThatThrownBy(
                            () ->
                                    client.getOpportunity(
                                            r -> r.catalog("AWS").identifier(ids.get(0))))
                    .isInstanceOf(InternalServerException.class)
                    .hasMessageContaining("internal error");
        }
    }

    @Test
    void latencyDelaysEveryCall() {
        faults(FaultSettings.builder().latencyMillis(300));
        long start = System.nanoTime();
        SIM.client().listSolutions(r -> r.catalog("AWS"));
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void accessDeniedFailsWith403AndNamesTheAction() {
        faults(FaultSettings.builder().deny(FaultSettings.Deny.ACCESS_DENIED));
        assertThatThrownBy(() -> SIM.client().listOpportunities(r -> r.catalog("AWS")))
                .isInstanceOfSatisfying(
                        AccessDeniedException.class, e -> assertThat(e.statusCode()).isEqualTo(403))
                .hasMessageContaining(
                        "is not authorized to perform: partnercentral:ListOpportunities")
                .hasMessageContaining("catalog/AWS");
        // Not retried by the SDK: one call reached the service.
        assertThat(SIM.simulator().accounting().calls("ListOpportunities")).isEqualTo(1);
    }

    @Test
    void unrecognizedCredentialsFailWith403UnrecognizedClientException() {
        faults(FaultSettings.builder().deny(FaultSettings.Deny.UNRECOGNIZED_CLIENT));
        assertThatThrownBy(() -> SIM.client().listOpportunities(r -> r.catalog("AWS")))
                .isInstanceOfSatisfying(
                        PartnerCentralSellingException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(403);
                            assertThat(e.awsErrorDetails().errorCode())
                                    .isEqualTo("UnrecognizedClientException");
                        })
                .hasMessageContaining("The security token included in the request is invalid");
    }

    @Test
    void requestsSignedForAnotherRegionAreRefused() {
        try (PartnerCentralSellingClient euClient =
                PartnerCentralSellingClient.builder()
                        .endpointOverride(SIM.endpoint())
                        .region(Region.EU_WEST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("eu", "secret")))
                        .build()) {
            assertThatThrownBy(() -> euClient.listOpportunities(r -> r.catalog("AWS")))
                    .isInstanceOfSatisfying(
                            PartnerCentralSellingException.class,
                            e ->
                                    assertThat(e.awsErrorDetails().errorCode())
                                            .isEqualTo("InvalidSignatureException"))
                    .hasMessageContaining("not 'eu-west-1'")
                    .hasMessageContaining("us-east-1 only");
        }
    }

    private static FaultSettings.Builder malformed(MalformedKind kind) {
        return FaultSettings.builder().malformedRatio(1.0).malformedKinds(EnumSet.of(kind));
    }

    @Test
    void truncatedJsonCannotBeParsedBySdk() {
        String id = ids(1).get(0);
        faults(malformed(MalformedKind.TRUNCATED_JSON));
        assertThatThrownBy(() -> SIM.client().getOpportunity(r -> r.catalog("AWS").identifier(id)))
                .isInstanceOf(SdkClientException.class)
                .hasMessageContaining("Unable to unmarshall response");
        RawApi.Response raw =
                RawApi.call(
                        SIM.endpoint(),
                        "GetOpportunity",
                        "{\"Catalog\":\"AWS\",\"Identifier\":\"" + id + "\"}");
        assertThat(raw.status).isEqualTo(200);
        assertThat(raw.body).startsWith("{").doesNotEndWith("}");
    }

    @Test
    void wrongTypesAreServedForEveryBrokenRecord() {
        List<String> ids = ids(30);
        faults(malformed(MalformedKind.WRONG_TYPE));
        for (String id : ids) {
            JsonNode o =
                    RawApi.call(
                                    SIM.endpoint(),
                                    "GetOpportunity",
                                    "{\"Catalog\":\"AWS\",\"Identifier\":\"" + id + "\"}")
                            .json();
            boolean lifeCycleIsText = o.path("LifeCycle").isTextual();
            boolean dateIsText = "last tuesday".equals(o.path("LastModifiedDate").asText());
            JsonNode spend = o.path("Project").path("ExpectedCustomerSpend");
            boolean amountIsNumber = spend.isTextual() || spend.path(0).path("Amount").isNumber();
            assertThat(List.of(lifeCycleIsText, dateIsText, amountIsNumber))
                    .as("record %s", id)
                    .containsOnlyOnce(true);
        }
    }

    @Test
    void missingRequiredMembersReachTheSdkAsNulls() {
        List<String> ids = ids(30);
        faults(malformed(MalformedKind.MISSING_REQUIRED));
        int missing = 0;
        for (String id : ids) {
            GetOpportunityResponse o =
                    SIM.client().getOpportunity(r -> r.catalog("AWS").identifier(id));
            int nulls =
                    (o.id() == null ? 1 : 0)
                            + (o.lastModifiedDate() == null ? 1 : 0)
                            + (o.customer().account().companyName() == null ? 1 : 0);
            assertThat(nulls).as("record %s", id).isEqualTo(1);
            missing += nulls;
        }
        assertThat(missing).isEqualTo(30);
    }

    @Test
    void unknownEnumValuesReachTheSdkAsUnknownButKeepTheirText() {
        List<String> ids = ids(30);
        faults(malformed(MalformedKind.UNKNOWN_ENUM));
        boolean sawStage = false;
        for (String id : ids) {
            GetOpportunityResponse o =
                    SIM.client().getOpportunity(r -> r.catalog("AWS").identifier(id));
            if (o.lifeCycle().stage() == Stage.UNKNOWN_TO_SDK_VERSION) {
                assertThat(o.lifeCycle().stageAsString()).isEqualTo("Negotiation");
                sawStage = true;
            } else {
                assertThat(
                                List.of(
                                        o.lifeCycle().reviewStatusAsString(),
                                        o.customer().account().industryAsString()))
                        .containsAnyOf("Escalated", "Space Exploration");
            }
        }
        assertThat(sawStage).isTrue();
        // The list shows the same unknown values as the Get of the same version.
        List<OpportunitySummary> page =
                SIM.client()
                        .listOpportunities(r -> r.catalog("AWS").maxResults(30))
                        .opportunitySummaries();
        assertThat(page).anyMatch(s -> s.lifeCycle().stage() == Stage.UNKNOWN_TO_SDK_VERSION);
    }

    @Test
    void unknownMembersAreOnTheWireButIgnoredBySdk() {
        String id = ids(1).get(0);
        GetOpportunityResponse clean =
                SIM.client().getOpportunity(r -> r.catalog("AWS").identifier(id));
        faults(malformed(MalformedKind.UNKNOWN_MEMBER));
        GetOpportunityResponse extra =
                SIM.client().getOpportunity(r -> r.catalog("AWS").identifier(id));
        assertThat(extra.equalsBySdkFields(clean)).isTrue();
        JsonNode raw =
                RawApi.call(
                                SIM.endpoint(),
                                "GetOpportunity",
                                "{\"Catalog\":\"AWS\",\"Identifier\":\"" + id + "\"}")
                        .json();
        assertThat(raw.at("/PartnerInsights/WinProbability").asDouble()).isEqualTo(0.42);
        assertThat(raw.at("/LifeCycle/ForecastCategory").asText()).isEqualTo("Pipeline");
    }

    @Test
    void malformedRecordsAreChosenByRatioAndStayTheSameOnRetry() {
        List<String> ids = ids(200);
        faults(FaultSettings.builder().malformedRatio(0.2));
        int broken = 0;
        for (String id : ids) {
            String body = "{\"Catalog\":\"AWS\",\"Identifier\":\"" + id + "\"}";
            RawApi.Response first = RawApi.call(SIM.endpoint(), "GetOpportunity", body);
            RawApi.Response again = RawApi.call(SIM.endpoint(), "GetOpportunity", body);
            assertThat(again.body).isEqualTo(first.body);
            boolean intact;
            try {
                JsonNode n = first.json();
                intact =
                        n.path("Id").asText().equals(id)
                                && n.path("LifeCycle").isObject()
                                && !n.has("PartnerInsights")
                                && n.path("LastModifiedDate").asText().startsWith("20")
                                && n.at("/Customer/Account/CompanyName").isTextual()
                                && n.at("/Project/ExpectedCustomerSpend/0/Amount").isTextual()
                                && Stage.fromValue(n.at("/LifeCycle/Stage").asText())
                                        != Stage.UNKNOWN_TO_SDK_VERSION
                                && !"Escalated".equals(n.at("/LifeCycle/ReviewStatus").asText())
                                && !"Space Exploration"
                                        .equals(n.at("/Customer/Account/Industry").asText());
            } catch (AssertionError notJson) {
                intact = false;
            }
            broken += intact ? 0 : 1;
        }
        assertThat(broken).isBetween(20, 60);
    }
}
