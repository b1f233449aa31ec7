package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.Json.instant;
import static dev.pcw.schemas.normalize.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.util.Collections;
import java.util.List;

/**
 * Normalizes one {@code ListSolutions} item ({@code SolutionBase}; ListSolutions is the only read
 * of solutions) into a {@code partnercentral_solutions} row.
 *
 * <p>Dead letters: a required member ({@code Catalog}, {@code Id}, {@code Name}, {@code Status},
 * {@code Category}, {@code CreatedDate}) absent or null, a wrong JSON type, an unparseable {@code
 * CreatedDate}, a {@code Catalog} other than the envelope's, or a whole page ({@code
 * SolutionSummaries}) where one item was expected. An unknown {@code Status} passes through.
 */
public final class SolutionNormalizer extends ShapedNormalizer {
    public static final String OPERATION = "ListSolutions";

    public SolutionNormalizer() {
        super(
                OPERATION,
                PartnerCentralEntity.SOLUTIONS,
                Shapes.SOLUTION_BASE,
                Collections.singletonList(SilverTables.SOLUTIONS));
    }

    @Override
    String misplaced(JsonNode payload) {
        return payload.has("SolutionSummaries")
                ? "payload is a ListSolutions page (SolutionSummaries), expected one SolutionBase"
                        + " item"
                : null;
    }

    @Override
    List<SilverRow> map(JsonNode s, NormalizationContext context, PayloadChecker checker) {
        SilverRow.Builder b = SilverRow.builder(SilverTables.SOLUTIONS);
        b.set("catalog", context.catalog());
        b.set("id", text(s, "Id"));
        b.set("arn", text(s, "Arn"));
        b.set("name", text(s, "Name"));
        b.set("status", text(s, "Status"));
        b.set("category", text(s, "Category"));
        b.set("created_date", instant(s, "CreatedDate"));
        OpportunityNormalizer.setTrailer(b, context, checker);
        return Collections.singletonList(b.build());
    }
}
