package dev.pcw.schemas.silver;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row for a silver table: the table name and its values by column, in schema order, as plain
 * Java values that any writer (Iceberg generic records, Flink {@code RowData}) converts without
 * knowing Partner Central.
 *
 * <p>Value types by Iceberg type: string → {@link String}; int → {@link Integer}; long → {@link
 * Long}; double → {@link Double}; boolean → {@link Boolean}; decimal(p,s) → {@link
 * java.math.BigDecimal} with scale exactly s; date → {@link java.time.LocalDate}; timestamptz →
 * {@link java.time.Instant} at millisecond precision; list → {@link List}; struct → {@link Map} of
 * field name to value. Every column of the table is present; null means SQL NULL. {@link
 * SilverRowValidator} checks a row against its table's schema.
 *
 * <p>Immutable: the value map and the lists and structs inside it are unmodifiable. Java
 * serialization writes the table name and a plain copy of the values (Flink: convert rows to the
 * writer's type inside the normalizing operator, or ship them with Java serialization; Kryo cannot
 * rebuild unmodifiable maps).
 */
public final class SilverRow implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient String table;
    private final transient Map<String, Object> values;

    private SilverRow(String table, Map<String, Object> values) {
        this.table = table;
        this.values = values;
    }

    /**
     * A row from a map of values (copied; the caller keeps ownership of nested lists and maps and
     * must not change them afterwards).
     */
    public static SilverRow of(String table, Map<String, ?> values) {
        Objects.requireNonNull(table, "table");
        return new SilverRow(table, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /** A builder that fills {@code table}'s columns in schema order; unset columns are null. */
    public static Builder builder(SilverTable table) {
        return new Builder(table);
    }

    /** The same values for another table with identical columns (current → history). */
    public SilverRow forTable(SilverTable other) {
        return new SilverRow(other.name(), values);
    }

    /** This row with {@code columns} set to null (itself when it has none of them, or all null). */
    public SilverRow withNulls(java.util.Set<String> columns) {
        boolean any = false;
        for (String c : columns) {
            if (values.get(c) != null) {
                any = true;
                break;
            }
        }
        if (!any) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>(values);
        for (String c : columns) {
            if (copy.containsKey(c)) {
                copy.put(c, null);
            }
        }
        return new SilverRow(table, Collections.unmodifiableMap(copy));
    }

    /** The unqualified table name, for example {@code partnercentral_opportunities}. */
    public String table() {
        return table;
    }

    /** Column → value, in schema order; unmodifiable. */
    public Map<String, Object> values() {
        return values;
    }

    /** The value of {@code column}, or null. */
    public Object get(String column) {
        return values.get(column);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SilverRow)) {
            return false;
        }
        SilverRow r = (SilverRow) o;
        return table.equals(r.table) && values.equals(r.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, values);
    }

    @Override
    public String toString() {
        // Rows hold customer data: name the table and key only.
        return "SilverRow{" + table + " " + values.get("catalog") + "/" + values.get("id") + "}";
    }

    private Object writeReplace() {
        return new Form(table, new LinkedHashMap<>(values));
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("SilverRow is read through its serialized form");
    }

    /** The serialized form of a row: table name and values, read back as an immutable row. */
    private static final class Form implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String table;
        private final LinkedHashMap<String, Object> values;

        Form(String table, LinkedHashMap<String, Object> values) {
            this.table = table;
            this.values = values;
        }

        private Object readResolve() {
            return SilverRow.of(table, values);
        }
    }

    /** Fills one row of a table column by column; not thread-safe, use once. */
    public static final class Builder {
        private final SilverTable table;
        private final Object[] values;

        private Builder(SilverTable table) {
            this.table = Objects.requireNonNull(table, "table");
            this.values = new Object[table.columnNames().size()];
        }

        /**
         * Sets a top-level column.
         *
         * @throws IllegalArgumentException when the table has no such column
         */
        public Builder set(String column, Object value) {
            int i = table.columnIndex(column);
            if (i < 0) {
                throw new IllegalArgumentException(
                        "Table " + table.name() + " has no column '" + column + "'");
            }
            values[i] = value;
            return this;
        }

        /** The row; the builder must not be used afterwards. */
        public SilverRow build() {
            return new SilverRow(table.name(), new ColumnValues(table, values));
        }
    }
}
