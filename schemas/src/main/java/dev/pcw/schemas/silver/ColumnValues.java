package dev.pcw.schemas.silver;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable column → value map over a table's column list and a value array: what {@link
 * SilverRow.Builder} produces, without hashing every column name of every row into a new map.
 */
final class ColumnValues extends AbstractMap<String, Object> {
    private final SilverTable table;
    private final Object[] values;

    /** Takes ownership of {@code values}, one per column of {@code table}, in column order. */
    ColumnValues(SilverTable table, Object[] values) {
        this.table = table;
        this.values = values;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String && table.columnIndex((String) key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = key instanceof String ? table.columnIndex((String) key) : -1;
        return i < 0 ? null : values[i];
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<Entry<String, Object>>() {
            @Override
            public int size() {
                return values.length;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                List<String> names = table.columnNames();
                return new Iterator<Entry<String, Object>>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names.get(i), values[i]);
                    }
                };
            }
        };
    }

    /** Unmodifiable: {@link Map#put} and friends throw (inherited from {@link AbstractMap}). */
    @Override
    public Object put(String key, Object value) {
        throw new UnsupportedOperationException("silver rows are immutable");
    }
}
