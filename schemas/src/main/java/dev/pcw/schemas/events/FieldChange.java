package dev.pcw.schemas.events;

import java.io.Serializable;
import java.util.Objects;

/** The old and new text value of one watched field, either of which may be null. */
public final class FieldChange implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String oldValue;
    private final String newValue;

    /** A change from {@code oldValue} to {@code newValue} (both may be null). */
    public FieldChange(String oldValue, String newValue) {
        this.oldValue = oldValue;
        this.newValue = newValue;
    }

    /** The value before the change, or null. */
    public String oldValue() {
        return oldValue;
    }

    /** The value after the change, or null. */
    public String newValue() {
        return newValue;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldChange)) {
            return false;
        }
        FieldChange c = (FieldChange) o;
        return Objects.equals(oldValue, c.oldValue) && Objects.equals(newValue, c.newValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(oldValue, newValue);
    }

    @Override
    public String toString() {
        return oldValue + " -> " + newValue;
    }
}
