package dev.pcw.schemas.normalize;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The normalizer of each Partner Central read operation whose payloads become silver rows: {@code
 * GetOpportunity}, {@code ListSolutions} (one item per bronze record), {@code
 * GetEngagementInvitation} and {@code GetEngagement}. Other operations (list summaries, {@code
 * GetAwsOpportunitySummary}, …) stay in bronze only.
 */
public final class NormalizerRegistry {
    private static final List<Normalizer> ALL =
            Collections.unmodifiableList(
                    Arrays.asList(
                            new OpportunityNormalizer(),
                            new SolutionNormalizer(),
                            new EngagementInvitationNormalizer(),
                            new EngagementNormalizer()));

    private static final Map<String, Normalizer> BY_OPERATION;

    static {
        Map<String, Normalizer> m = new LinkedHashMap<>();
        for (Normalizer n : ALL) {
            m.put(n.operation(), n);
        }
        BY_OPERATION = Collections.unmodifiableMap(m);
    }

    private NormalizerRegistry() {}

    /** The normalizer of {@code operation} (exact API spelling), or empty when there is none. */
    public static Optional<Normalizer> forOperation(String operation) {
        return Optional.ofNullable(operation == null ? null : BY_OPERATION.get(operation));
    }

    /** Every normalizer, one per entity. */
    public static List<Normalizer> all() {
        return ALL;
    }

    /** The operations that have a normalizer, in registry order. */
    public static Set<String> operations() {
        return BY_OPERATION.keySet();
    }
}
