package dev.pcw.connectors.partnercentral.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.MalformedKind;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against the simulator: raw payloads, retries it owns, and fail-fast access errors. */
class PartnerCentralClientITCase {
    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(200)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    private static PartnerCentralClient client(double rate, int attempts) {
        return PartnerCentralClient.create(
                PartnerCentralClientConfig.builder()
                        .endpoint(SIM.endpoint())
                        .staticCredentials("client-it", "secret")
                        .readRate(rate)
                        .readDaily(0)
                        .maxAttempts(attempts)
                        .backoffMillis(5, 50)
                        .build());
    }

    private static String firstId() {
        try (PartnerCentralClient c = client(0, 1)) {
            return c.listOpportunities("AWS", null, null, 1)
                    .json()
                    .at("/OpportunitySummaries/0/Id")
                    .asText();
        }
    }

    @Test
    void listsOldestFirstAndReturnsTheRawPage() {
        try (PartnerCentralClient c = client(0, 3)) {
            RawResponse page = c.listOpportunities("AWS", null, null, 100);
            assertThat(page.isMalformed()).isFalse();
            assertThat(page.requestId()).isNotBlank();
            JsonNode items = page.json().get("OpportunitySummaries");
            assertThat(items).hasSize(100);
            assertThat(items.get(0).path("LastModifiedDate").asText())
                    .isLessThanOrEqualTo(items.get(99).path("LastModifiedDate").asText());
            assertThat(page.json().path("NextToken").asText()).isNotBlank();

            Instant after = Instant.parse(items.get(99).path("LastModifiedDate").asText());
            RawResponse newer = c.listOpportunities("AWS", after, null, 100);
            assertThat(
                            newer.json()
                                    .get("OpportunitySummaries")
                                    .get(0)
                                    .path("LastModifiedDate")
                                    .asText())
                    .isEqualTo(items.get(99).path("LastModifiedDate").asText());
        }
    }

    @Test
    void keepsMembersTheSdkDoesNotKnow() {
        String id = firstId();
        SIM.simulator()
                .setFaults(
                        FaultSettings.builder()
                                .malformedRatio(1.0)
                                .malformedKinds(EnumSet.of(MalformedKind.UNKNOWN_MEMBER))
                                .build());
        try (PartnerCentralClient c = client(0, 1)) {
            RawResponse r = c.getOpportunity("AWS", id);
            assertThat(r.json().at("/PartnerInsights/WinProbability").asDouble()).isEqualTo(0.42);
            assertThat(r.bodyText()).contains("\"ForecastCategory\":\"Pipeline\"");
        }
    }

    @Test
    void handsOverABodyTheSdkCannotRead() {
        String id = firstId();
        SIM.simulator()
                .setFaults(
                        FaultSettings.builder()
                                .malformedRatio(1.0)
                                .malformedKinds(EnumSet.of(MalformedKind.TRUNCATED_JSON))
                                .build());
        try (PartnerCentralClient c = client(0, 5)) {
            RawResponse r = c.getOpportunity("AWS", id);
            assertThat(r.isMalformed()).isTrue();
            assertThat(r.parseError()).startsWith("response is not valid JSON");
            assertThat(r.bodyText()).startsWith("{\"Catalog\":\"AWS\"");
            assertThat(r.requestId()).isNotBlank();
            // Not retried: the same version would be broken again.
            assertThat(c.stats().calls()).containsEntry("GetOpportunity", 1L);
            assertThat(c.stats().malformed()).isEqualTo(1);
        }
    }

    @Test
    void retriesThrottlingAndServerErrorsItselfAndCountsEveryAttempt() {
        SIM.simulator()
                .setFaults(FaultSettings.builder().throttleRatio(0.3).errorRatio(0.05).build());
        try (PartnerCentralClient c = client(0, 20)) {
            String token = null;
            int items = 0;
            do {
                RawResponse page = c.listOpportunities("AWS", null, token, 10);
                items += page.json().get("OpportunitySummaries").size();
                token = page.json().path("NextToken").asText(null);
            } while (token != null);
            assertThat(items).isEqualTo(200);
            assertThat(c.stats().throttled()).isPositive();
            // What the client counted is what the service saw: the SDK retries nothing.
            assertThat(c.stats().calls().get("ListOpportunities"))
                    .isEqualTo(SIM.simulator().accounting().calls("ListOpportunities"));
            assertThat(c.stats().retries())
                    .isEqualTo(c.stats().throttled() + c.stats().serverErrors());
        }
    }

