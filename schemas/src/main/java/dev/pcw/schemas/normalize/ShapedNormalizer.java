package dev.pcw.schemas.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTable;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The common path of every normalizer: check the payload against its model shape in one walk, turn
 * problems into a dead letter, check the catalog, then map the checked tree to rows. Mapping code
 * can therefore read members without re-checking their types.
 */
abstract class ShapedNormalizer implements Normalizer {
    private final String operation;
    private final PartnerCentralEntity entity;
    private final Shape shape;
    private final List<SilverTable> tables;

    ShapedNormalizer(
            String operation, PartnerCentralEntity entity, Shape shape, List<SilverTable> tables) {
        this.operation = operation;
        this.entity = entity;
        this.shape = shape;
        this.tables = Collections.unmodifiableList(tables);
    }

    /** The model's shape of the payloads this normalizer reads. */
    final Shape shape() {
        return shape;
    }

    @Override
    public final String operation() {
        return operation;
    }

    @Override
    public final PartnerCentralEntity entity() {
        return entity;
    }

    @Override
    public final List<SilverTable> tables() {
        return tables;
    }

    @Override
    public final NormalizationResult normalize(JsonNode payload, NormalizationContext context) {
        PayloadChecker checker = new PayloadChecker();
        try {
            if (payload == null || payload.isMissingNode()) {
                return dead(context, DeadLetterReason.INVALID_JSON, "payload is empty", null);
            }
            if (!payload.isObject()) {
                return dead(
                        context,
                        DeadLetterReason.NOT_AN_OBJECT,
                        "payload is "
                                + (payload.isNull()
                                        ? "JSON null"
                                        : "a JSON "
                                                + payload.getNodeType()
                                                        .name()
                                                        .toLowerCase(Locale.ROOT))
                                + ", expected an object",
                        null);
            }
            String recordId = recordId(payload);
            String misplaced = misplaced(payload);
            if (misplaced != null) {
                return dead(context, DeadLetterReason.WRONG_TYPE, misplaced, recordId);
            }
            checker.checkRoot(payload, shape);
            if (checker.hasProblems()) {
                return NormalizationResult.ofDeadLetter(
                        DeadLetter.of(context, checker.firstCode(), checker.reason(), recordId),
                        checker.unknownValues(),
                        checker.unknownMembers(),
                        checker.notes());
            }
            JsonNode catalog = payload.get("Catalog");
            if (catalog != null && !catalog.asText().equals(context.catalog())) {
                return dead(
                        context,
                        DeadLetterReason.CATALOG_MISMATCH,
                        "Catalog "
                                + PayloadChecker.quote(catalog.asText())
                                + " does not match the catalog "
                                + PayloadChecker.quote(String.valueOf(context.catalog()))
                                + " the bronze envelope was fetched in",
                        recordId);
            }
            List<SilverRow> rows = map(payload, context, checker);
            return NormalizationResult.ofRows(
                    rows, checker.unknownValues(), checker.unknownMembers(), checker.notes());
        } catch (PayloadProblem p) {
            return NormalizationResult.ofDeadLetter(
                    DeadLetter.of(context, p.code, p.getMessage(), recordId(payload)),
                    checker.unknownValues(),
                    checker.unknownMembers(),
                    checker.notes());
        } catch (RuntimeException e) {
            // A bug of ours must not stop the pipeline or lose the payload: dead-letter it.
            return dead(
                    context,
                    DeadLetterReason.INTERNAL_ERROR,
                    operation + " normalizer failed: " + e,
                    recordId(payload));
        }
    }

    /**
     * Maps a payload that passed the shape check to rows.
     *
     * @param checker holds the unknown values (for {@code unknown_values}); notes may be added
     * @throws PayloadProblem when a value the check cannot see is unusable
     */
    abstract List<SilverRow> map(
            JsonNode payload, NormalizationContext context, PayloadChecker checker);

    /**
     * A reason when the payload is a known mistake of shape as a whole (such as a whole page where
     * an item was expected), else null.
     */
    String misplaced(JsonNode payload) {
        return null;
    }

    private static NormalizationResult dead(
            NormalizationContext context, DeadLetterReason code, String reason, String recordId) {
        return NormalizationResult.ofDeadLetter(DeadLetter.of(context, code, reason, recordId));
    }

    private static String recordId(JsonNode payload) {
        if (payload == null) {
            return null;
        }
        JsonNode id = payload.get("Id");
        return id != null && id.isTextual() && !id.textValue().isEmpty() ? id.textValue() : null;
    }

    /** A value the shape check cannot judge is unusable (for example an overflowing sum). */
    static final class PayloadProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final DeadLetterReason code;

        PayloadProblem(DeadLetterReason code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
