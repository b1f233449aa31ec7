package dev.pcw.jobs.ingest;

import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTable;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * Turns a {@link SilverRow} (plain Java values) into Flink's {@link RowData} for one silver table,
 * following the table's Iceberg schema: the one place where the Java types of the normalizers meet
 * Flink's internal ones.
 */
public final class SilverRowConverter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final RowType rowType;

    public SilverRowConverter(SilverTable table) {
        this.table = table.name();
        this.rowType = FlinkSchemaUtil.convert(table.schema());
    }

    public RowType rowType() {
        return rowType;
    }

    public String table() {
        return table;
    }

    public RowData convert(SilverRow row) {
        if (!table.equals(row.table())) {
            throw new IllegalArgumentException(
                    "row of table " + row.table() + " given to the converter of " + table);
        }
        return toRow(row.values(), rowType);
    }

    private static GenericRowData toRow(Map<String, ?> values, RowType type) {
        List<RowType.RowField> fields = type.getFields();
        GenericRowData out = new GenericRowData(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            RowType.RowField f = fields.get(i);
            out.setField(i, convert(values.get(f.getName()), f.getType(), f.getName()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object convert(Object v, LogicalType type, String name) {
        if (v == null) {
            return null;
        }
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return StringData.fromString(v.toString());
            case BOOLEAN:
                return (Boolean) v;
            case INTEGER:
                return ((Number) v).intValue();
            case BIGINT:
                return ((Number) v).longValue();
            case DOUBLE:
                return ((Number) v).doubleValue();
            case FLOAT:
                return ((Number) v).floatValue();
            case DECIMAL:
                DecimalType d = (DecimalType) type;
                BigDecimal bd =
                        v instanceof BigDecimal ? (BigDecimal) v : new BigDecimal(v.toString());
                DecimalData data = DecimalData.fromBigDecimal(bd, d.getPrecision(), d.getScale());
                if (data == null) {
                    throw new IllegalArgumentException(
                            name
                                    + " value "
                                    + bd
                                    + " does not fit decimal("
                                    + d.getPrecision()
                                    + ","
                                    + d.getScale()
                                    + ")");
                }
                return data;
            case DATE:
                return (int) ((LocalDate) v).toEpochDay();
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return TimestampData.fromInstant((Instant) v);
            case ARRAY:
                LogicalType element = ((ArrayType) type).getElementType();
                List<?> list = (List<?>) v;
                Object[] items = new Object[list.size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = convert(list.get(i), element, name);
                }
                return new GenericArrayData(items);
            case ROW:
                return toRow((Map<String, ?>) v, (RowType) type);
            case MAP:
                MapType m = (MapType) type;
                Map<Object, Object> converted = new HashMap<>();
                ((Map<?, ?>) v)
                        .forEach(
                                (k, val) ->
                                        converted.put(
                                                convert(k, m.getKeyType(), name),
                                                convert(val, m.getValueType(), name)));
                return new GenericMapData(converted);
            default:
                throw new IllegalArgumentException(
                        "column " + name + " has type " + type + ", which pcw does not write");
        }
    }
}