    @Test
    void givesUpAfterMaxAttemptsAndSaysWhy() {
        SIM.simulator().setFaults(FaultSettings.builder().errorRatio(1.0).build());
        try (PartnerCentralClient c = client(0, 3)) {
            assertThatThrownBy(() -> c.listSolutions("AWS", null, 10))
                    .isInstanceOfSatisfying(
                            PartnerCentralApiException.class,
                            e -> {
                                assertThat(e.attempts()).isEqualTo(3);
                                assertThat(e.errorCode()).isEqualTo("InternalServerException");
                            })
                    .hasMessageStartingWith(
                            "ListSolutions gave up after 3 attempts; last error InternalServerException");
        }
        assertThat(SIM.simulator().accounting().calls("ListSolutions")).isEqualTo(3);
    }

    @Test
    void accessDeniedFailsAtOnceAndSaysWhatToCheck() {
        SIM.simulator()
                .setFaults(FaultSettings.builder().deny(FaultSettings.Deny.ACCESS_DENIED).build());
        try (PartnerCentralClient c = client(0, 8)) {
            assertThatThrownBy(() -> c.listOpportunities("Sandbox", null, null, 10))
                    .isInstanceOfSatisfying(
                            PartnerCentralAccessException.class,
                            e -> assertThat(e.errorCode()).isEqualTo("AccessDeniedException"))
                    .hasMessageContaining(
                            "Partner Central denied ListOpportunities on catalog Sandbox")
                    .hasMessageContaining("account linking")
                    .hasMessageContaining("partnercentral:ListOpportunities");
        }
        assertThat(SIM.simulator().accounting().calls("ListOpportunities")).isEqualTo(1);
    }

    @Test
    void unknownCredentialsFailAtOnce() {
        SIM.simulator()
                .setFaults(
                        FaultSettings.builder()
                                .deny(FaultSettings.Deny.UNRECOGNIZED_CLIENT)
                                .build());
        try (PartnerCentralClient c = client(0, 8)) {
            assertThatThrownBy(() -> c.listSolutions("AWS", null, 10))
                    .isInstanceOf(PartnerCentralAccessException.class)
                    .hasMessageContaining("AWS did not accept the credentials for ListSolutions")
                    .hasMessageContaining("UnrecognizedClientException")
                    // The credentials in use are named, not the default chain they are not from.
                    .hasMessageContaining(
                            "the access key set in connectors.partner_central.access_key_id")
                    .hasMessageNotContaining("default")
                    .hasMessageNotContaining("secret");
        }
    }

