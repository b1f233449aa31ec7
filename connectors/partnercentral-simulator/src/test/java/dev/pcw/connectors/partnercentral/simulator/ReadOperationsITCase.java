package dev.pcw.connectors.partnercentral.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClient;
import software.amazon.awssdk.services.partnercentralselling.model.EngagementContextType;
import software.amazon.awssdk.services.partnercentralselling.model.EngagementInvitationPayloadType;
import software.amazon.awssdk.services.partnercentralselling.model.EngagementInvitationSummary;
import software.amazon.awssdk.services.partnercentralselling.model.EngagementMember;
import software.amazon.awssdk.services.partnercentralselling.model.EngagementSummary;
import software.amazon.awssdk.services.partnercentralselling.model.GetAwsOpportunitySummaryResponse;
import software.amazon.awssdk.services.partnercentralselling.model.GetEngagementInvitationResponse;
import software.amazon.awssdk.services.partnercentralselling.model.GetEngagementResponse;
import software.amazon.awssdk.services.partnercentralselling.model.GetOpportunityResponse;
import software.amazon.awssdk.services.partnercentralselling.model.InvitationStatus;
import software.amazon.awssdk.services.partnercentralselling.model.ListEngagementMembersResponse;
import software.amazon.awssdk.services.partnercentralselling.model.OpportunitySummary;
import software.amazon.awssdk.services.partnercentralselling.model.ParticipantType;
import software.amazon.awssdk.services.partnercentralselling.model.ResourceNotFoundException;
import software.amazon.awssdk.services.partnercentralselling.model.ReviewStatus;
import software.amazon.awssdk.services.partnercentralselling.model.SolutionBase;
import software.amazon.awssdk.services.partnercentralselling.model.SolutionSortName;
import software.amazon.awssdk.services.partnercentralselling.model.SolutionStatus;
import software.amazon.awssdk.services.partnercentralselling.model.SortOrder;
import software.amazon.awssdk.services.partnercentralselling.model.ValidationException;

/**
 * Every read operation other than ListOpportunities through the real AWS SDK client, asserting on
 * typed values (the SDK silently drops members it does not know).
 */
class ReadOperationsITCase {
    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(400)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    private static PartnerCentralSellingClient client() {
        return SIM.client();
    }

    private static List<OpportunitySummary> opportunities() {
        List<OpportunitySummary> out = new ArrayList<>();
        client().listOpportunitiesPaginator(r -> r.catalog("AWS").maxResults(100))
                .opportunitySummaries()
                .forEach(out::add);
        return out;
    }

    @Test
    void getOpportunityReturnsTheFullRecordConsistentWithItsSummary() {
        OpportunitySummary summary = opportunities().get(7);
        GetOpportunityResponse o =
                client().getOpportunity(r -> r.catalog("AWS").identifier(summary.id()));

        assertThat(o.id()).isEqualTo(summary.id());
        assertThat(o.catalog()).isEqualTo("AWS");
        assertThat(o.lastModifiedDate()).isEqualTo(summary.lastModifiedDate());
        assertThat(o.createdDate()).isEqualTo(summary.createdDate());
        assertThat(o.customer().account().companyName())
                .isEqualTo(summary.customer().account().companyName());
        assertThat(o.customer().account().websiteUrl()).startsWith("https://www.");
        assertThat(o.customer().account().address().countryCode())
                .isEqualTo(summary.customer().account().address().countryCode());
        assertThat(o.lifeCycle().stage()).isEqualTo(summary.lifeCycle().stage());
        assertThat(o.lifeCycle().reviewStatus()).isEqualTo(summary.lifeCycle().reviewStatus());
        assertThat(o.lifeCycle().nextSteps()).isNotBlank();
        assertThat(o.project().title()).isNotBlank();
        assertThat(o.project().customerBusinessProblem()).hasSizeBetween(20, 2000);
        assertThat(o.project().deliveryModels()).isNotEmpty();
        assertThat(o.project().expectedCustomerSpend())
                .isEqualTo(summary.project().expectedCustomerSpend());
        assertThat(o.relatedEntityIdentifiers().awsProducts()).isNotEmpty();
        assertThat(o.opportunityTeam()).hasSize(1);
        assertThat(o.opportunityTeam().get(0).email()).contains("@");
        assertThat(o.marketing().sourceAsString()).isIn("None", "Marketing Activity");
        assertThat(o.nationalSecurityAsString()).isIn("Yes", "No");
    }

