package dev.pcw.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterReplayTest {
    private static final Instant FETCHED = Instant.parse("2026-11-30T10:15:30.123Z");

    private static SilverRow.Builder deadLetter() {
        return SilverRow.builder(SilverTables.DEAD_LETTERS)
                .set("source", "partnercentral")
                .set("entity", "opportunities")
                .set("catalog", "AWS")
                .set("operation", "GetOpportunity")
                .set("record_id", "O1234567")
                .set("reason_code", "WRONG_TYPE")
                .set("reason", "Project.ExpectedCustomerSpend[0].Amount is a number")
                .set("raw_payload", "{\"Id\":\"O1234567\"}")
                .set("run_id", "run-1")
                .set("request_id", "req-1")
                .set("fetched_at", FETCHED)
                .set("at", FETCHED);
    }

    @Test
    void aDeadLetterWithItsEnvelopeIsTheBronzeRecordItCameFrom() {
        BronzeRecord r = DeadLetterReplay.toBronze(deadLetter().build());

        assertThat(r.runId()).isEqualTo("run-1");
        assertThat(r.entity()).isEqualTo("opportunities");
        assertThat(r.catalog()).isEqualTo("AWS");
        assertThat(r.operation()).isEqualTo("GetOpportunity");
        assertThat(r.requestId()).isEqualTo("req-1");
        assertThat(r.fetchedAt()).isEqualTo(FETCHED);
        assertThat(r.payload()).isEqualTo("{\"Id\":\"O1234567\"}");
        assertThat(r.payloadIsJson()).isTrue();
    }

    @Test
    void aPayloadThatIsNotJsonStaysText() {
        BronzeRecord r =
                DeadLetterReplay.toBronze(
                        deadLetter().set("raw_payload", "<html>502</html>").build());

        assertThat(r.payloadIsJson()).isFalse();
        assertThat(r.payload()).isEqualTo("<html>502</html>");
    }

    @Test
    void aLineKeptWithoutAnEnvelopeIsReplayedAsTheLine() {
        String line = "{\"run_id\": \"r1\", \"entity\": \"solutions\"";
        BronzeRecord r =
                DeadLetterReplay.toBronze(
                        deadLetter()
                                .set("run_id", null)
                                .set("entity", null)
                                .set("operation", null)
                                .set("fetched_at", null)
                                .set("raw_payload", line)
                                .build());

        assertThat(r.operation()).isEqualTo(BronzeRecord.UNREADABLE_LINE_OPERATION);
        assertThat(r.payload()).isEqualTo(line);
        assertThat(r.fetchedAt()).as("the dead letter's at stands in").isEqualTo(FETCHED);
    }

    @Test
    void twoDeadLettersAreTheSameWhateverTheirAt() {
        SilverRow kept = deadLetter().build();

        assertThat(
                        DeadLetterReplay.sameDeadLetter(
                                kept, deadLetter().set("at", Instant.now()).build()))
                .isTrue();
        assertThat(
                        DeadLetterReplay.sameDeadLetter(
                                kept, deadLetter().set("reason", "other").build()))
                .isFalse();
    }

    @Test
    void aPayloadThatNowPassesGivesNoDeadLetterAndOneThatStillFailsGivesItsOwn() {
        BronzeRecord valid =
                BronzeRecord.parse(
                        dev.pcw.schemas.normalize.NormalizationBenchmark.bronzeLines(1, 7).get(0));
        BronzeRecord malformed =
                DeadLetterReplay.toBronze(deadLetter().set("raw_payload", "{not json").build());

        assertThat(DeadLetterReplay.normalizeAgain(valid)).isNull();
        assertThat(DeadLetterReplay.normalizeAgain(malformed).code().name())
                .isEqualTo("INVALID_JSON");
    }
}