    /**
     * No credentials anywhere: the first call fails at once, with what to set, before anything is
     * sent (it used to be retried as an I/O error, four job restarts and two minutes long).
     */
    @Test
    void missingCredentialsFailAtOnceWithoutACall(@org.junit.jupiter.api.io.TempDir Path dir) {
        java.util.Map<String, String> props =
                java.util.Map.of(
                        "aws.disableEc2Metadata", "true",
                        "aws.sharedCredentialsFile", dir.resolve("none").toString(),
                        "aws.configFile", dir.resolve("none-either").toString());
        props.forEach(System::setProperty);
        long before = SIM.simulator().accounting().calls("ListSolutions");
        try (PartnerCentralClient c =
                PartnerCentralClient.create(
                        PartnerCentralClientConfig.builder()
                                .endpoint(SIM.endpoint())
                                .readRate(0)
                                .readDaily(0)
                                .maxAttempts(8)
                                .backoffMillis(5, 50)
                                .build())) {
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    System.getenv("AWS_ACCESS_KEY_ID") == null
                            && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
                            && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null
                            && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null,
                    "this machine has AWS credentials in its environment");
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.listSolutions("AWS", null, 10))
                    .isInstanceOfSatisfying(
                            PartnerCentralAccessException.class,
                            e -> assertThat(e.errorCode()).isEqualTo("NoCredentials"))
                    .hasMessageStartingWith("No AWS credentials for ListSolutions")
                    .hasMessageContaining("the default AWS credentials chain")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
            assertThat(c.stats().totalCalls()).isZero();
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
        assertThat(SIM.simulator().accounting().calls("ListSolutions")).isEqualTo(before);
    }

    @Test
    void anUnknownRecordIsNotFoundWithoutRetries() {
        try (PartnerCentralClient c = client(0, 8)) {
            assertThatThrownBy(() -> c.getOpportunity("AWS", "O1"))
                    .isInstanceOfSatisfying(
                            PartnerCentralApiException.class,
                            e -> assertThat(e.isNotFound()).isTrue())
                    .hasMessageContaining("GetOpportunity failed: ResourceNotFoundException");
        }
        assertThat(SIM.simulator().accounting().calls("GetOpportunity")).isEqualTo(1);
    }

    @Test
    void theGovernorKeepsCallsUnderTheServicesQuotaWithoutAThrottle() {
        SIM.simulator().setQuotas(new QuotaSettings(20, 0, 1, 0));
        try (PartnerCentralClient c = client(20, 1)) {
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                c.listSolutions("AWS", null, 1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(c.stats().throttled()).isZero();
            // 50 calls at 20/s: the first and four banked ones at once, then one every 50 ms.
            assertThat(seconds).isBetween(2.2, 3.5);
        }
        assertThat(
                        SIM.simulator()
                                .statsJson()
                                .at("/operations/ListSolutions/AWS/throttled")
                                .asLong())
                .isZero();
    }

    @Test
    void refusesARegionOtherThanUsEast1() {
        assertThatThrownBy(() -> PartnerCentralClientConfig.builder().region("eu-west-1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Partner Central is served from us-east-1 only, but the client region is"
                                + " 'eu-west-1': set the region to us-east-1 (pcw itself may run in any region)");
    }

    @Test
    void configNeverPrintsTheSecret() {
        PartnerCentralClientConfig c =
                PartnerCentralClientConfig.builder()
                        .staticCredentials("key", "very-secret-value")
                        .build();
        assertThat(c.toString()).doesNotContain("very-secret-value").contains("credentials static");
    }

    /**
     * Throttled without end (the account's daily quota spent, by pcw or other callers): a call
     * pauses, trying again every minute, instead of giving up after 100 attempts and restarting the
     * job into the same wall, again and again.
     */
    @Test
    void endlessThrottlingPausesInsteadOfFailing() {
        SIM.simulator().setFaults(FaultSettings.builder().throttleRatio(1.0).build());
        java.util.List<Long> sleeps = new java.util.ArrayList<>();
        PartnerCentralClientConfig config =
                PartnerCentralClientConfig.builder()
                        .endpoint(SIM.endpoint())
                        .staticCredentials("client-it", "secret")
                        .readRate(0)
                        .readDaily(0)
                        .maxAttempts(3)
                        .backoffMillis(5, 50)
                        .build();
        QuotaGovernor.Sleeper sleeper =
                nanos -> {
                    sleeps.add(nanos / 1_000_000);
                    if (sleeps.size() == PartnerCentralClient.MAX_THROTTLED_ATTEMPTS + 20) {
                        // The window rolls: AWS answers again.
                        SIM.simulator().setFaults(FaultSettings.builder().build());
                    }
                };
        try (PartnerCentralClient c =
                new PartnerCentralClient(
                        config, new QuotaGovernor(0, 0), new QuotaGovernor(0, 0), sleeper)) {
            RawResponse page = c.listSolutions("AWS", null, 10);
            assertThat(page.isMalformed()).isFalse();
            assertThat(c.stats().throttled())
                    .isEqualTo(PartnerCentralClient.MAX_THROTTLED_ATTEMPTS + 20);
        }
        // Backoff up to the cap first, then one try a minute.
        assertThat(sleeps.subList(0, PartnerCentralClient.MAX_THROTTLED_ATTEMPTS - 1))
                .allMatch(ms -> ms <= 50);
        assertThat(sleeps.subList(PartnerCentralClient.MAX_THROTTLED_ATTEMPTS - 1, sleeps.size()))
                .allMatch(ms -> ms == PartnerCentralClient.PAUSED_RETRY_MILLIS);
    }
}
