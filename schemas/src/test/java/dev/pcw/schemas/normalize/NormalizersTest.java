package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.TestPayloads.UPDATED_AT;
import static dev.pcw.schemas.normalize.TestPayloads.bronze;
import static dev.pcw.schemas.normalize.TestPayloads.compact;
import static dev.pcw.schemas.normalize.TestPayloads.payload;
import static dev.pcw.schemas.normalize.TestPayloads.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormalizersTest {

    @Test
    void findsOneNormalizerPerEntityByOperation() {
        assertThat(NormalizerRegistry.operations())
                .containsExactly(
                        "GetOpportunity",
                        "ListSolutions",
                        "GetEngagementInvitation",
                        "GetEngagement");
        assertThat(NormalizerRegistry.forOperation("GetOpportunity").get().entity())
                .isEqualTo(PartnerCentralEntity.OPPORTUNITIES);
        assertThat(NormalizerRegistry.forOperation("GetOpportunity").get().tables())
                .containsExactly(SilverTables.OPPORTUNITIES, SilverTables.OPPORTUNITY_HISTORY);
        assertThat(NormalizerRegistry.forOperation("ListSolutions").get().entity())
                .isEqualTo(PartnerCentralEntity.SOLUTIONS);
        assertThat(NormalizerRegistry.forOperation("GetEngagementInvitation").get().entity())
                .isEqualTo(PartnerCentralEntity.ENGAGEMENT_INVITATIONS);
        assertThat(NormalizerRegistry.forOperation("GetEngagement").get().entity())
                .isEqualTo(PartnerCentralEntity.ENGAGEMENTS);
        assertThat(NormalizerRegistry.forOperation("ListOpportunities")).isEmpty();
        assertThat(NormalizerRegistry.forOperation("getopportunity")).isEmpty();
        assertThat(NormalizerRegistry.forOperation(null)).isEmpty();
        assertThat(Normalizers.handles("GetEngagement")).isTrue();
        assertThat(Normalizers.handles("GetAwsOpportunitySummary")).isFalse();
    }

    @Test
    void deadLettersAnOperationWithoutANormalizerInsteadOfDroppingIt() {
        String summary = "{\"Catalog\":\"AWS\",\"RelatedOpportunityId\":\"O2315351\"}";
        NormalizationResult r =
                Normalizers.normalize(bronze("GetAwsOpportunitySummary", summary), UPDATED_AT);

        assertThat(r.isDeadLetter()).isTrue();
        assertThat(r.deadLetter().code()).isEqualTo(DeadLetterReason.UNSUPPORTED_OPERATION);
        assertThat(r.deadLetter().reason())
                .isEqualTo(
                        "no silver normalizer for operation 'GetAwsOpportunitySummary' (entity"
                                + " opportunities); normalizers exist for GetOpportunity,"
                                + " ListSolutions, GetEngagementInvitation, GetEngagement");
        assertThat(r.deadLetter().rawPayload()).isEqualTo(summary);
    }

    @Test
    void normalizesABronzeLineLikeTheRecordItHolds() {
        for (String[] c :
                new String[][] {
                    {"GetOpportunity", "get-opportunity.json"},
                    {"GetEngagementInvitation", "get-engagement-invitation-lead.json"},
                    {"GetEngagement", "get-engagement-customer-project.json"},
                    {"ListSolutions", "list-solutions-item.json"}
                }) {
            BronzeRecord record = bronze(c[0], compact(tree(payload(c[1]))));

            NormalizationResult fromRecord = Normalizers.normalize(record, UPDATED_AT);
            NormalizationResult fromLine =
                    Normalizers.normalizeLine(record.toJsonLine(), UPDATED_AT);

            assertThat(fromLine.isDeadLetter()).as(c[1]).isFalse();
            assertThat(fromLine.rows()).isEqualTo(fromRecord.rows());
            assertThat(fromLine.rows())
                    .isEqualTo(
                            Normalizers.normalizeLine(
                                            BronzeRecord.parse(record.toJsonLine()).toJsonLine(),
                                            UPDATED_AT)
                                    .rows());
        }
    }

    @Test
    void keepsTheRawPayloadOfABronzeLineByteForByte() {
        // Spacing and member order as sent: the dead letter cuts the payload out of the line.
        String payload =
                "{ \"Catalog\" : \"AWS\",\n  \"Id\":\"O1\", \"LastModifiedDate\": \"last tuesday\" ,"
                        + " \"Amount\": 1.50e3 }";
        BronzeRecord record = bronze("GetOpportunity", payload);
        String line = record.toJsonLine();

        NormalizationResult r = Normalizers.normalizeLine(line, UPDATED_AT);

        assertThat(r.isDeadLetter()).isTrue();
        assertThat(r.deadLetter().rawPayload()).isEqualTo(payload);
        assertThat(r.deadLetter().recordId()).isEqualTo("O1");
        assertThat(r.deadLetter().requestId()).isEqualTo(TestPayloads.REQUEST_ID);
        assertThat(r.deadLetter().fetchedAt()).isEqualTo(TestPayloads.FETCHED_AT);
        assertThat(r.deadLetter().reason())
                .isEqualTo(
                        "LastModifiedDate 'last tuesday' is not an ISO-8601 date-time; missing"
                                + " required member CreatedDate; missing required member"
                                + " RelatedEntityIdentifiers");
        assertThat(r.unknownMembers()).containsExactly("Amount");
    }

    @Test
    void readsTheRecordIdOfATruncatedPayloadOnABestEffortBasis() {
        String full = compact(tree(payload("get-opportunity.json")));
        String truncated = full.substring(0, full.length() / 2);

        NormalizationResult r =
                Normalizers.normalize(bronze("GetOpportunity", truncated), UPDATED_AT);

        assertThat(r.deadLetter().recordId()).isEqualTo("O2315351");
        assertThat(r.deadLetter().rawPayload()).isEqualTo(truncated);
        SilverRow row = r.outputRows().get(0);
        assertThat(row.table()).isEqualTo(SilverTables.DEAD_LETTERS_NAME);
        assertThat(row.get("source")).isEqualTo("partnercentral");
        assertThat(row.get("entity")).isEqualTo("opportunities");
        assertThat(row.get("catalog")).isEqualTo("AWS");
        assertThat(row.get("operation")).isEqualTo("GetOpportunity");
        assertThat(row.get("record_id")).isEqualTo("O2315351");
        assertThat(row.get("reason_code")).isEqualTo("INVALID_JSON");
        assertThat(row.get("raw_payload")).isEqualTo(truncated);
        assertThat(row.get("run_id")).isEqualTo(TestPayloads.RUN_ID);
        assertThat(row.get("at")).isEqualTo(UPDATED_AT);
        TestPayloads.assertRowsValid(r);
    }

    @Test
    void deadLettersLinesThatAreNotBronzeEnvelopes() {
        String good =
                bronze("GetOpportunity", compact(tree(payload("get-opportunity.json"))))
                        .toJsonLine();
        String[][] cases = {
            {"", "bronze line is not a JSON object"},
            {"[1,2]", "bronze line is not a JSON object"},
            {good + "{}", "bronze line has content after its JSON object"},
            {
                good.substring(0, 200),
                "bronze line is not valid JSON: Unexpected end-of-input in field name at line 1, column 201"
            },
            {"{\"entity\":\"opportunities\"}", "bronze line has no run_id"},
            {good.replace("\"catalog\":\"AWS\",", ""), "bronze line has no catalog"},
            {
                good.replace(
                        "\"fetched_at\":\"2026-11-22T03:00:00.250Z\"",
                        "\"fetched_at\":\"yesterday\""),
                "bronze line's fetched_at 'yesterday' is not an ISO-8601 date-time"
            },
            {
                good.substring(0, good.indexOf(",\"payload\":")) + "}",
                "bronze line has neither payload nor payload_raw"
            },
        };
        for (String[] c : cases) {
            NormalizationResult r = Normalizers.normalizeLine(c[0], UPDATED_AT);

            assertThat(r.isDeadLetter()).as(c[1]).isTrue();
            assertThat(r.deadLetter().code()).isEqualTo(DeadLetterReason.INVALID_ENVELOPE);
            assertThat(r.deadLetter().reason()).isEqualTo(c[1]);
            assertThat(r.deadLetter().rawPayload()).isEqualTo(c[0]);
            TestPayloads.assertRowsValid(r);
        }
    }

    @Test
    void explainsAPayloadBronzeKeptAsTextBecauseItWasNotJson() {
        String full = compact(tree(payload("get-engagement-lead.json")));
        String truncated = full.substring(0, 300);
        String line = bronze("GetEngagement", truncated).toJsonLine();

        NormalizationResult r = Normalizers.normalizeLine(line, UPDATED_AT);

        assertThat(line).contains("\"payload_raw\":");
        assertThat(r.deadLetter().code()).isEqualTo(DeadLetterReason.INVALID_JSON);
        assertThat(r.deadLetter().reason())
                .isEqualTo(
                        "payload is not valid JSON: unexpected end of input after 300 characters"
                                + " (truncated response?)");
        assertThat(r.deadLetter().rawPayload()).isEqualTo(truncated);
        assertThat(r.deadLetter().entity()).isEqualTo("engagements");
    }

    @Test
    void truncatesUpdatedAtToMilliseconds() {
        Instant precise = Instant.parse("2026-11-22T03:00:05.123456789Z");

        NormalizationResult r =
                Normalizers.normalize(
                        bronze("ListSolutions", payload("list-solutions-item.json")), precise);

        assertThat(r.rows().get(0).get("updated_at"))
                .isEqualTo(Instant.parse("2026-11-22T03:00:05.123Z"));
    }

    @Test
    void neverThrowsAndNeverDropsWhateverTheLineHolds() {
        String good =
                bronze("GetOpportunity", compact(tree(payload("get-opportunity.json"))))
                        .toJsonLine();
        SplittableRandom rnd = new SplittableRandom(2026);
        String alphabet = "{}[]\",:0123456789.-eE aZ\\ntrue";
        int deadLetters = 0;
        for (int i = 0; i < 3_000; i++) {
            StringBuilder sb = new StringBuilder(good);
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(3)) {
                    case 0:
                        sb.deleteCharAt(at);
                        break;
                    case 1:
                        sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                        break;
                    default:
                        sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            String line = sb.toString();

            NormalizationResult r = Normalizers.normalizeLine(line, UPDATED_AT);

            assertThat(r.outputRows()).as(line).isNotEmpty();
            if (r.isDeadLetter()) {
                deadLetters++;
                assertThat(r.deadLetter().reason()).isNotBlank();
                assertThat(r.deadLetter().code()).isNotEqualTo(DeadLetterReason.INTERNAL_ERROR);
                assertThat(line).contains(r.deadLetter().rawPayload());
            }
            TestPayloads.assertRowsValid(r);
        }
        assertThat(deadLetters).isGreaterThan(1_000);
    }
}
