package dev.pcw.schemas.tiers;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a record is: its file, its index among the file's records (0-based, as the seed counts:
 * {@code Record 0}) and the line it starts on (1-based; 0 when the format has no lines to speak
 * of).
 */
public final class TierPosition implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int index;
    private final int line;

    public TierPosition(String file, int index, int line) {
        this.file = Objects.requireNonNull(file, "file");
        this.index = index;
        this.line = line;
    }

    /** The file's name as the user knows it (its path or key below the input folder). */
    public String file() {
        return file;
    }

    public int index() {
        return index;
    }

    public int line() {
        return line;
    }

    /** {@code Record 3}. */
    public String record() {
        return "Record " + index;
    }

    /** {@code partners_a.csv line 5}, or {@code partners_a.json} when there is no line. */
    public String where() {
        return line > 0 ? file + " line " + line : file;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TierPosition)) {
            return false;
        }
        TierPosition p = (TierPosition) o;
        return file.equals(p.file) && index == p.index && line == p.line;
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, index, line);
    }

    @Override
    public String toString() {
        return record() + " (" + where() + ")";
    }
}
