package dev.pcw.sidecar.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.client.write.WriteAction;
import dev.pcw.sidecar.ApiError;
import dev.pcw.sidecar.SidecarSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void theRequestStoredIsTheOperationsBodyWithTheCatalogAndWithoutTicketOrToken()
            throws Exception {
        ActionRequests.Prepared p =
                ActionRequests.prepare(
                        WriteAction.SUBMIT_OPPORTUNITY,
                        "O123",
                        body(
                                "{\"ticketId\": \"OPS-9\", \"InvolvementType\": \"Co-Sell\","
                                        + " \"Visibility\": \"Full\"}"),
                        SidecarSettings.builder().catalogs(List.of("Sandbox")).build());
        assertThat(p.ticketId).isEqualTo("OPS-9");
        assertThat(p.catalog).isEqualTo("Sandbox");
        assertThat(p.opportunityId).isEqualTo("O123");
        assertThat(p.request.toString())
                .isEqualTo(
                        "{\"InvolvementType\":\"Co-Sell\",\"Visibility\":\"Full\","
                                + "\"Catalog\":\"Sandbox\",\"Identifier\":\"O123\"}");
        assertThat(p.notes).isEmpty();
    }

    @Test
    void theHashDoesNotDependOnMemberOrderButOnEveryValue() throws Exception {
        SidecarSettings s = SidecarSettings.defaults();
        String a =
                ActionRequests.prepare(
                                WriteAction.SUBMIT_OPPORTUNITY,
                                "O1",
                                body(
                                        "{\"ticketId\": \"A-1\", \"InvolvementType\": \"Co-Sell\","
                                                + " \"Visibility\": \"Full\"}"),
                                s)
                        .requestHash;
        String b =
                ActionRequests.prepare(
                                WriteAction.SUBMIT_OPPORTUNITY,
                                "O1",
                                body(
                                        "{\"Visibility\": \"Full\", \"InvolvementType\":"
                                                + " \"Co-Sell\", \"ticketId\": \"A-2\"}"),
                                s)
                        .requestHash;
        String c =
                ActionRequests.prepare(
                                WriteAction.SUBMIT_OPPORTUNITY,
                                "O1",
                                body(
                                        "{\"ticketId\": \"A-1\", \"InvolvementType\": \"Co-Sell\","
                                                + " \"Visibility\": \"Limited\"}"),
                                s)
                        .requestHash;
        assertThat(a).isEqualTo(b).hasSize(64).isNotEqualTo(c);
    }

    @Test
    void aTicketFormatOfTheUsersOwnIsEnforced() throws Exception {
        SidecarSettings s = SidecarSettings.builder().ticketPattern("^INC[0-9]{7}$").build();
        assertThatThrownBy(
                        () ->
                                ActionRequests.prepare(
                                        WriteAction.SUBMIT_OPPORTUNITY,
                                        "O1",
                                        body(
                                                "{\"ticketId\": \"SALES-1\","
                                                        + " \"InvolvementType\": \"Co-Sell\"}"),
                                        s))
                .isInstanceOfSatisfying(
                        ApiError.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.fieldErrors().get("ticketId"))
                                    .isEqualTo(
                                            "'SALES-1' does not match ^INC[0-9]{7}$"
                                                    + " (connectors.partner_central.ticket_pattern)");
                        });
        assertThatThrownBy(() -> SidecarSettings.builder().ticketPattern("[unclosed"))
                .hasMessageStartingWith("ticket_pattern '[unclosed' is not a regular expression");
    }

    @Test
    void theOpportunityOfTheBodyMustBeThatOfThePath() throws Exception {
        assertThatThrownBy(
                        () ->
                                ActionRequests.prepare(
                                        WriteAction.ASSOCIATE_OPPORTUNITY,
                                        "O1",
                                        body(
                                                "{\"ticketId\": \"A-1\", \"OpportunityIdentifier\":"
                                                        + " \"O2\", \"RelatedEntityType\":"
                                                        + " \"Solutions\","
                                                        + " \"RelatedEntityIdentifier\": \"S-1\"}"),
                                        SidecarSettings.defaults()))
                .isInstanceOfSatisfying(
                        ApiError.class,
                        e ->
                                assertThat(e.fieldErrors().get("OpportunityIdentifier"))
                                        .startsWith(
                                                "names another opportunity than the path (O1)"));
    }

    @Test
    void anUpdateNeedsNoLastModifiedDateFromTheCaller() throws Exception {
        ActionRequests.Prepared p =
                ActionRequests.prepare(
                        WriteAction.UPDATE_OPPORTUNITY,
                        "O1",
                        body("{\"ticketId\": \"A-1\", \"Project\": {\"Title\": \"New\"}}"),
                        SidecarSettings.defaults());
        assertThat(p.request.has("LastModifiedDate")).isFalse();
        assertThat(p.request.at("/Project/Title").asText()).isEqualTo("New");
    }
}
