package dev.pcw.schemas.normalize;

import dev.pcw.schemas.silver.SilverRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What normalizing one payload produced: silver rows (an opportunity gives a current row and a
 * history row) or a {@link DeadLetter}, never both, plus what passed through unchecked: enum values
 * and members the model does not know, and tolerated oddities.
 *
 * <p>Unknown enum values reach silver as sent and are listed in the rows' {@code unknown_values}
 * column; unknown members are left out of silver (bronze keeps them) and only counted here.
 */
public final class NormalizationResult {
    private final List<SilverRow> rows;
    private final DeadLetter deadLetter;
    private final List<String> unknownEnumValues;
    private final List<String> unknownMembers;
    private final List<String> notes;

    private NormalizationResult(
            List<SilverRow> rows,
            DeadLetter deadLetter,
            List<String> unknownEnumValues,
            List<String> unknownMembers,
            List<String> notes) {
        this.rows = rows;
        this.deadLetter = deadLetter;
        this.unknownEnumValues = copy(unknownEnumValues);
        this.unknownMembers = copy(unknownMembers);
        this.notes = copy(notes);
    }

    /** A successful normalization into {@code rows}. */
    public static NormalizationResult ofRows(
            List<SilverRow> rows,
            List<String> unknownEnumValues,
            List<String> unknownMembers,
            List<String> notes) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a successful normalization has at least one row");
        }
        return new NormalizationResult(
                Collections.unmodifiableList(new ArrayList<>(rows)),
                null,
                unknownEnumValues,
                unknownMembers,
                notes);
    }

    /** A dead letter; what was found before giving up is kept for the counters. */
    public static NormalizationResult ofDeadLetter(
            DeadLetter deadLetter,
            List<String> unknownEnumValues,
            List<String> unknownMembers,
            List<String> notes) {
        return new NormalizationResult(
                Collections.emptyList(),
                Objects.requireNonNull(deadLetter, "deadLetter"),
                unknownEnumValues,
                unknownMembers,
                notes);
    }

    static NormalizationResult ofDeadLetter(DeadLetter deadLetter) {
        return ofDeadLetter(
                deadLetter,
                Collections.emptyList(),
                Collections.emptyList(),
                Collections.emptyList());
    }

    private static List<String> copy(List<String> list) {
        return list == null || list.isEmpty()
                ? Collections.emptyList()
                : Collections.unmodifiableList(new ArrayList<>(list));
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }

    /** The silver rows; empty for a dead letter. */
    public List<SilverRow> rows() {
        return rows;
    }

    /** The dead letter, or null when the payload was normalized. */
    public DeadLetter deadLetter() {
        return deadLetter;
    }

    /** What to write: the silver rows, or the one {@code dead_letters} row. */
    public List<SilverRow> outputRows() {
        return deadLetter == null ? rows : Collections.singletonList(deadLetter.toRow());
    }

    /** Enum values the model does not know, as {@code Member.Path=value}. */
    public List<String> unknownEnumValues() {
        return unknownEnumValues;
    }

    /** Members the model does not define, as paths ({@code LifeCycle.ForecastCategory}). */
    public List<String> unknownMembers() {
        return unknownMembers;
    }

    /** Tolerated oddities, for example an amount sent as a JSON number. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        return isDeadLetter()
                ? "NormalizationResult{" + deadLetter + "}"
                : "NormalizationResult{"
                        + rows
                        + ", unknown values "
                        + unknownEnumValues.size()
                        + ", unknown members "
                        + unknownMembers.size()
                        + "}";
    }
}
