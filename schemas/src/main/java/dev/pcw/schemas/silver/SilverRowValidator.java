package dev.pcw.schemas.silver;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Checks a {@link SilverRow} against an Iceberg schema: every column present and no other, required
 * columns non-null, and each value of the Java type {@link SilverRow} documents for its Iceberg
 * type (recursively through lists and structs).
 */
public final class SilverRowValidator {
    private SilverRowValidator() {}

    /**
     * The violations of {@code row} against its table in {@link SilverTables}; empty when it
     * conforms.
     */
    public static List<String> violations(SilverRow row) {
        SilverTable table;
        try {
            table = SilverTables.byName(row.table());
        } catch (IllegalArgumentException e) {
            List<String> out = new ArrayList<>();
            out.add(e.getMessage());
            return out;
        }
        return violations(row, table.schema());
    }

    /** The violations of {@code row} against {@code schema}; empty when it conforms. */
    public static List<String> violations(SilverRow row, Schema schema) {
        List<String> out = new ArrayList<>();
        checkStruct(row.values(), schema.asStruct(), row.table(), out);
        return out;
    }

    private static void checkStruct(
            Map<?, ?> values, Types.StructType struct, String path, List<String> out) {
        for (Types.NestedField f : struct.fields()) {
            String p = path + "." + f.name();
            if (!values.containsKey(f.name())) {
                out.add(p + " is missing");
                continue;
            }
            check(values.get(f.name()), f.type(), f.isRequired(), p, out);
        }
        for (Object key : values.keySet()) {
            if (!(key instanceof String) || struct.field((String) key) == null) {
                out.add(path + "." + key + " is not in the schema");
            }
        }
    }

    private static void check(
            Object value, Type type, boolean required, String path, List<String> out) {
        if (value == null) {
            if (required) {
                out.add(path + " is required but null");
            }
            return;
        }
        switch (type.typeId()) {
            case STRING:
                expect(value, String.class, type, path, out);
                break;
            case INTEGER:
                expect(value, Integer.class, type, path, out);
                break;
            case LONG:
                expect(value, Long.class, type, path, out);
                break;
            case DOUBLE:
                expect(value, Double.class, type, path, out);
                break;
            case BOOLEAN:
                expect(value, Boolean.class, type, path, out);
                break;
            case DATE:
                expect(value, LocalDate.class, type, path, out);
                break;
            case DECIMAL:
                if (expect(value, BigDecimal.class, type, path, out)) {
                    Types.DecimalType d = (Types.DecimalType) type;
                    BigDecimal v = (BigDecimal) value;
                    if (v.scale() != d.scale()) {
                        out.add(path + " has scale " + v.scale() + ", expected " + d.scale());
                    } else if (v.precision() > d.precision()) {
                        out.add(path + " " + v + " does not fit " + type);
                    }
                }
                break;
            case TIMESTAMP:
                if (!((Types.TimestampType) type).shouldAdjustToUTC()) {
                    out.add(path + " is a timestamp without zone: silver uses timestamptz");
                } else if (expect(value, Instant.class, type, path, out)
                        && ((Instant) value).getNano() % 1_000_000 != 0) {
                    out.add(path + " " + value + " is finer than millisecond precision");
                }
                break;
            case LIST:
                if (expect(value, List.class, type, path, out)) {
                    Types.ListType l = (Types.ListType) type;
                    List<?> list = (List<?>) value;
                    for (int i = 0; i < list.size(); i++) {
                        check(
                                list.get(i),
                                l.elementType(),
                                l.isElementRequired(),
                                path + "[" + i + "]",
                                out);
                    }
                }
                break;
            case STRUCT:
                if (expect(value, Map.class, type, path, out)) {
                    checkStruct((Map<?, ?>) value, (Types.StructType) type, path, out);
                }
                break;
            default:
                out.add(path + " has type " + type + ", which silver rows do not use");
        }
    }

    private static boolean expect(
            Object value, Class<?> javaType, Type type, String path, List<String> out) {
        if (javaType.isInstance(value)) {
            return true;
        }
        out.add(
                path
                        + " is a "
                        + value.getClass().getName()
                        + ", expected "
                        + javaType.getName()
                        + " for "
                        + type);
        return false;
    }
}
