package dev.pcw.schemas.tiers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record as a file holds it, before normalization: the values of the record's fields as text
 * (null when absent), where it is ({@link TierPosition}), and what the reader already found wrong
 * with it (a row with more values than the header has columns, a JSON value that is not text).
 */
public final class RawTierRecord {
    /** The fields of the seed's record, in its order. */
    public static final List<String> FIELDS =
            List.of("name", "tier", "program", "oem", "poc", "notes", "created_at", "updated_at");

    /** The fields a record must have. */
    public static final List<String> REQUIRED = List.of("name", "tier", "program", "oem");

    private final TierPosition position;
    private final Map<String, String> values;
    private final List<String> problems;

    /** A record; {@code values} maps field names of {@link #FIELDS} to text (null = absent). */
    public RawTierRecord(TierPosition position, Map<String, String> values, List<String> problems) {
        this.position = position;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.problems = List.copyOf(problems);
    }

    public TierPosition position() {
        return position;
    }

    /** The text of {@code field}, or null. */
    public String value(String field) {
        return values.get(field);
    }

    /** Field → text, as read. */
    public Map<String, String> values() {
        return values;
    }

    /** What the reader found wrong, e.g. {@code "has 7 values for 6 columns"}. */
    public List<String> problems() {
        return problems;
    }
}
