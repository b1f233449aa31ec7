package dev.pcw.schemas.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverTable;
import java.util.List;

/**
 * Turns the payload of one Partner Central read operation into silver rows or a dead letter;
 * stateless and thread-safe, and never throws on bad input.
 */
public interface Normalizer {
    /** The API operation whose payloads this normalizes ({@code GetOpportunity}, …). */
    String operation();

    PartnerCentralEntity entity();

    /** The silver tables the rows go to. */
    List<SilverTable> tables();

    /**
     * Normalizes {@code payload} (the parsed payload; a missing node for an empty one).
     *
     * @return rows, or a dead letter saying what is wrong
     */
    NormalizationResult normalize(JsonNode payload, NormalizationContext context);
}
