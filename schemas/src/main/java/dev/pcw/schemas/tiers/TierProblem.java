package dev.pcw.schemas.tiers;

import java.util.Map;
import java.util.Objects;

/**
 * Why a record (or a whole file) cannot be applied: {@code Record 0: missing name (partners_a.csv
 * line 2)}. {@link #message()} starts as the seed's messages do; {@link #toString} adds where.
 */
public final class TierProblem {
    private final TierPosition position;
    private final String message;
    private final Map<String, String> raw;

    /** A problem of the record at {@code position}; {@code message} says what is wrong. */
    public TierProblem(TierPosition position, String message) {
        this(position, message, null);
    }

    /** A problem of the record {@code raw} (its values as read) at {@code position}. */
    public TierProblem(TierPosition position, String message, Map<String, String> raw) {
        this.position = Objects.requireNonNull(position, "position");
        this.message = Objects.requireNonNull(message, "message");
        this.raw = raw;
    }

    /** The record's values as read; null for a problem of a whole file. */
    public Map<String, String> raw() {
        return raw;
    }

    public TierPosition position() {
        return position;
    }

    /** What is wrong, without the position: {@code missing name}. */
    public String reason() {
        return message;
    }

    /** {@code Record 0: missing name}. */
    public String message() {
        return position.record() + ": " + message;
    }

    /** {@code Record 0: missing name (partners_a.csv line 2)}. */
    @Override
    public String toString() {
        return message() + " (" + position.where() + ")";
    }
}