    @Test
    void opportunitiesReferenceExistingSolutions() {
        List<String> solutionIds =
                listSolutions().stream().map(SolutionBase::id).collect(Collectors.toList());
        long linked = 0;
        for (OpportunitySummary s : opportunities().subList(0, 40)) {
            GetOpportunityResponse o =
                    client().getOpportunity(r -> r.catalog("AWS").identifier(s.id()));
            assertThat(solutionIds).containsAll(o.relatedEntityIdentifiers().solutions());
            linked += o.relatedEntityIdentifiers().solutions().size();
        }
        assertThat(linked).isPositive();
    }

    @Test
    void getOpportunityOfAnUnknownIdIsResourceNotFound() {
        assertThatThrownBy(() -> client().getOpportunity(r -> r.catalog("AWS").identifier("O1")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Opportunity O1 was not found in catalog AWS");
    }

    @Test
    void awsOpportunitySummaryExistsOnceSubmitted() {
        List<OpportunitySummary> all = opportunities();
        OpportunitySummary submitted =
                all.stream()
                        .filter(s -> s.lifeCycle().reviewStatus() == ReviewStatus.APPROVED)
                        .findFirst()
                        .orElseThrow();
        GetAwsOpportunitySummaryResponse a =
                client().getAwsOpportunitySummary(
                                r -> r.catalog("AWS").relatedOpportunityIdentifier(submitted.id()));
        assertThat(a.relatedOpportunityId()).isEqualTo(submitted.id());
        assertThat(a.originAsString()).isIn("AWS Referral", "Partner Referral");
        assertThat(a.involvementTypeAsString()).isIn("Co-Sell", "For Visibility Only");
        assertThat(a.insights().engagementScoreAsString()).isIn("High", "Medium", "Low");
        assertThat(a.opportunityTeam().get(0).email()).endsWith("@amazon.com");

        OpportunitySummary pending =
                all.stream()
                        .filter(
                                s ->
                                        s.lifeCycle().reviewStatus()
                                                == ReviewStatus.PENDING_SUBMISSION)
                        .findFirst()
                        .orElseThrow();
        assertThatThrownBy(
                        () ->
                                client().getAwsOpportunitySummary(
                                                r ->
                                                        r.catalog("AWS")
                                                                .relatedOpportunityIdentifier(
                                                                        pending.id())))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("has not been submitted");
    }

    private static List<SolutionBase> listSolutions() {
        List<SolutionBase> out = new ArrayList<>();
        client().listSolutionsPaginator(r -> r.catalog("AWS").maxResults(7))
                .solutionSummaries()
                .forEach(out::add);
        return out;
    }

    @Test
    void listSolutionsPagesSortsAndFilters() {
        List<SolutionBase> all = listSolutions();
        assertThat(all).hasSize(SIM.simulator().config().solutions());
        assertThat(all)
                .extracting(SolutionBase::id)
                .doesNotHaveDuplicates()
                .allMatch(id -> id.matches("S-[0-9]{7}"));
        assertThat(all).isSortedAccordingTo(Comparator.comparing(SolutionBase::id));
        assertThat(all.get(0).name()).isNotBlank();
        assertThat(all.get(0).category()).isNotBlank();
        assertThat(all.get(0).createdDate()).isNotNull();

        List<SolutionBase> byDate = new ArrayList<>();
        client().listSolutionsPaginator(
                        r ->
                                r.catalog("AWS")
                                        .maxResults(3)
                                        .sort(
                                                s ->
                                                        s.sortBy(SolutionSortName.CREATED_DATE)
                                                                .sortOrder(SortOrder.DESCENDING)))
                .solutionSummaries()
                .forEach(byDate::add);
        assertThat(byDate)
                .hasSize(all.size())
                .isSortedAccordingTo(Comparator.comparing(SolutionBase::createdDate).reversed());

        List<SolutionBase> active = new ArrayList<>();
        client().listSolutionsPaginator(r -> r.catalog("AWS").status(SolutionStatus.ACTIVE))
                .solutionSummaries()
                .forEach(active::add);
        assertThat(active)
                .isNotEmpty()
                .allMatch(s -> s.status() == SolutionStatus.ACTIVE)
                .hasSize(
                        (int)
                                all.stream()
                                        .filter(s -> s.status() == SolutionStatus.ACTIVE)
                                        .count());
    }

    private static List<EngagementInvitationSummary> invitations(ParticipantType type) {
        List<EngagementInvitationSummary> out = new ArrayList<>();
        client().listEngagementInvitationsPaginator(
                        r -> r.catalog("AWS").participantType(type).maxResults(25))
                .engagementInvitationSummaries()
                .forEach(out::add);
        return out;
    }

    @Test
    void invitationsSplitByParticipantTypeAndIncludeLeads() {
        List<EngagementInvitationSummary> received = invitations(ParticipantType.RECEIVER);
        List<EngagementInvitationSummary> sent = invitations(ParticipantType.SENDER);

        assertThat(received.size() + sent.size()).isEqualTo(SIM.simulator().config().invitations());
        assertThat(received)
                .isNotEmpty()
                .allMatch(i -> i.participantType() == ParticipantType.RECEIVER)
                .allMatch(i -> i.receiver().account().awsAccountId().equals("111122223333"));
        assertThat(received)
                .anyMatch(i -> i.payloadType() == EngagementInvitationPayloadType.LEAD_INVITATION)
                .anyMatch(
                        i ->
                                i.payloadType()
                                        == EngagementInvitationPayloadType.OPPORTUNITY_INVITATION);
        assertThat(received)
                .allMatch(i -> i.id().matches("engi-[0-9a-z]{13}"))
                .allMatch(i -> i.engagementId().matches("eng-[0-9a-z]{14}"))
                .allMatch(i -> i.expirationDate().isAfter(i.invitationDate()));
        assertThat(received)
                .isSortedAccordingTo(
                        Comparator.comparing(EngagementInvitationSummary::invitationDate)
                                .reversed());

        List<EngagementInvitationSummary> pending = new ArrayList<>();
        client().listEngagementInvitationsPaginator(
                        r ->
                                r.catalog("AWS")
                                        .participantType(ParticipantType.RECEIVER)
                                        .status(InvitationStatus.PENDING))
                .engagementInvitationSummaries()
                .forEach(pending::add);
        assertThat(pending)
                .allMatch(i -> i.status() == InvitationStatus.PENDING)
                .hasSize(
                        (int)
                                received.stream()
                                        .filter(i -> i.status() == InvitationStatus.PENDING)
                                        .count());
    }

    @Test
    void participantTypeIsRequired() {
        assertThatThrownBy(() -> client().listEngagementInvitations(r -> r.catalog("AWS")))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> {
                            assertThat(e.reasonAsString()).isEqualTo("REQUEST_VALIDATION_FAILED");
                            assertThat(e.errorList())
                                    .singleElement()
                                    .satisfies(
                                            err -> {
                                                assertThat(err.fieldName())
                                                        .isEqualTo("ParticipantType");
                                                assertThat(err.codeAsString())
                                                        .isEqualTo("REQUIRED_FIELD_MISSING");
                                            });
                        })
                .hasMessageContaining("ParticipantType");
    }

    @Test
    void getEngagementInvitationCarriesItsTypedPayload() {
        List<EngagementInvitationSummary> received = invitations(ParticipantType.RECEIVER);
        EngagementInvitationSummary lead =
                received.stream()
                        .filter(
                                i ->
                                        i.payloadType()
                                                == EngagementInvitationPayloadType.LEAD_INVITATION)
                        .findFirst()
                        .orElseThrow();
        GetEngagementInvitationResponse l =
                client().getEngagementInvitation(r -> r.catalog("AWS").identifier(lead.id()));
        assertThat(l.payload().leadInvitation().customer().companyName()).isNotBlank();
        assertThat(l.payload().leadInvitation().customer().marketSegmentAsString())
                .isIn("Enterprise", "Large", "Medium", "Small", "Micro");
        assertThat(l.payload().leadInvitation().interaction().usecase()).isNotBlank();
        assertThat(l.engagementTitle()).isEqualTo(lead.engagementTitle());

        EngagementInvitationSummary opp =
                received.stream()
                        .filter(
                                i ->
                                        i.payloadType()
                                                == EngagementInvitationPayloadType
                                                        .OPPORTUNITY_INVITATION)
                        .findFirst()
                        .orElseThrow();
        GetEngagementInvitationResponse o =
                client().getEngagementInvitation(r -> r.catalog("AWS").identifier(opp.arn()));
        assertThat(o.id()).isEqualTo(opp.id());
        assertThat(o.payload().opportunityInvitation().project().expectedCustomerSpend())
                .isNotEmpty();
        assertThat(o.payload().opportunityInvitation().senderContacts())
                .isNotEmpty()
                .allMatch(c -> c.email().endsWith("@amazon.com"));
        assertThat(o.payload().opportunityInvitation().receiverResponsibilities()).isNotEmpty();
        assertThat(o.existingMembers()).isNotEmpty();
    }

    @Test
    void engagementsCarryCustomerProjectAndLeadContexts() {
        List<EngagementSummary> all = new ArrayList<>();
        client().listEngagementsPaginator(r -> r.catalog("AWS").maxResults(30))
                .engagementSummaryList()
                .forEach(all::add);
        assertThat(all)
                .hasSize(SIM.simulator().config().engagements())
                .isSortedAccordingTo(Comparator.comparing(EngagementSummary::createdAt).reversed());

        EngagementSummary lead =
                all.stream()
                        .filter(e -> e.contextTypes().contains(EngagementContextType.LEAD))
                        .findFirst()
                        .orElseThrow();
        GetEngagementResponse l =
                client().getEngagement(r -> r.catalog("AWS").identifier(lead.id()));
        assertThat(l.contexts())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.type()).isEqualTo(EngagementContextType.LEAD);
                            assertThat(c.payload().lead().customer().companyName()).isNotBlank();
                            assertThat(c.payload().lead().interactions()).isNotEmpty();
                        });

        EngagementSummary project =
                all.stream()
                        .filter(
                                e ->
                                        e.contextTypes()
                                                .contains(EngagementContextType.CUSTOMER_PROJECT))
                        .findFirst()
                        .orElseThrow();
        GetEngagementResponse p =
                client().getEngagement(r -> r.catalog("AWS").identifier(project.arn()));
        assertThat(p.contexts().get(0).payload().customerProject().project().title()).isNotBlank();
        assertThat(p.memberCount()).isEqualTo(project.memberCount());

        List<EngagementSummary> leads = new ArrayList<>();
        client().listEngagementsPaginator(
                        r -> r.catalog("AWS").contextTypes(EngagementContextType.LEAD))
                .engagementSummaryList()
                .forEach(leads::add);
        assertThat(leads)
                .isNotEmpty()
                .allMatch(e -> e.contextTypes().contains(EngagementContextType.LEAD))
                .hasSize(
                        (int)
                                all.stream()
                                        .filter(
                                                e ->
                                                        e.contextTypes()
                                                                .contains(
                                                                        EngagementContextType.LEAD))
                                        .count());
    }

    @Test
    void engagementMembersPageUpToTen() {
        List<EngagementSummary> all = new ArrayList<>();
        client().listEngagementsPaginator(r -> r.catalog("AWS").maxResults(100))
                .engagementSummaryList()
                .forEach(all::add);
        EngagementSummary big =
                all.stream()
                        .max(Comparator.comparing(EngagementSummary::memberCount))
                        .orElseThrow();
        assertThat(big.memberCount()).isGreaterThan(2);

        List<EngagementMember> members = new ArrayList<>();
        client().listEngagementMembersPaginator(
                        r -> r.catalog("AWS").identifier(big.id()).maxResults(2))
                .engagementMemberList()
                .forEach(members::add);
        assertThat(members).hasSize(big.memberCount());
        assertThat(members.get(0).companyName()).isEqualTo("Amazon Web Services");

        ListEngagementMembersResponse defaults =
                client().listEngagementMembers(r -> r.catalog("AWS").identifier(big.id()));
        assertThat(defaults.engagementMemberList()).hasSize(Math.min(5, big.memberCount()));

        assertThatThrownBy(
                        () ->
                                client().listEngagementMembers(
                                                r ->
                                                        r.catalog("AWS")
                                                                .identifier(big.id())
                                                                .maxResults(11)))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e ->
                                assertThat(e.errorList())
                                        .singleElement()
                                        .satisfies(
                                                err ->
                                                        assertThat(err.codeAsString())
                                                                .isEqualTo("VALUE_OUT_OF_RANGE")))
                .hasMessageContaining("between 1 and 10");
    }
}
