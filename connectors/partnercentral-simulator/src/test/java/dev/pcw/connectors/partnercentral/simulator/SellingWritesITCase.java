package dev.pcw.connectors.partnercentral.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClient;
import software.amazon.awssdk.services.partnercentralselling.model.ConflictException;
import software.amazon.awssdk.services.partnercentralselling.model.CreateOpportunityRequest;
import software.amazon.awssdk.services.partnercentralselling.model.CreateOpportunityResponse;
import software.amazon.awssdk.services.partnercentralselling.model.GetOpportunityResponse;
import software.amazon.awssdk.services.partnercentralselling.model.ListEngagementFromOpportunityTaskSummary;
import software.amazon.awssdk.services.partnercentralselling.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.partnercentralselling.model.StartEngagementFromOpportunityTaskResponse;
import software.amazon.awssdk.services.partnercentralselling.model.ValidationException;

/**
 * The writes the sidecar makes, through the AWS SDK: ClientToken idempotency, the optimistic lock
 * and the review lock of UpdateOpportunity (which replaces the whole object), SubmitOpportunity,
 * association limits, and engagement tasks that complete (or fail) over time.
 */
class SellingWritesITCase {
    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(20)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    private static PartnerCentralSellingClient client() {
        return SIM.client();
    }

    private static CreateOpportunityRequest create(String token, String company) {
        return CreateOpportunityRequest.builder()
                .catalog("AWS")
                .clientToken(token)
                .origin("Partner Referral")
                .opportunityType("Net New Business")
                .customer(
                        c ->
                                c.account(
                                        a ->
                                                a.companyName(company)
                                                        .industry("Software and Internet")
                                                        .address(ad -> ad.countryCode("US"))))
                .project(
                        p ->
                                p.title("Data lake")
                                        .expectedCustomerSpend(
                                                s ->
                                                        s.amount("100.00")
                                                                .currencyCode("USD")
                                                                .frequency("Monthly")
                                                                .targetCompany("AWS")))
                .lifeCycle(l -> l.targetCloseDate("2027-01-31"))
                .build();
    }

