package dev.pcw.connectors.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The counters of one ingestion run, immutable. The four standard counters are stored both in their
 * own columns and in {@code stats_json}; extra counters only in {@code stats_json}, at its top
 * level beside the standard keys:
 *
 * <pre>{@code
 * {"records_processed": 1200, "api_calls": 130, "throttled": 2, "dead_letters": 1, "pages": 12}
 * }</pre>
 *
 * Extra values are scalars: strings, booleans, whole numbers (kept as {@link Long}) and finite
 * decimals (kept as {@link Double}), so that a value reads back equal to what was written.
 *
 * <pre>{@code
 * Stats stats = Stats.of(1200, 130, 2, 1).withExtra("pages", 12);
 * }</pre>
 */
public final class Stats {

    /** The runbook's key: {@code stats_json->>'records_processed'}. */
    public static final String RECORDS_PROCESSED = "records_processed";

    public static final String API_CALLS = "api_calls";
    public static final String THROTTLED = "throttled";
    public static final String DEAD_LETTERS = "dead_letters";

    private static final Set<String> STANDARD_KEYS =
            Set.of(RECORDS_PROCESSED, API_CALLS, THROTTLED, DEAD_LETTERS);

    /** No records, no calls. */
    public static final Stats ZERO = new Stats(0, 0, 0, 0, Map.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long records;
    private final long apiCalls;
    private final long throttled;
    private final long deadLetters;
    private final Map<String, Object> extra;

    /**
     * @param records records processed (emitted downstream)
     * @param apiCalls calls made to the source API, retries included
     * @param throttled calls answered with throttling
     * @param deadLetters records sent to dead letters
     * @param extra further counters; keys may not repeat the standard ones
     * @throws IllegalArgumentException for a negative counter, a standard key in {@code extra}, or
     *     an extra value that is not a scalar
     */
    public Stats(
            long records, long apiCalls, long throttled, long deadLetters, Map<String, ?> extra) {
        this.records = nonNegative(RECORDS_PROCESSED, records);
        this.apiCalls = nonNegative(API_CALLS, apiCalls);
        this.throttled = nonNegative(THROTTLED, throttled);
        this.deadLetters = nonNegative(DEAD_LETTERS, deadLetters);
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : Objects.requireNonNull(extra, "extra").entrySet()) {
            String key = e.getKey();
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("Stats extra keys must not be blank");
            }
            if (STANDARD_KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "Stats extra key '"
                                + key
                                + "' would overwrite the standard counter of that name; pass it"
                                + " as a constructor argument instead");
            }
            copy.put(key, scalar(key, e.getValue()));
        }
        this.extra = Collections.unmodifiableMap(copy);
    }

    /** Stats with the four standard counters and no extras. */
    public static Stats of(long records, long apiCalls, long throttled, long deadLetters) {
        return new Stats(records, apiCalls, throttled, deadLetters, Map.of());
    }

    /** A copy with one more (or a replaced) extra counter. */
    public Stats withExtra(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extra);
        more.put(key, value);
        return new Stats(records, apiCalls, throttled, deadLetters, more);
    }

    public long records() {
        return records;
    }

    public long apiCalls() {
        return apiCalls;
    }

    public long throttled() {
        return throttled;
    }

    public long deadLetters() {
        return deadLetters;
    }

    /** The extra counters, unmodifiable, in insertion order. */
    public Map<String, Object> extra() {
        return extra;
    }

    /** The {@code stats_json} document: the standard keys first, then the extras. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put(RECORDS_PROCESSED, records);
        node.put(API_CALLS, apiCalls);
        node.put(THROTTLED, throttled);
        node.put(DEAD_LETTERS, deadLetters);
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Long) {
                node.put(e.getKey(), (Long) v);
            } else if (v instanceof Double) {
                node.put(e.getKey(), (Double) v);
            } else if (v instanceof Boolean) {
                node.put(e.getKey(), (Boolean) v);
            } else {
                node.put(e.getKey(), (String) v);
            }
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize stats " + this, e);
        }
    }

    /**
     * Rebuilds stats from a row: the standard counters from their columns, the extras from {@code
     * stats_json} (standard keys there are ignored; nested values become their JSON text).
     */
    static Stats fromRow(
            long records,
            long apiCalls,
            long throttled,
            long deadLetters,
            @Nullable String statsJson) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (statsJson != null) {
            JsonNode node;
            try {
                node = JSON.readTree(statsJson);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stats_json is not JSON: " + statsJson, e);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (STANDARD_KEYS.contains(f.getKey())) {
                    continue;
                }
                JsonNode v = f.getValue();
                Object value;
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    value = v.longValue();
                } else if (v.isNumber()) {
                    value = v.doubleValue();
                } else if (v.isBoolean()) {
                    value = v.booleanValue();
                } else if (v.isTextual()) {
                    value = v.textValue();
                } else {
                    value = v.toString();
                }
                extra.put(f.getKey(), value);
            }
        }
        return new Stats(records, apiCalls, throttled, deadLetters, extra);
    }

    private static long nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(
                    "Stats counter " + name + " must not be negative, got " + value);
        }
        return value;
    }

    private static Object scalar(String key, @Nullable Object value) {
        if (value instanceof Long || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "Stats extra '"
                        + key
                        + "' must be a string, boolean, whole number or finite decimal, got "
                        + (value == null
                                ? "null"
                                : value + " (" + value.getClass().getName() + ")"));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Stats)) {
            return false;
        }
        Stats that = (Stats) o;
        return records == that.records
                && apiCalls == that.apiCalls
                && throttled == that.throttled
                && deadLetters == that.deadLetters
                && extra.equals(that.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(records, apiCalls, throttled, deadLetters, extra);
    }

    @Override
    public String toString() {
        return "Stats{records="
                + records
                + ", apiCalls="
                + apiCalls
                + ", throttled="
                + throttled
                + ", deadLetters="
                + deadLetters
                + ", extra="
                + extra
                + '}';
    }
}
