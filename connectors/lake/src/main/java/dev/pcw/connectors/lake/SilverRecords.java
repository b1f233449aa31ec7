package dev.pcw.connectors.lake;

import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTable;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Reads silver tables back as {@link SilverRow}s with the same Java value types the normalizers
 * produce (timestamps as {@link java.time.Instant}, structs as maps), so that code written against
 * normalizer output (the change detector's state, for one) gives identical results on rows read
 * from the lake. Deletes are applied (an upsert table reads as its current state) in memory that
 * grows with the deleted keys, not with the data files (see {@link LiveRows}).
 */
public final class SilverRecords {
    private SilverRecords() {}

    /**
     * Every row of {@code table}'s current snapshot, given to {@code sink} one at a time; nothing
     * when the table has no snapshot yet.
     *
     * @return the number of rows read
     */
    public static long forEach(Table table, SilverTable silver, Consumer<SilverRow> sink) {
        if (table.currentSnapshot() == null) {
            return 0;
        }
        return LiveRows.forEach(
                table, Expressions.alwaysTrue(), r -> sink.accept(toSilverRow(silver, r)));
    }

    /** One Iceberg generic record of {@code table} as a silver row. */
    public static SilverRow toSilverRow(SilverTable table, Record record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Types.NestedField f : table.schema().columns()) {
            Object v = record.getField(f.name());
            values.put(f.name(), convert(v, f.type()));
        }
        return SilverRow.of(table.name(), values);
    }

    private static Object convert(Object v, Type type) {
        if (v == null) {
            return null;
        }
        switch (type.typeId()) {
            case TIMESTAMP:
                if (v instanceof OffsetDateTime) {
                    return ((OffsetDateTime) v).toInstant();
                }
                if (v instanceof LocalDateTime) {
                    return ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
                }
                return v;
            case STRUCT:
                Record r = (Record) v;
                Map<String, Object> struct = new LinkedHashMap<>();
                for (Types.NestedField f : type.asStructType().fields()) {
                    struct.put(f.name(), convert(r.getField(f.name()), f.type()));
                }
                return Collections.unmodifiableMap(struct);
            case LIST:
                Type element = type.asListType().elementType();
                List<Object> list = new ArrayList<>();
                for (Object o : (List<?>) v) {
                    list.add(convert(o, element));
                }
                return Collections.unmodifiableList(list);
            case MAP:
                Types.MapType m = type.asMapType();
                Map<Object, Object> map = new LinkedHashMap<>();
                ((Map<?, ?>) v)
                        .forEach(
                                (k, val) ->
                                        map.put(
                                                convert(k, m.keyType()),
                                                convert(val, m.valueType())));
                return Collections.unmodifiableMap(map);
            default:
                // string, int, long, double, boolean, decimal (BigDecimal), date (LocalDate)
                return v;
        }
    }
}
