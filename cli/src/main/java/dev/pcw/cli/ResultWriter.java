package dev.pcw.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a query's rows as a table, CSV or JSON, whole: no value is cut. Values are plain Java
 * objects (strings, numbers, {@link java.time.Instant}s printed in UTC, lists, arrays, maps).
 */
final class ResultWriter {
    /** The output formats of {@code pcw query --format}. */
    enum Format {
        TABLE,
        CSV,
        JSON,
        JSONL
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultWriter() {}

    /**
     * Writes {@code rows} (each as long as {@code columns}) in {@code format}.
     *
     * @return the number of rows written
     */
    static long write(Format format, List<String> columns, Iterator<List<Object>> rows, Writer out)
            throws IOException {
        switch (format) {
            case CSV:
                return csv(columns, rows, out);
            case JSON:
            case JSONL:
                return json(columns, rows, out, format == Format.JSONL);
            default:
                return table(columns, rows, out);
        }
    }

    /** A value as text: null as {@code NULL} in tables, empty in CSV. */
    static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                items.add(Array.get(v, i));
            }
            v = items;
        }
        if (v instanceof List) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : (List<?>) v) {
                sb.append(sb.length() == 1 ? "" : ", ").append(String.valueOf(text(o)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        return v.toString();
    }

    private static long table(List<String> columns, Iterator<List<Object>> rows, Writer w)
            throws IOException {
        List<String[]> cells = new ArrayList<>();
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
        }
        while (rows.hasNext()) {
            List<Object> row = rows.next();
            String[] line = new String[columns.size()];
            for (int i = 0; i < line.length; i++) {
                String t = text(row.get(i));
                line[i] = t == null ? "NULL" : t.replace("\n", "\\n");
                width[i] = Math.max(width[i], line[i].length());
            }
            cells.add(line);
        }
        PrintWriter out = new PrintWriter(w);
        StringBuilder rule = new StringBuilder("+");
        for (int wd : width) {
            rule.append("-".repeat(wd + 2)).append('+');
        }
        out.println(rule);
        out.println(line(columns.toArray(new String[0]), width));
        out.println(rule);
        for (String[] line : cells) {
            out.println(line(line, width));
        }
        if (!cells.isEmpty()) {
            out.println(rule);
        }
        out.println(cells.size() + (cells.size() == 1 ? " row" : " rows"));
        out.flush();
        return cells.size();
    }

    private static String line(String[] values, int[] width) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < values.length; i++) {
            sb.append(' ').append(values[i]).append(" ".repeat(width[i] - values[i].length()));
            sb.append(" |");
        }
        return sb.toString();
    }

    private static long csv(List<String> columns, Iterator<List<Object>> rows, Writer w)
            throws IOException {
        w.write(csvLine(new ArrayList<>(columns)));
        long n = 0;
        while (rows.hasNext()) {
            w.write(csvLine(rows.next()));
            n++;
        }
        w.flush();
        return n;
    }

    /** One RFC 4180 record: quoted where needed, CRLF-terminated. */
    static String csvLine(List<?> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String t = text(values.get(i));
            if (t == null) {
                continue;
            }
            if (t.isEmpty()
                    || t.indexOf(',') >= 0
                    || t.indexOf('"') >= 0
                    || t.indexOf('\n') >= 0
                    || t.indexOf('\r') >= 0) {
                sb.append('"').append(t.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(t);
            }
        }
        return sb.append("\r\n").toString();
    }

    private static long json(
            List<String> columns, Iterator<List<Object>> rows, Writer w, boolean lines)
            throws IOException {
        JsonGenerator g = JSON.getFactory().createGenerator(w);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        long n = 0;
        if (!lines) {
            g.writeStartArray();
        }
        while (rows.hasNext()) {
            List<Object> row = rows.next();
            if (!lines && n > 0) {
                g.writeRaw('\n');
            }
            g.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                g.writeFieldName(columns.get(i));
                value(g, row.get(i));
            }
            g.writeEndObject();
            if (lines) {
                g.flush();
                w.write('\n');
            }
            n++;
        }
        if (!lines) {
            g.writeEndArray();
            g.flush();
            w.write('\n');
        }
        g.flush();
        w.flush();
        return n;
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof BigDecimal) {
            g.writeNumber((BigDecimal) v);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeString(Double.toString(d).toLowerCase(Locale.ROOT));
            }
        } else if (v.getClass().isArray() && !(v instanceof byte[])) {
            g.writeStartArray();
            for (int i = 0; i < Array.getLength(v); i++) {
                value(g, Array.get(v, i));
            }
            g.writeEndArray();
        } else if (v instanceof List) {
            g.writeStartArray();
            for (Object o : (List<?>) v) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(text(v));
        }
    }
}
