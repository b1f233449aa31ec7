package dev.pcw.connectors.partnercentral.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClient;
import software.amazon.awssdk.services.partnercentralselling.model.ListOpportunitiesRequest;
import software.amazon.awssdk.services.partnercentralselling.model.ListOpportunitiesResponse;
import software.amazon.awssdk.services.partnercentralselling.model.OpportunitySortName;
import software.amazon.awssdk.services.partnercentralselling.model.OpportunitySummary;
import software.amazon.awssdk.services.partnercentralselling.model.ReviewStatus;
import software.amazon.awssdk.services.partnercentralselling.model.SortOrder;
import software.amazon.awssdk.services.partnercentralselling.model.Stage;
import software.amazon.awssdk.services.partnercentralselling.model.ValidationException;

/** ListOpportunities through the real AWS SDK client: pagination, sort and every filter. */
class ListOpportunitiesITCase {
    private static final int COUNT = 1_250;

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(COUNT)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(
                                    dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings
                                            .UNLIMITED));

    private static List<OpportunitySummary> all(ListOpportunitiesRequest request) {
        List<OpportunitySummary> out = new ArrayList<>();
        SIM.client().listOpportunitiesPaginator(request).opportunitySummaries().forEach(out::add);
        return out;
    }

    private static ListOpportunitiesRequest.Builder aws() {
        return ListOpportunitiesRequest.builder().catalog("AWS");
    }

    @Test
    void paginatorWalksEveryPageWithNoGapOrDuplicate() {
        List<OpportunitySummary> items = all(aws().maxResults(100).build());

        assertThat(items).hasSize(COUNT);
        assertThat(items.stream().map(OpportunitySummary::id).collect(Collectors.toSet()))
                .hasSize(COUNT);
        // 13 pages of at most 100, as the simulator counted them.
        assertThat(SIM.simulator().accounting().calls("ListOpportunities")).isEqualTo(13);
    }

    @Test
    void defaultPageSizeIsTwenty() {
        ListOpportunitiesResponse first = SIM.client().listOpportunities(aws().build());
        assertThat(first.opportunitySummaries()).hasSize(20);
        assertThat(first.nextToken()).isNotBlank();
    }

    @Test
    void summariesCarryTypedValues() {
        // The oldest record: other tests may change the newest ones.
        OpportunitySummary s =
                SIM.client()
                        .listOpportunities(
                                aws().maxResults(1)
                                        .sort(
                                                o ->
                                                        o.sortBy(
                                                                        OpportunitySortName
                                                                                .LAST_MODIFIED_DATE)
                                                                .sortOrder(SortOrder.ASCENDING))
                                        .build())
                        .opportunitySummaries()
                        .get(0);
        assertThat(s.catalog()).isEqualTo("AWS");
        assertThat(s.id()).matches("O[0-9]{7}");
        assertThat(s.arn())
                .isEqualTo(
                        "arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/opportunity/"
                                + s.id());
        assertThat(s.lastModifiedDate()).isBefore(Instant.parse("2026-06-01T00:00:00.001Z"));
        assertThat(s.createdDate()).isBeforeOrEqualTo(s.lastModifiedDate());
        assertThat(s.lifeCycle().stage()).isNotNull().isNotEqualTo(Stage.UNKNOWN_TO_SDK_VERSION);
        assertThat(s.lifeCycle().reviewStatus()).isNotEqualTo(ReviewStatus.UNKNOWN_TO_SDK_VERSION);
        assertThat(s.lifeCycle().targetCloseDate()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(s.customer().account().companyName()).isNotBlank();
        assertThat(s.customer().account().industry()).isNotNull();
        assertThat(s.customer().account().address().countryCode()).isNotNull();
        assertThat(s.project().expectedCustomerSpend()).isNotEmpty();
        assertThat(s.project().expectedCustomerSpend().get(0).currencyCodeAsString())
                .isEqualTo("USD");
        assertThat(s.project().expectedCustomerSpend().get(0).amount()).matches("[0-9]+\\.00");
        assertThat(s.opportunityTypeAsString())
                .isIn("Net New Business", "Flat Renewal", "Expansion");
    }

    @Test
    void sortsByEveryKeyInBothOrders() {
        for (OpportunitySortName key :
                List.of(
                        OpportunitySortName.LAST_MODIFIED_DATE,
                        OpportunitySortName.IDENTIFIER,
                        OpportunitySortName.CUSTOMER_COMPANY_NAME)) {
            for (SortOrder order : List.of(SortOrder.ASCENDING, SortOrder.DESCENDING)) {
                List<OpportunitySummary> items =
                        all(
                                aws().maxResults(100)
                                        .sort(s -> s.sortBy(key).sortOrder(order))
                                        .build());
                Comparator<OpportunitySummary> cmp = comparator(key);
                if (order == SortOrder.DESCENDING) {
                    cmp = cmp.reversed();
                }
                assertThat(items).as("%s %s", key, order).hasSize(COUNT).isSortedAccordingTo(cmp);
            }
        }
    }

    private static Comparator<OpportunitySummary> comparator(OpportunitySortName key) {
        switch (key) {
            case LAST_MODIFIED_DATE:
                return Comparator.comparing(OpportunitySummary::lastModifiedDate)
                        .thenComparing(OpportunitySummary::id);
            case IDENTIFIER:
                return Comparator.comparing(OpportunitySummary::id);
            default:
                return Comparator.comparing(
                                (OpportunitySummary s) -> s.customer().account().companyName(),
                                String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(s -> s.customer().account().companyName())
                        .thenComparing(OpportunitySummary::id);
        }
    }

    @Test
    void afterLastModifiedDateIsInclusiveAndBeforeIsExclusive() {
        List<OpportunitySummary> everything =
                all(
                        aws().maxResults(100)
                                .sort(
                                        s ->
                                                s.sortBy(OpportunitySortName.LAST_MODIFIED_DATE)
                                                        .sortOrder(SortOrder.ASCENDING))
                                .build());
        Instant pivot = everything.get(COUNT / 2).lastModifiedDate();
        long atOrAfter =
                everything.stream().filter(s -> !s.lastModifiedDate().isBefore(pivot)).count();
        long before = everything.stream().filter(s -> s.lastModifiedDate().isBefore(pivot)).count();

        List<OpportunitySummary> after =
                all(
                        aws().maxResults(100)
                                .lastModifiedDate(d -> d.afterLastModifiedDate(pivot))
                                .build());
        List<OpportunitySummary> beforeList =
                all(
                        aws().maxResults(100)
                                .lastModifiedDate(d -> d.beforeLastModifiedDate(pivot))
                                .build());

        assertThat(after).hasSize((int) atOrAfter);
        assertThat(after).anyMatch(s -> s.lastModifiedDate().equals(pivot));
        assertThat(beforeList).hasSize((int) before);
        assertThat(beforeList).noneMatch(s -> s.lastModifiedDate().equals(pivot));
        assertThat(after.size() + beforeList.size()).isEqualTo(COUNT);
    }

    @Test
    void someRecordsShareALastModifiedDateSoTheInclusiveFilterMatters() {
        List<OpportunitySummary> everything = all(aws().maxResults(100).build());
        Set<Instant> distinct =
                everything.stream()
                        .map(OpportunitySummary::lastModifiedDate)
                        .collect(Collectors.toSet());
        assertThat(distinct.size()).isLessThan(COUNT);
    }

    @Test
    void filtersByStageReviewStatusIdentifierAndCompany() {
        List<OpportunitySummary> everything = all(aws().maxResults(100).build());

        List<OpportunitySummary> launched =
                all(aws().maxResults(100).lifeCycleStage(Stage.LAUNCHED, Stage.COMMITTED).build());
        assertThat(launched)
                .isNotEmpty()
                .allMatch(
                        s ->
                                s.lifeCycle().stage() == Stage.LAUNCHED
                                        || s.lifeCycle().stage() == Stage.COMMITTED)
                .hasSize(
                        (int)
                                everything.stream()
                                        .filter(
                                                s ->
                                                        s.lifeCycle().stage() == Stage.LAUNCHED
                                                                || s.lifeCycle().stage()
                                                                        == Stage.COMMITTED)
                                        .count());

        List<OpportunitySummary> review =
                all(
                        aws().maxResults(100)
                                .lifeCycleReviewStatus(ReviewStatus.ACTION_REQUIRED)
                                .build());
        assertThat(review)
                .isNotEmpty()
                .allMatch(s -> s.lifeCycle().reviewStatus() == ReviewStatus.ACTION_REQUIRED)
                .hasSize(
                        (int)
                                everything.stream()
                                        .filter(
                                                s ->
                                                        s.lifeCycle().reviewStatus()
                                                                == ReviewStatus.ACTION_REQUIRED)
                                        .count());

        List<String> ids = List.of(everything.get(3).id(), everything.get(700).id());
        assertThat(all(aws().identifier(ids).build()))
                .extracting(OpportunitySummary::id)
                .containsExactlyInAnyOrderElementsOf(ids);

        String company = everything.get(10).customer().account().companyName();
        List<OpportunitySummary> byCompany =
                all(
                        aws().maxResults(100)
                                .customerCompanyName(company.toUpperCase(Locale.ROOT))
                                .build());
        assertThat(byCompany)
                .isNotEmpty()
                .allMatch(s -> s.customer().account().companyName().equals(company))
                .hasSize(
                        (int)
                                everything.stream()
                                        .filter(
                                                s ->
                                                        s.customer()
                                                                .account()
                                                                .companyName()
                                                                .equals(company))
                                        .count());
    }

    @Test
    void catalogsAreSeparateDatasets() {
        List<OpportunitySummary> sandbox =
                all(ListOpportunitiesRequest.builder().catalog("Sandbox").maxResults(100).build());
        assertThat(sandbox)
                .hasSize(SIM.simulator().config().sandboxOpportunities())
                .allMatch(s -> s.catalog().equals("Sandbox"));
    }

    @Test
    void aNextTokenCannotBeReusedWithOtherFilters() {
        String token = SIM.client().listOpportunities(aws().maxResults(5).build()).nextToken();
        PartnerCentralSellingClient client = SIM.client();
        assertThatThrownBy(
                        () ->
                                client.listOpportunities(
                                        aws().nextToken(token)
                                                .lifeCycleStage(Stage.PROSPECT)
                                                .build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("NextToken was issued for a different request");
        assertThatThrownBy(() -> client.listOpportunities(aws().nextToken("garbage!").build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Invalid NextToken");
    }

    @Test
    void pagingStaysConsistentWhileRecordsChange() {
        // Ascending by LastModifiedDate: a record changed mid-walk moves to the end and is
        // seen again with its new version; nothing unchanged is skipped or repeated.
        PartnerCentralSellingClient client = SIM.client();
        ListOpportunitiesRequest first =
                aws().maxResults(100)
                        .sort(
                                s ->
                                        s.sortBy(OpportunitySortName.LAST_MODIFIED_DATE)
                                                .sortOrder(SortOrder.ASCENDING))
                        .build();
        Set<String> before =
                all(first).stream().map(OpportunitySummary::id).collect(Collectors.toSet());
        List<String> seen = new ArrayList<>();
        ListOpportunitiesResponse page = client.listOpportunities(first);
        page.opportunitySummaries().forEach(s -> seen.add(s.id()));
        String changed = seen.get(0);
        SIM.simulator().changeOpportunity("AWS", changed, "spend");
        while (page.nextToken() != null) {
            page = client.listOpportunities(first.toBuilder().nextToken(page.nextToken()).build());
            page.opportunitySummaries().forEach(s -> seen.add(s.id()));
        }
        Set<String> unique = new HashSet<>(seen);
        assertThat(unique).containsAll(before);
        assertThat(seen).filteredOn(changed::equals).hasSize(2);
        assertThat(seen.size()).isEqualTo(unique.size() + 1);
    }
}
