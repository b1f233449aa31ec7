package dev.pcw.connectors.partnertiers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.schemas.tiers.RawTierRecord;
import dev.pcw.schemas.tiers.TierPosition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads partner tier files one record at a time, so a file of any size streams through.
 *
 * <ul>
 *   <li>{@code .csv}: RFC 4180 (quotes, commas and line breaks inside quotes, {@code ""} for a
 *       quote), UTF-8 with or without a byte-order mark, LF or CRLF; a header row names the
 *       columns, in any order and any case ({@code name,tier,program,oem,poc,notes} and optionally
 *       {@code created_at,updated_at}); blank lines are skipped.
 *   <li>{@code .json}: {@code {"partners": [ {…}, … ]}}.
 * </ul>
 *
 * Columns or fields pcw does not know are ignored and reported as warnings. A file that cannot be
 * read at all (not UTF-8, broken quoting, a header without a required column, JSON without a {@code
 * partners} array) throws {@link TierLoadException}; a record with a problem is passed on with it
 * ({@link RawTierRecord#problems()}) so validation reports every bad record at once.
 */
public final class TierFileReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private TierFileReader() {}

    /** Whether {@code fileName} names a file this reader reads ({@code .csv}, {@code .json}). */
    public static boolean readable(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".json");
    }

    /**
     * Reads {@code in} (closed by the caller) as the file {@code fileName}, passing each record to
     * {@code sink} in file order.
     *
     * @return warnings: unknown columns or fields, ignored
     * @throws TierLoadException when the file cannot be read
     */
    public static List<String> read(String fileName, InputStream in, Consumer<RawTierRecord> sink) {
        String n = fileName.toLowerCase(Locale.ROOT);
        try {
            if (n.endsWith(".csv")) {
                return readCsv(fileName, in, sink);
            }
            if (n.endsWith(".json")) {
                return readJson(fileName, in, sink);
            }
        } catch (CharacterCodingException e) {
            throw new TierLoadException(fileName, "not UTF-8 text (save it as UTF-8)", e);
        } catch (JsonProcessingException e) {
            throw new TierLoadException(
                    fileName, "invalid JSON: " + e.getOriginalMessage() + location(e), e);
        } catch (IOException e) {
            throw new TierLoadException(fileName, String.valueOf(e.getMessage()), e);
        } catch (UncheckedIOException | IllegalStateException e) {
            // commons-csv reports broken quoting as an unchecked exception.
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new TierLoadException(fileName, String.valueOf(c.getMessage()), e);
        }
        throw new TierLoadException(fileName, "not a .csv or .json file", null);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static Reader utf8(InputStream in) {
        return new BufferedReader(
                new InputStreamReader(
                        in,
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)),
                1 << 16);
    }

    private static List<String> readCsv(String file, InputStream in, Consumer<RawTierRecord> sink)
            throws IOException {
        Reader reader = utf8(in);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        CSVFormat format =
                CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setIgnoreEmptyLines(true)
                        .setAllowMissingColumnNames(true)
                        .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                        .build();
        List<String> warnings = new ArrayList<>();
        try (CSVParser parser = format.parse(reader)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new TierLoadException(
                        file, "it is empty; the first line must name the columns", null);
            }
            String[] fieldAt = new String[header.size()];
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i) == null ? "" : header.get(i).strip();
                String f = h.toLowerCase(Locale.ROOT);
                if (RawTierRecord.FIELDS.contains(f)) {
                    Integer before = seen.put(f, i);
                    if (before != null) {
                        throw new TierLoadException(
                                file,
                                "the header names the column '"
                                        + f
                                        + "' twice (columns "
                                        + (before + 1)
                                        + " and "
                                        + (i + 1)
                                        + ")",
                                null);
                    }
                    fieldAt[i] = f;
                } else {
                    warnings.add(
                            file
                                    + ": "
                                    + (h.isEmpty()
                                            ? "column " + (i + 1) + " has no name"
                                            : "unknown column '" + h + "'")
                                    + " ignored");
                }
            }
            List<String> missing = new ArrayList<>();
            for (String r : RawTierRecord.REQUIRED) {
                if (!seen.containsKey(r)) {
                    missing.add(r);
                }
            }
            if (!missing.isEmpty()) {
                throw new TierLoadException(
                        file,
                        "the header has no column "
                                + String.join(", ", missing)
                                + " (it has: "
                                + String.join(", ", header)
                                + "); the header must be name,tier,program,oem,poc,notes",
                        null);
            }
            long linesBefore = parser.getCurrentLineNumber();
            int index = 0;
            int[] slot = new int[fieldAt.length];
            for (int i = 0; i < fieldAt.length; i++) {
                slot[i] = fieldAt[i] == null ? -1 : RawTierRecord.index(fieldAt[i]);
            }
            Iterator<CSVRecord> it = parser.iterator();
            while (it.hasNext()) {
                CSVRecord record = it.next();
                String[] values = new String[RawTierRecord.FIELDS.size()];
                boolean[] present = new boolean[values.length];
                List<String> problems = List.of();
                for (int i = 0; i < slot.length; i++) {
                    if (slot[i] >= 0) {
                        present[slot[i]] = true;
                        if (i < record.size()) {
                            values[slot[i]] = record.get(i);
                        }
                    }
                }
                if (record.size() > fieldAt.length) {
                    problems =
                            List.of(
                                    "has "
                                            + record.size()
                                            + " values for "
                                            + fieldAt.length
                                            + " columns (a comma inside a value needs quotes)");
                }
                sink.accept(
                        new RawTierRecord(
                                new TierPosition(file, index++, (int) linesBefore + 1),
                                values,
                                present,
                                problems));
                linesBefore = parser.getCurrentLineNumber();
            }
        }
        return warnings;
    }

    private static List<String> readJson(String file, InputStream in, Consumer<RawTierRecord> sink)
            throws IOException {
        List<String> warnings = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        boolean found = false;
        try (JsonParser p = JSON.createParser(utf8(in))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TierLoadException(
                        file, "expected an object {\"partners\": [ … ]} at the top", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken value = p.nextToken();
                if (!"partners".equals(field)) {
                    warnings.add(file + ": unknown top-level field '" + field + "' ignored");
                    p.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new TierLoadException(file, "\"partners\" must be an array", null);
                }
                found = true;
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = p.getTokenLocation().getLineNr();
                    JsonNode node = MAPPER.readTree(p);
                    sink.accept(record(file, index++, line, node, unknown));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new TierLoadException(file, "unexpected content after the top object", null);
            }
        }
        if (!found) {
            throw new TierLoadException(
                    file, "no \"partners\" array: expected {\"partners\": [ … ]}", null);
        }
        for (String u : unknown) {
            warnings.add(file + ": unknown field '" + u + "' ignored");
        }
        return warnings;
    }

    private static RawTierRecord record(
            String file, int index, int line, JsonNode node, Set<String> unknown) {
        TierPosition position = new TierPosition(file, index, line);
        if (!node.isObject()) {
            return new RawTierRecord(
                    position, Map.of(), List.of("is not an object but " + kind(node)));
        }
        Map<String, String> values = new HashMap<>(8);
        List<String> problems = new ArrayList<>(0);
        node.fields()
                .forEachRemaining(
                        e -> {
                            String f = e.getKey().strip().toLowerCase(Locale.ROOT);
                            JsonNode v = e.getValue();
                            if (!RawTierRecord.FIELDS.contains(f)) {
                                unknown.add(e.getKey());
                            } else if (v.isNull()) {
                                values.put(f, null);
                            } else if (v.isValueNode()) {
                                values.put(f, v.asText());
                            } else {
                                problems.add(f + " must be text, not " + kind(v));
                            }
                        });
        return new RawTierRecord(position, values, problems);
    }

    private static String kind(JsonNode n) {
        return n.isArray() ? "an array" : n.isObject() ? "an object" : n.getNodeType().name();
    }
}
