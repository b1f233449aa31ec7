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
    private final String[] values;
    private final boolean[] present;
    private final List<String> problems;

    /** A record; {@code values} maps field names of {@link #FIELDS} to text (null = absent). */
    public RawTierRecord(TierPosition position, Map<String, String> values, List<String> problems) {
        this.position = position;
        this.values = new String[FIELDS.size()];
        this.present = new boolean[FIELDS.size()];
        for (Map.Entry<String, String> e : values.entrySet()) {
            int i = index(e.getKey());
            if (i >= 0) {
                this.values[i] = e.getValue();
                this.present[i] = true;
            }
        }
        this.problems = List.copyOf(problems);
    }

    /**
     * A record from the values of {@link #FIELDS} in their order (a reader's fast path: the array
     * is kept, not copied); {@code present[i]} says whether the file has field {@code i} at all.
     */
    public RawTierRecord(
            TierPosition position, String[] values, boolean[] present, List<String> problems) {
        if (values.length != FIELDS.size() || present.length != FIELDS.size()) {
            throw new IllegalArgumentException("one value per field of " + FIELDS);
        }
        this.position = position;
        this.values = values;
        this.present = present;
        this.problems = problems.isEmpty() ? List.of() : List.copyOf(problems);
    }

    /** The index of {@code field} in {@link #FIELDS}, or -1. */
    public static int index(String field) {
        switch (field) {
            case "name":
                return 0;
            case "tier":
                return 1;
            case "program":
                return 2;
            case "oem":
                return 3;
            case "poc":
                return 4;
            case "notes":
                return 5;
            case "created_at":
                return 6;
            case "updated_at":
                return 7;
            default:
                return -1;
        }
    }

    public TierPosition position() {
        return position;
    }

    /** The text of {@code field}, or null. */
    public String value(String field) {
        int i = index(field);
        return i < 0 ? null : values[i];
    }

    String value(int index) {
        return values[index];
    }

    /** Field → text of the fields the record has, in {@link #FIELDS} order. */
    public Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (present[i]) {
                m.put(FIELDS.get(i), values[i]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** What the reader found wrong, e.g. {@code "has 7 values for 6 columns"}. */
    public List<String> problems() {
        return problems;
    }
}
