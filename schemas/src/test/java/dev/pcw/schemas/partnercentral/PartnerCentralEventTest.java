package dev.pcw.schemas.partnercentral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartnerCentralEventTest {
    private static final String GOOD =
            "{\"version\":\"0\",\"id\":\"6b1c2a3d-0000-4000-8000-000000000001\","
                    + "\"detail-type\":\"Opportunity Updated\",\"source\":\"aws.partnercentral-selling\","
                    + "\"account\":\"111122223333\",\"time\":\"2026-11-22T10:00:00Z\",\"region\":\"us-east-1\","
                    + "\"resources\":[\"arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/opportunity/O1234567\"],"
                    + "\"detail\":{\"schemaVersion\":\"1\",\"catalog\":\"AWS\",\"opportunity\":{\"identifier\":\"O1234567\"}}}";

    @Test
    void readsAnOpportunityEventAsEventBridgeDeliversIt() {
        PartnerCentralEvent e = PartnerCentralEvent.parse(GOOD);
        assertThat(e.detailType()).isEqualTo(PartnerCentralEvent.OPPORTUNITY_UPDATED);
        assertThat(e.catalog()).isEqualTo("AWS");
        assertThat(e.entityKey()).isEqualTo("opportunity");
        assertThat(e.identifier()).isEqualTo("O1234567");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(e.resources()).hasSize(1);
    }

    @Test
    void writesWhatItReads() {
        PartnerCentralEvent e = PartnerCentralEvent.parse(GOOD);
        assertThat(PartnerCentralEvent.parse(e.toJson().toString())).isEqualTo(e);
        PartnerCentralEvent built =
                PartnerCentralEvent.of(
                        e.id(),
                        e.detailType(),
                        e.account(),
                        e.region(),
                        e.time(),
                        "AWS",
                        "opportunity",
                        "O1234567",
                        e.resources().get(0));
        assertThat(built).isEqualTo(e);
    }

    @Test
    void acceptsInvitationEventsWithIdOrIdentifier() {
        String json =
                GOOD.replace("Opportunity Updated", "Engagement Invitation Created")
                        .replace(
                                "\"opportunity\":{\"identifier\"",
                                "\"engagementInvitation\":{\"id\"");
        PartnerCentralEvent e = PartnerCentralEvent.parse(json);
        assertThat(e.entityKey()).isEqualTo("engagementInvitation");
        assertThat(e.identifier()).isEqualTo("O1234567");
    }

    @Test
    void unknownEventTypesWithoutARecordAreKeptWithANullIdentifier() {
        String json =
                GOOD.replace("\"opportunity\":{\"identifier\":\"O1234567\"}", "\"snapshot\":{}");
        PartnerCentralEvent e = PartnerCentralEvent.parse(json);
        assertThat(e.identifier()).isNull();
        assertThat(e.entityKey()).isNull();
    }

    @Test
    void refusesWhatIsNotAPartnerCentralEventAndSaysWhy() {
        assertThatThrownBy(() -> PartnerCentralEvent.parse("not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event is not JSON");
        assertThatThrownBy(() -> PartnerCentralEvent.parse("[1]"))
                .hasMessage("event is not a JSON object");
        assertThatThrownBy(
                        () ->
                                PartnerCentralEvent.parse(
                                        GOOD.replace("aws.partnercentral-selling", "aws.s3")))
                .hasMessage("event source is 'aws.s3', expected 'aws.partnercentral-selling'");
        assertThatThrownBy(
                        () ->
                                PartnerCentralEvent.parse(
                                        GOOD.replace(
                                                "\"detail-type\":\"Opportunity Updated\",", "")))
                .hasMessage("event has no detail-type");
        assertThatThrownBy(
                        () -> PartnerCentralEvent.parse(GOOD.replace("\"catalog\":\"AWS\",", "")))
                .hasMessage("event 'Opportunity Updated' has no detail.catalog");
        assertThatThrownBy(
                        () ->
                                PartnerCentralEvent.parse(
                                        GOOD.replace("2026-11-22T10:00:00Z", "noon")))
                .hasMessage("event time 'noon' is not ISO-8601");
    }
}
