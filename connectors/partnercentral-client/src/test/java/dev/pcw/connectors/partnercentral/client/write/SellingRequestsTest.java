package dev.pcw.connectors.partnercentral.client.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.partnercentralselling.model.CreateOpportunityRequest;
import software.amazon.awssdk.services.partnercentralselling.model.UpdateOpportunityRequest;

class SellingRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A CreateOpportunity body in the shape of AWS's samples. */
    static ObjectNode createBody() throws Exception {
        return (ObjectNode)
                JSON.readTree(
                        "{\"Catalog\": \"Sandbox\","
                                + " \"Origin\": \"Partner Referral\","
                                + " \"OpportunityType\": \"Net New Business\","
                                + " \"NationalSecurity\": \"No\","
                                + " \"PartnerOpportunityIdentifier\": \"CRM-1234\","
                                + " \"PrimaryNeedsFromAws\": [\"Co-Sell - Architectural"
                                + " Validation\"],"
                                + " \"Customer\": {\"Account\": {\"CompanyName\": \"Example"
                                + " Corp\", \"Industry\": \"Software and Internet\","
                                + " \"WebsiteUrl\": \"https://example.com\", \"Address\":"
                                + " {\"CountryCode\": \"US\", \"PostalCode\": \"98101\"}},"
                                + " \"Contacts\": [{\"Email\": \"a@example.com\", \"FirstName\":"
                                + " \"Ana\"}]},"
                                + " \"Project\": {\"Title\": \"Data lake\","
                                + " \"CustomerBusinessProblem\": \"Their reports take a day to"
                                + " build and they need them hourly.\", \"DeliveryModels\":"
                                + " [\"SaaS or PaaS\"], \"SalesActivities\": [\"Initialized"
                                + " discussions with customer\"], \"ExpectedCustomerSpend\":"
                                + " [{\"Amount\": \"2000.00\", \"CurrencyCode\": \"USD\","
                                + " \"Frequency\": \"Monthly\", \"TargetCompany\": \"AWS\"}]},"
                                + " \"LifeCycle\": {\"Stage\": \"Prospect\", \"TargetCloseDate\":"
                                + " \"2027-01-31\"}}");
    }

    @Test
    void aBodyAsAwsWritesItBindsIntoTheSdkRequest() throws Exception {
        ObjectNode body = createBody();
        body.put("ClientToken", "pcw-1");
        SellingRequests.Bound b = SellingRequests.bind(WriteAction.CREATE_OPPORTUNITY, body);
        assertThat(b.errors()).isEmpty();
        CreateOpportunityRequest r = (CreateOpportunityRequest) b.request();
        assertThat(r.catalog()).isEqualTo("Sandbox");
        assertThat(r.customer().account().companyName()).isEqualTo("Example Corp");
        assertThat(r.customer().account().industryAsString()).isEqualTo("Software and Internet");
        assertThat(r.project().expectedCustomerSpend().get(0).frequencyAsString())
                .isEqualTo("Monthly");
        assertThat(r.lifeCycle().targetCloseDate()).isEqualTo("2027-01-31");
        assertThat(r.primaryNeedsFromAwsAsStrings())
                .containsExactly("Co-Sell - Architectural Validation");
    }

    @Test
    void everyWrongMemberIsNamedByItsPathWithTheReason() throws Exception {
        ObjectNode body = createBody();
        body.remove("Catalog");
        body.put("Stage", "Prospect"); // not a member of the request
        body.put("catalog", "AWS"); // wrong case
        ObjectNode account = (ObjectNode) body.at("/Customer/Account");
        account.remove("CompanyName");
        account.put("Industry", "Basket Weaving");
        ObjectNode spend = (ObjectNode) body.at("/Project/ExpectedCustomerSpend/0");
        spend.put("Frequency", "Yearly");
        spend.remove("TargetCompany");
        ((ObjectNode) body.get("Project")).put("DeliveryModels", "SaaS or PaaS");
        ((ObjectNode) body.get("Project")).putArray("SalesActivities").add(3);

        SellingRequests.Bound b = SellingRequests.bind(WriteAction.CREATE_OPPORTUNITY, body);

        assertThat(b.valid()).isFalse();
        assertThat(b.request()).isNull();
        Map<String, String> e = b.errors();
        assertThat(e.get("Stage")).startsWith("unknown member; CreateOpportunityRequest has ");
        assertThat(e.get("catalog")).startsWith("unknown member (did you mean Catalog?)");
        assertThat(e.get("Catalog")).isEqualTo("required");
        assertThat(e.get("ClientToken")).isEqualTo("required");
        assertThat(e.get("Customer.Account.CompanyName")).isEqualTo("required");
        assertThat(e.get("Customer.Account.Industry"))
                .startsWith("'Basket Weaving' is not one of Aerospace");
        assertThat(e.get("Project.ExpectedCustomerSpend[0].Frequency"))
                .isEqualTo("'Yearly' is not one of Monthly");
        assertThat(e.get("Project.ExpectedCustomerSpend[0].TargetCompany")).isEqualTo("required");
        assertThat(e.get("Project.DeliveryModels")).isEqualTo("must be a list (JSON array)");
        assertThat(e.get("Project.SalesActivities[0]")).isEqualTo("must be a string");
    }

    @Test
    void timestampsAreIsoDateTimesAndBlankRequiredMembersAreRefused() throws Exception {
        ObjectNode body =
                (ObjectNode)
                        JSON.readTree(
                                "{\"Catalog\": \"AWS\", \"Identifier\": \"O1234567\","
                                        + " \"LastModifiedDate\": \"2026-11-30T10:00:00.123Z\"}");
        SellingRequests.Bound ok = SellingRequests.bind(WriteAction.UPDATE_OPPORTUNITY, body);
        assertThat(ok.errors()).isEmpty();
        assertThat(((UpdateOpportunityRequest) ok.request()).lastModifiedDate())
                .isEqualTo(Instant.parse("2026-11-30T10:00:00.123Z"));

        body.put("LastModifiedDate", "yesterday");
        body.put("Identifier", "  ");
        Map<String, String> e = SellingRequests.bind(WriteAction.UPDATE_OPPORTUNITY, body).errors();
        assertThat(e)
                .containsEntry(
                        "LastModifiedDate",
                        "must be an ISO-8601 date-time, e.g. 2025-01-31T09:05:00.123Z")
                .containsEntry("Identifier", "required, and blank");
    }

    @Test
    void aLongEnumIsListedInPart() throws Exception {
        ObjectNode body = createBody();
        ((ObjectNode) body.at("/Customer/Account/Address")).put("CountryCode", "XX");
        String e =
                SellingRequests.bind(WriteAction.CREATE_OPPORTUNITY, body)
                        .errors()
                        .get("Customer.Account.Address.CountryCode");
        assertThat(e).startsWith("'XX' is not one of AD, AE, AF").contains(" values)");
    }

    @Test
    void actionsAreFoundByTheirKey() {
        assertThat(WriteAction.of("start-engagement")).contains(WriteAction.START_ENGAGEMENT);
        assertThat(WriteAction.of("Create_Opportunity")).contains(WriteAction.CREATE_OPPORTUNITY);
        assertThat(WriteAction.of("delete_opportunity")).isEmpty();
    }

    /**
     * The required members pcw checks are those of AWS's model (the botocore Selling model beside
     * the project root, when it is there), for every structure the write requests reach.
     */
    @Test
    void theRequiredMembersAreTheModels() throws Exception {
        File model =
                new File(
                        "../../../shared/aws-models/"
                                + "botocore-partnercentral-selling-2022-07-26.service-2.json");
        assumeTrue(model.isFile(), "AWS's model is not beside this checkout");
        JsonNode root = JSON.readTree(model);
        JsonNode shapes = root.get("shapes");
        Map<String, List<String>> fromModel = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (WriteAction a : WriteAction.values()) {
            String input = root.at("/operations/" + a.operation() + "/input/shape").asText();
            assertThat(input).as(a.operation()).isNotEmpty();
            todo.add(input);
        }
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            JsonNode s = shapes.get(name);
            if (s.path("type").asText().equals("list")) {
                todo.add(s.at("/member/shape").asText());
                continue;
            }
            if (!s.path("type").asText().equals("structure")) {
                continue;
            }
            if (s.has("required") && s.get("required").size() > 0) {
                List<String> req = new java.util.ArrayList<>();
                s.get("required").forEach(r -> req.add(r.asText()));
                fromModel.put(name, req);
            }
            Iterator<JsonNode> members = s.get("members").elements();
            while (members.hasNext()) {
                todo.add(members.next().get("shape").asText());
            }
        }
        assertThat(new TreeMap<>(SellingRequests.REQUIRED)).isEqualTo(fromModel);
    }
}
