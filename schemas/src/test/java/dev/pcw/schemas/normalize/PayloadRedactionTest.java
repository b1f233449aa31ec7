package dev.pcw.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a redacted dead-letter payload keeps and what it takes out. */
class PayloadRedactionTest {

    private static List<String> paths(JsonNode n, String at, List<String> out) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                paths(e.getValue(), at + "." + e.getKey(), out);
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                paths(e, at + "[]", out);
            }
        } else {
            out.add(at);
        }
        return out;
    }

    @Test
    void anOpportunityKeepsItsStructureIdsEnumsDatesAndAmountsAndLosesEveryPersonalValue()
            throws Exception {
        String raw = TestPayloads.payload("get-opportunity.json");
        String redacted = PayloadRedaction.redact(raw, "GetOpportunity");
        JsonNode in = TestPayloads.MAPPER.readTree(raw);
        JsonNode out = TestPayloads.MAPPER.readTree(redacted);

        assertThat(paths(out, "", new ArrayList<>())).isEqualTo(paths(in, "", new ArrayList<>()));
        for (String kept :
                new String[] {
                    "/Id",
                    "/Arn",
                    "/Catalog",
                    "/LifeCycle/Stage",
                    "/LifeCycle/ReviewStatus",
                    "/LifeCycle/TargetCloseDate",
                    "/CreatedDate",
                    "/LastModifiedDate",
                    "/Customer/Account/Industry",
                    "/Customer/Account/AwsAccountId",
                    "/Project/ExpectedCustomerSpend/0/Amount",
                    "/Project/ExpectedCustomerSpend/0/CurrencyCode",
                    "/OpportunityType"
                }) {
            assertThat(out.at(kept)).as(kept).isEqualTo(in.at(kept));
        }
        for (String gone :
                new String[] {
                    "/OpportunityTeam/0/FirstName",
                    "/OpportunityTeam/0/Email",
                    "/OpportunityTeam/0/Phone",
                    "/Customer/Account/CompanyName",
                    "/Customer/Account/WebsiteUrl",
                    "/Customer/Account/Address/StreetAddress",
                    "/Customer/Account/Address/City",
                    "/Customer/Account/Address/PostalCode",
                    "/Customer/Contacts/0/LastName",
                    "/Customer/Contacts/0/Email",
                    "/Project/Title",
                    "/Project/CustomerBusinessProblem",
                    "/LifeCycle/NextSteps",
                    "/LifeCycle/NextStepsHistory/0/Value"
                }) {
            String original = in.at(gone).asText();
            assertThat(out.at(gone).asText())
                    .as(gone)
                    .isEqualTo("<redacted " + original.length() + " chars>");
            assertThat(redacted).doesNotContain(original);
        }
        assertThat(PayloadRedaction.isRedacted(redacted)).isTrue();
        assertThat(PayloadRedaction.isRedacted(raw)).isFalse();
        // The same payload, the same text: how a dead letter finds its bronze line again.
        assertThat(PayloadRedaction.redact(raw, "GetOpportunity")).isEqualTo(redacted);
    }

    @Test
    void aValueTheModelDoesNotListIsRedactedEvenInAnEnumOrAnUnknownMember() throws Exception {
        String raw =
                "{\"Id\": \"O1\", \"LifeCycle\": {\"Stage\": \"Call Jane Doe at 555-0100\"},"
                        + " \"Nickname\": \"Janie\", \"Score\": 7, \"Flag\": true, \"Nothing\": null}";
        JsonNode out = TestPayloads.MAPPER.readTree(PayloadRedaction.redact(raw, "GetOpportunity"));
        assertThat(out.at("/Id").asText()).isEqualTo("O1");
        assertThat(out.at("/LifeCycle/Stage").asText()).isEqualTo("<redacted 25 chars>");
        assertThat(out.at("/Nickname").asText()).isEqualTo("<redacted 5 chars>");
        assertThat(out.at("/Score").asInt()).isEqualTo(7);
        assertThat(out.at("/Flag").asBoolean()).isTrue();
        assertThat(out.at("/Nothing").isNull()).isTrue();
    }

    @Test
    void textThatIsNotJsonBecomesOneLineWithItsSizeOnly() {
        String html = "<html><body>502 Bad Gateway for jane@example.com</body></html>";
        String redacted = PayloadRedaction.redact(html, "GetOpportunity");
        assertThat(redacted)
                .isEqualTo(
                        "<redacted "
                                + html.length()
                                + " bytes, not JSON; the bronze line keeps them>");
        assertThat(PayloadRedaction.redact("{\"Id\": \"O1\", \"Name\": \"tru", null))
                .startsWith("<redacted 25 bytes, not JSON");
        assertThat(PayloadRedaction.redact(null, null)).isNull();
    }

    @Test
    void withoutAModelOnlyIdsTimesAndEnvelopeMembersStay() throws Exception {
        String event =
                "{\"version\": \"0\", \"id\": \"7f0c\", \"detail-type\": \"Opportunity Updated\","
                        + " \"source\": \"aws.partnercentral-selling\", \"account\": \"111122223333\","
                        + " \"time\": \"2026-11-30T10:00:00Z\", \"region\": \"us-east-1\","
                        + " \"detail\": {\"opportunity\": {\"identifier\": \"O7\"}, \"note\":"
                        + " \"ask Jane\"}}";
        JsonNode out = TestPayloads.MAPPER.readTree(PayloadRedaction.redact(event, null));
        assertThat(out.at("/id").asText()).isEqualTo("7f0c");
        assertThat(out.at("/source").asText()).isEqualTo("aws.partnercentral-selling");
        assertThat(out.at("/detail/opportunity/identifier").asText()).isEqualTo("O7");
        assertThat(out.at("/detail-type").asText()).isEqualTo("<redacted 19 chars>");
        assertThat(out.at("/detail/note").asText()).isEqualTo("<redacted 8 chars>");
    }
}
