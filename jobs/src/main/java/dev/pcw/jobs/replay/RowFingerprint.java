package dev.pcw.jobs.replay;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

/**
 * A 64-bit FNV-1a hash of a silver row's values, walked by their logical types: equal for equal
 * content, whatever the {@link RowData} implementation (a row read back from the lake or one the
 * normalizer just made). Decimals hash by value (a scale change alone is no change). Every value is
 * framed (a null marker, lengths), so that shifting text between two columns changes the hash.
 */
public final class RowFingerprint implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private final RowType type;
    private final int skipped;

    public RowFingerprint(RowType type) {
        this(type, -1);
    }

    /**
     * @param skipped the position of a top-level column left out (-1 for none)
     */
    public RowFingerprint(RowType type, int skipped) {
        this.type = type;
        this.skipped = skipped;
    }

    /** The fingerprint of {@code row}. */
    public long of(RowData row) {
        return row(OFFSET, row, type, skipped);
    }

    private static long row(long h, RowData row, RowType type, int skipped) {
        List<RowType.RowField> fields = type.getFields();
        h = mixInt(h, fields.size());
        for (int i = 0; i < fields.size(); i++) {
            if (i == skipped) {
                continue;
            }
            LogicalType t = fields.get(i).getType();
            h =
                    row.isNullAt(i)
                            ? mixByte(h, 0)
                            : value(
                                    mixByte(h, 1),
                                    RowData.createFieldGetter(t, i).getFieldOrNull(row),
                                    t);
        }
        return h;
    }

    private static long value(long h, Object v, LogicalType t) {
        if (v == null) {
            return mixByte(h, 0);
        }
        switch (t.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return text(h, v.toString());
            case BOOLEAN:
                return mixByte(h, ((Boolean) v) ? 1 : 0);
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
                return mixLong(h, ((Number) v).longValue());
            case BIGINT:
                return mixLong(h, (Long) v);
            case FLOAT:
                return mixLong(h, Float.floatToIntBits((Float) v));
            case DOUBLE:
                return mixLong(h, Double.doubleToLongBits((Double) v));
            case DECIMAL:
                java.math.BigDecimal d = ((DecimalData) v).toBigDecimal();
                return text(h, d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                TimestampData ts = (TimestampData) v;
                return mixLong(mixLong(h, ts.getMillisecond()), ts.getNanoOfMillisecond());
            case ARRAY:
                return array(h, (ArrayData) v, ((ArrayType) t).getElementType());
            case MAP:
                MapType m = (MapType) t;
                MapData map = (MapData) v;
                return array(
                        array(h, map.keyArray(), m.getKeyType()),
                        map.valueArray(),
                        m.getValueType());
            case ROW:
                RowType r = (RowType) t;
                return row(h, (RowData) v, r, -1);
            case BINARY:
            case VARBINARY:
                byte[] b = (byte[]) v;
                h = mixInt(h, b.length);
                for (byte x : b) {
                    h = mixByte(h, x);
                }
                return h;
            default:
                return text(h, v.toString());
        }
    }

    private static long array(long h, ArrayData a, LogicalType element) {
        ArrayData.ElementGetter get = ArrayData.createElementGetter(element);
        h = mixInt(h, a.size());
        for (int i = 0; i < a.size(); i++) {
            h =
                    a.isNullAt(i)
                            ? mixByte(h, 0)
                            : value(mixByte(h, 1), get.getElementOrNull(a, i), element);
        }
        return h;
    }

    private static long text(long h, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        h = mixInt(h, b.length);
        for (byte x : b) {
            h = mixByte(h, x);
        }
        return h;
    }

    private static long mixByte(long h, int b) {
        return (h ^ (b & 0xff)) * PRIME;
    }

    private static long mixInt(long h, int v) {
        for (int i = 0; i < 4; i++) {
            h = mixByte(h, v >>> (8 * i));
        }
        return h;
    }

    private static long mixLong(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h = mixByte(h, (int) (v >>> (8 * i)));
        }
        return h;
    }
}
