package dev.pcw.schemas.partnercentral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.normalize.DeadLetter;
import dev.pcw.schemas.normalize.DeadLetterReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What pcw does with each kind of record on the Partner Central events stream. */
class IncomingEventTest {
    private static final Instant AT = Instant.parse("2026-11-22T10:15:30Z");

    private static String event(String detailType, String detail) {
        return "{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\""
                + detailType
                + "\",\"source\":\"aws.partnercentral-selling\",\"account\":\"111122223333\","
                + "\"time\":\"2026-11-22T10:15:29Z\",\"region\":\"us-east-1\",\"resources\":[],"
                + "\"detail\":"
                + detail
                + "}";
    }

    @Test
    void anOpportunityEventAsksForOneFetchOfThatOpportunity() {
        IncomingEvent e =
                IncomingEvent.classify(
                        event(
                                "Opportunity Updated",
                                "{\"schemaVersion\":\"1\",\"catalog\":\"AWS\","
                                        + "\"opportunity\":{\"identifier\":\"O1234567\"}}"));

        assertThat(e.kind()).isEqualTo(IncomingEvent.Kind.FETCH);
        assertThat(e.entity()).isEqualTo(PartnerCentralEntity.OPPORTUNITIES);
        assertThat(e.catalog()).isEqualTo(Catalog.AWS);
        assertThat(e.event().identifier()).isEqualTo("O1234567");
        assertThat(e.deadLetter(AT, AT)).isNull();
    }

    @Test
    void anInvitationEventAsksForTheInvitation() {
        IncomingEvent e =
                IncomingEvent.classify(
                        event(
                                "Engagement Invitation Accepted",
                                "{\"catalog\":\"Sandbox\","
                                        + "\"engagementInvitation\":{\"identifier\":\"engi-1\"}}"));

        assertThat(e.kind()).isEqualTo(IncomingEvent.Kind.FETCH);
        assertThat(e.entity()).isEqualTo(PartnerCentralEntity.ENGAGEMENT_INVITATIONS);
        assertThat(e.catalog()).isEqualTo(Catalog.SANDBOX);
    }

    @Test
    void anEventAboutSomethingElseIsUnknownAndKeptInBronze() {
        IncomingEvent e =
                IncomingEvent.classify(
                        event(
                                "Engagement Member Joined",
                                "{\"catalog\":\"AWS\",\"engagement\":{\"identifier\":\"eng-1\"}}"));

        assertThat(e.kind()).isEqualTo(IncomingEvent.Kind.UNKNOWN_TYPE);
        assertThat(e.entity()).isNull();
        BronzeRecord b = e.toBronze(AT);
        assertThat(b.entity()).isEqualTo("events");
        assertThat(b.operation()).isEqualTo(IncomingEvent.BRONZE_OPERATION);
        assertThat(b.runId()).isEqualTo("events-20261122");
        assertThat(b.payloadIsJson()).isTrue();
        assertThat(b.requestId()).isEqualTo("e-1");
    }

    @Test
    void badEventsSayWhatIsWrongAndBecomeDeadLetters() throws Exception {
        assertBad("not json at all", "event is not JSON");
        assertBad(
                event("Opportunity Updated", "{}").replace("aws.partnercentral-selling", "aws.ec2"),
                "event source is 'aws.ec2', expected 'aws.partnercentral-selling'");
        assertBad(
                event("Opportunity Updated", "{\"catalog\":\"AWS\",\"opportunity\":{}}"),
                "event 'Opportunity Updated' has no detail.opportunity.identifier");
        assertBad(
                event(
                        "Opportunity Updated",
                        "{\"catalog\":\"Prod\",\"opportunity\":{\"identifier\":\"O1\"}}"),
                "Unknown Partner Central catalog 'Prod': use AWS or Sandbox");
        assertBad(
                event("Opportunity Updated", "{\"opportunity\":{\"identifier\":\"O1\"}}"),
                "event 'Opportunity Updated' has no detail.catalog");

        // Not JSON: bronze keeps the text verbatim as payload_raw, and the line stays JSON.
        IncomingEvent notJson = IncomingEvent.classify("{\"source\": truncated");
        BronzeRecord b = notJson.toBronze(AT);
        assertThat(b.payloadIsJson()).isFalse();
        assertThat(new ObjectMapper().readTree(b.toJsonLine()).path("payload_raw").asText())
                .isEqualTo("{\"source\": truncated");
        // Trailing garbage after a valid object is not embedded as JSON either.
        String trailing =
                event(
                                "Opportunity Updated",
                                "{\"catalog\":\"AWS\",\"opportunity\":{\"identifier\":\"O1\"}}")
                        + " trailing";
        assertThat(IncomingEvent.classify(trailing).toBronze(AT).payloadIsJson()).isFalse();
        assertThat(
                        new ObjectMapper()
                                .readTree(
                                        IncomingEvent.classify(trailing).toBronze(AT).toJsonLine())
                                .isObject())
                .isTrue();
    }

    private static void assertBad(String raw, String reason) {
        IncomingEvent e = IncomingEvent.classify(raw);
        assertThat(e.kind()).isEqualTo(IncomingEvent.Kind.BAD);
        assertThat(e.reason()).startsWith(reason);
        DeadLetter d = e.deadLetter(AT, AT);
        assertThat(d.code()).isEqualTo(DeadLetterReason.INVALID_EVENT);
        assertThat(d.source()).isEqualTo(IncomingEvent.DEAD_LETTER_SOURCE);
        assertThat(d.reason()).isEqualTo(e.reason());
        assertThat(d.rawPayload()).isEqualTo(raw);
        assertThat(d.runId()).isEqualTo("events-20261122");
        assertThat(d.toRow().get("reason_code")).isEqualTo("INVALID_EVENT");
    }
}
