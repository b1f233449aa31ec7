package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.TestPayloads.assertGolden;
import static dev.pcw.schemas.normalize.TestPayloads.compact;
import static dev.pcw.schemas.normalize.TestPayloads.normalize;
import static dev.pcw.schemas.normalize.TestPayloads.payload;
import static dev.pcw.schemas.normalize.TestPayloads.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.silver.SilverRow;
import java.time.Instant;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class SolutionNormalizerTest {
    private static final String OP = SolutionNormalizer.OPERATION;

    @Test
    void normalizesAListSolutionsItemIntoTheGoldenRow() {
        NormalizationResult r = normalize(OP, payload("list-solutions-item.json"));

        assertThat(r.isDeadLetter()).isFalse();
        assertGolden("list-solutions-item.rows.json", r.rows());
        SilverRow row = r.rows().get(0);
        assertThat(row.get("id")).isEqualTo("S-1957522");
        assertThat(row.get("status")).isEqualTo("Active");
        assertThat(row.get("created_date")).isEqualTo(Instant.parse("2025-12-03T09:16:08.327Z"));
    }

    @Test
    void passesAnUnknownStatusThrough() {
        ObjectNode s = tree(payload("list-solutions-item.json"));
        s.put("Status", "Retired");

        NormalizationResult r = normalize(OP, compact(s));

        assertThat(r.rows().get(0).get("status")).isEqualTo("Retired");
        assertThat(r.rows().get(0).get("unknown_values"))
                .isEqualTo(Collections.singletonList("Status=Retired"));
    }

    @Test
    void deadLettersAWholePageWhereOneItemWasExpected() {
        String page =
                "{\"SolutionSummaries\":["
                        + compact(tree(payload("list-solutions-item.json")))
                        + "]}";

        NormalizationResult r = normalize(OP, page);

        assertThat(r.isDeadLetter()).isTrue();
        assertThat(r.deadLetter().code()).isEqualTo(DeadLetterReason.WRONG_TYPE);
        assertThat(r.deadLetter().reason())
                .isEqualTo(
                        "payload is a ListSolutions page (SolutionSummaries), expected one"
                                + " SolutionBase item");
        assertThat(r.deadLetter().rawPayload()).isEqualTo(page);
    }
}
