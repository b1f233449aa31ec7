package dev.pcw.sidecar.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewLockTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String s) throws Exception {
        return (ObjectNode) JSON.readTree(s);
    }

    @Test
    void theRequestedFieldsAreMergedIntoTheWholeObject() throws Exception {
        ObjectNode current =
                json(
                        "{\"Customer\": {\"Account\": {\"CompanyName\": \"Acme\", \"WebsiteUrl\":"
                                + " \"https://a.example\"}}, \"Project\": {\"Title\": \"Lake\","
                                + " \"DeliveryModels\": [\"SaaS or PaaS\"]}}");
        ObjectNode merged =
                ReviewLock.merge(
                        current,
                        json(
                                "{\"Customer\": {\"Account\": {\"WebsiteUrl\":"
                                        + " \"https://b.example\"}}, \"Project\":"
                                        + " {\"DeliveryModels\": [\"Resell\"], \"Title\": null}}"));
        assertThat(merged.at("/Customer/Account/CompanyName").asText()).isEqualTo("Acme");
        assertThat(merged.at("/Customer/Account/WebsiteUrl").asText())
                .isEqualTo("https://b.example");
        // Lists are replaced, a null removes.
        assertThat(merged.at("/Project/DeliveryModels").toString()).isEqualTo("[\"Resell\"]");
        assertThat(merged.at("/Project").has("Title")).isFalse();
        assertThat(current.at("/Project/Title").asText())
                .as("the input is untouched")
                .isEqualTo("Lake");
        assertThat(ReviewLock.changedPaths(current, merged))
                .containsExactly(
                        "Customer.Account.WebsiteUrl", "Project.DeliveryModels", "Project.Title");
    }

    @Test
    void eachReviewStatusFreezesWhatAwsFreezes() {
        List<String> changed =
                List.of(
                        "Project.Title",
                        "Customer.Account.Address.City",
                        "LifeCycle.NextSteps",
                        "Customer.Account.WebsiteUrl");
        assertThat(ReviewLock.frozen("Pending Submission", changed)).isEmpty();
        assertThat(ReviewLock.frozen("Approved", changed))
                .containsOnlyKeys("Project.Title", "Customer.Account.WebsiteUrl")
                .containsEntry("Project.Title", "frozen once AWS has approved the opportunity");
        assertThat(ReviewLock.frozen("Action Required", changed))
                .containsOnlyKeys("Project.Title", "LifeCycle.NextSteps");
        assertThat(ReviewLock.frozen("In review", changed)).hasSize(4);
        assertThat(
                        ReviewLock.frozen("Submitted", List.of("LifeCycle.NextSteps"))
                                .get("LifeCycle.NextSteps"))
                .isEqualTo("locked while AWS reviews the opportunity (Submitted)");
    }
}
