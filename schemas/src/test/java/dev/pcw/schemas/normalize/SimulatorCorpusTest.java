package dev.pcw.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Payloads served by pcw's Partner Central simulator (seed 42), byte for byte: every intact one
 * normalizes cleanly, and every one its malformer broke has the outcome written beside it.
 */
class SimulatorCorpusTest {

    @Test
    void normalizesEveryIntactSimulatorPayloadWithoutFindings() {
        int rows = 0;
        for (String[] corpus :
                new String[][] {
                    {"GetOpportunity", "simulator/get-opportunity.jsonl"},
                    {"GetEngagementInvitation", "simulator/get-engagement-invitation.jsonl"},
                    {"GetEngagement", "simulator/get-engagement.jsonl"},
                    {"ListSolutions", "simulator/list-solutions.jsonl"}
                }) {
            List<String> payloads = TestPayloads.lines(corpus[1]);
            assertThat(payloads).isNotEmpty();
            for (String payload : payloads) {
                NormalizationResult r = TestPayloads.normalize(corpus[0], payload);

                assertThat(r.isDeadLetter()).as("%s: %s", corpus[1], r).isFalse();
                assertThat(r.unknownEnumValues()).isEmpty();
                assertThat(r.unknownMembers()).isEmpty();
                assertThat(r.notes()).isEmpty();
                rows += r.rows().size();
            }
        }
        assertThat(rows).isEqualTo(40 * 2 + 35 + 50 + 10);
    }

    @Test
    void givesEveryPayloadTheSimulatorBrokeItsExpectedOutcome() {
        for (String[] corpus :
                new String[][] {
                    {"GetOpportunity", "simulator/malformed-get-opportunity"},
                    {"GetEngagementInvitation", "simulator/malformed-get-engagement-invitation"},
                    {"GetEngagement", "simulator/malformed-get-engagement"}
                }) {
            List<String> payloads = TestPayloads.lines(corpus[1] + ".jsonl");
            List<String> expected = TestPayloads.lines(corpus[1] + ".expected.txt");
            assertThat(payloads).hasSameSizeAs(expected);
            for (int i = 0; i < payloads.size(); i++) {
                String payload = payloads.get(i);
                String want = expected.get(i);
                NormalizationResult r = TestPayloads.normalize(corpus[0], payload);

                if (want.startsWith("DEAD ")) {
                    assertThat(r.isDeadLetter()).as("%s line %d", corpus[1], i + 1).isTrue();
                    String[] parts = want.split(" ", 3);
                    assertThat(r.deadLetter().code().name()).isEqualTo(parts[1]);
                    assertThat(r.deadLetter().reason()).isEqualTo(parts[2]);
                    assertThat(r.deadLetter().rawPayload()).isEqualTo(payload);
                } else {
                    assertThat(r.isDeadLetter())
                            .as("%s line %d: %s", corpus[1], i + 1, r)
                            .isFalse();
                    String finding = want.substring("ROWS ".length());
                    if (finding.startsWith("members=")) {
                        assertThat(r.unknownMembers())
                                .isEqualTo(Arrays.asList(finding.substring(8).split(",")));
                    } else if (finding.startsWith("values=")) {
                        assertThat(r.unknownEnumValues()).containsExactly(finding.substring(7));
                        assertThat(r.rows().get(0).get("unknown_values"))
                                .isEqualTo(Arrays.asList(finding.substring(7)));
                    } else {
                        assertThat(r.notes()).containsExactly(finding.substring(6));
                    }
                }
            }
        }
    }
}