    @Test
    void aClientTokenCreatesOnceAndRefusesAnotherBody() {
        int before = SIM.simulator().dataset("AWS").opportunities().size();
        CreateOpportunityResponse first = client().createOpportunity(create("tok-1", "Acme"));
        CreateOpportunityResponse again = client().createOpportunity(create("tok-1", "Acme"));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(SIM.simulator().dataset("AWS").opportunities().size()).isEqualTo(before + 1);
        assertThatThrownBy(() -> client().createOpportunity(create("tok-1", "Other Corp")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Conflicting client token submitted for a new request body");

        GetOpportunityResponse o =
                client().getOpportunity(g -> g.catalog("AWS").identifier(first.id()));
        assertThat(o.customer().account().companyName()).isEqualTo("Acme");
        assertThat(o.lifeCycle().reviewStatusAsString()).isEqualTo("Pending Submission");
        assertThat(o.lifeCycle().stageAsString()).isEqualTo("Prospect");
        // The write's event, as Partner Central sends it to EventBridge: once, for one create.
        assertThat(
                        SIM.simulator().eventLog().events().stream()
                                .filter(e -> e.identifier().equals(first.id()))
                                .map(e -> e.detailType()))
                .containsExactly("Opportunity Created");
    }

    @Test
    void invalidMembersAreNamedInTheValidationException() {
        CreateOpportunityRequest bad =
                create("tok-2", "Acme").toBuilder()
                        .project(
                                p ->
                                        p.expectedCustomerSpend(
                                                s ->
                                                        s.amount("1")
                                                                .currencyCode("USD")
                                                                .frequency("Yearly")))
                        .build();
        assertThatThrownBy(() -> client().createOpportunity(bad))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e ->
                                assertThat(e.errorList())
                                        .extracting(f -> f.fieldName())
                                        .contains(
                                                "Project.ExpectedCustomerSpend[0].Frequency",
                                                "Project.ExpectedCustomerSpend[0].TargetCompany"));
    }

    @Test
    void anUpdateNeedsTheCurrentVersionReplacesTheWholeObjectAndWaitsForTheReview() {
        String id = client().createOpportunity(create("tok-3", "Acme")).id();
        GetOpportunityResponse o = client().getOpportunity(g -> g.catalog("AWS").identifier(id));
        Instant version = o.lastModifiedDate();
        assertThatThrownBy(
                        () ->
                                client().updateOpportunity(
                                                u ->
                                                        u.catalog("AWS")
                                                                .identifier(id)
                                                                .lastModifiedDate(
                                                                        version.minusSeconds(60))
                                                                .project(p -> p.title("New"))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("modified since");
        client().updateOpportunity(
                        u ->
                                u.catalog("AWS")
                                        .identifier(id)
                                        .lastModifiedDate(version)
                                        .project(p -> p.title("New")));
        GetOpportunityResponse after =
                client().getOpportunity(g -> g.catalog("AWS").identifier(id));
        assertThat(after.project().title()).isEqualTo("New");
        // Omitted members are gone: UpdateOpportunity replaces the object.
        assertThat(after.customer()).isNull();
        assertThat(after.lastModifiedDate()).isAfter(version);

        // Submitted, it is locked until AWS has reviewed it; submitted twice is refused.
        client().submitOpportunity(s -> s.catalog("AWS").identifier(id).involvementType("Co-Sell"));
        assertThatThrownBy(
                        () ->
                                client().submitOpportunity(
                                                s ->
                                                        s.catalog("AWS")
                                                                .identifier(id)
                                                                .involvementType("Co-Sell")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("review status is Submitted");
        Instant submitted =
                client().getOpportunity(g -> g.catalog("AWS").identifier(id)).lastModifiedDate();
        assertThatThrownBy(
                        () ->
                                client().updateOpportunity(
                                                u ->
                                                        u.catalog("AWS")
                                                                .identifier(id)
                                                                .lastModifiedDate(submitted)
                                                                .project(p -> p.title("Newer"))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("under AWS review");
        SIM.simulator().review("AWS", id, "Approved");
        GetOpportunityResponse approved =
                client().getOpportunity(g -> g.catalog("AWS").identifier(id));
        assertThat(approved.lifeCycle().reviewStatusAsString()).isEqualTo("Approved");
    }

    @Test
    void associationsHaveLimitsAndEngagementTasksCompleteOverTime() throws Exception {
        String id = client().createOpportunity(create("tok-4", "Acme")).id();
        // Without a solution, the engagement task fails.
        StartEngagementFromOpportunityTaskResponse noSolution =
                client().startEngagementFromOpportunityTask(
                                t ->
                                        t.catalog("AWS")
                                                .clientToken("eng-1")
                                                .identifier(id)
                                                .awsSubmission(a -> a.involvementType("Co-Sell")));
        assertThat(noSolution.taskStatusAsString()).isEqualTo("IN_PROGRESS");
        assertThat(task(noSolution.taskId(), "FAILED").reasonCodeAsString())
                .isEqualTo("OpportunityValidationFailed");

        String solution = SIM.simulator().dataset("AWS").solutions().ids().get(0);
        client().associateOpportunity(
                        a ->
                                a.catalog("AWS")
                                        .opportunityIdentifier(id)
                                        .relatedEntityType("Solutions")
                                        .relatedEntityIdentifier(solution));
        // Associating it again changes nothing.
        client().associateOpportunity(
                        a ->
                                a.catalog("AWS")
                                        .opportunityIdentifier(id)
                                        .relatedEntityType("Solutions")
                                        .relatedEntityIdentifier(solution));
        assertThat(
                        client().getOpportunity(g -> g.catalog("AWS").identifier(id))
                                .relatedEntityIdentifiers()
                                .solutions())
                .containsExactly(solution);
        client().associateOpportunity(
                        a ->
                                a.catalog("AWS")
                                        .opportunityIdentifier(id)
                                        .relatedEntityType("AwsMarketplaceOffers")
                                        .relatedEntityIdentifier(
                                                "arn:aws:aws-marketplace:offer-1"));
        assertThatThrownBy(
                        () ->
                                client().associateOpportunity(
                                                a ->
                                                        a.catalog("AWS")
                                                                .opportunityIdentifier(id)
                                                                .relatedEntityType(
                                                                        "AwsMarketplaceOffers")
                                                                .relatedEntityIdentifier(
                                                                        "arn:aws:aws-marketplace:offer-2")))
                .isInstanceOf(ServiceQuotaExceededException.class);

        StartEngagementFromOpportunityTaskResponse started =
                client().startEngagementFromOpportunityTask(
                                t ->
                                        t.catalog("AWS")
                                                .clientToken("eng-2")
                                                .identifier(id)
                                                .awsSubmission(a -> a.involvementType("Co-Sell")));
        // The same token answers the same task.
        assertThat(
                        client().startEngagementFromOpportunityTask(
                                        t ->
                                                t.catalog("AWS")
                                                        .clientToken("eng-2")
                                                        .identifier(id)
                                                        .awsSubmission(
                                                                a -> a.involvementType("Co-Sell")))
                                .taskId())
                .isEqualTo(started.taskId());
        ListEngagementFromOpportunityTaskSummary done = task(started.taskId(), "COMPLETE");
        assertThat(done.engagementId()).startsWith("eng-");
        assertThat(done.opportunityId()).isEqualTo(id);
    }

    @Test
    void writesCountAgainstTheWriteQuota() {
        SIM.simulator().setQuotas(new QuotaSettings(0, 0, 1, 0));
        try (PartnerCentralSellingClient once =
                SimulatorClients.noRetries(SIM.simulator().endpoint())) {
            once.createOpportunity(create("tok-q1", "Acme"));
            assertThatThrownBy(() -> once.createOpportunity(create("tok-q2", "Acme")))
                    .isInstanceOf(
                            software.amazon.awssdk.services.partnercentralselling.model
                                    .ThrottlingException.class)
                    .hasMessageContaining("Rate exceeded");
            // Reads have their own quota.
            assertThat(
                            once.getOpportunity(
                                            g ->
                                                    g.catalog("AWS")
                                                            .identifier(
                                                                    SIM.simulator()
                                                                            .dataset("AWS")
                                                                            .opportunities()
                                                                            .ids()
                                                                            .get(0)))
                                    .id())
                    .isNotNull();
        } finally {
            SIM.simulator().setQuotas(QuotaSettings.UNLIMITED);
        }
    }

    private static ListEngagementFromOpportunityTaskSummary task(String taskId, String status)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            List<ListEngagementFromOpportunityTaskSummary> s =
                    client().listEngagementFromOpportunityTasks(
                                    l -> l.catalog("AWS").taskIdentifier(taskId))
                            .taskSummaries();
            assertThat(s).hasSize(1);
            if (s.get(0).taskStatusAsString().equals(status)
                    || System.currentTimeMillis() > deadline) {
                assertThat(s.get(0).taskStatusAsString()).isEqualTo(status);
                return s.get(0);
            }
            Thread.sleep(100);
        }
    }
}
