package dev.pcw.schemas.normalize;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Jackson setup and null-tolerant readers over already checked payload trees. */
final class Json {
    /**
     * Reads a whole document: content after the first value is an error, and numbers with a
     * fraction keep their exact decimal text ({@code 3000.00} stays {@code 3000.00}).
     */
    static final ObjectMapper DOCUMENT =
            mapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Reads one value in the middle of a stream (the payload inside a bronze line). */
    static final ObjectMapper EMBEDDED = mapper();

    private Json() {}

    private static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        m.setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
        return m;
    }

    /** The text of {@code parent.field}, or null when absent or null. */
    static String text(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The texts of the list {@code parent.field} (unmodifiable), or null when absent or null. */
    static List<String> texts(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || !v.isArray()) {
            return null;
        }
        if (v.size() == 0) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(v.get(i).asText());
        }
        return Collections.unmodifiableList(out);
    }

    /** The instant of the date-time member {@code parent.field}, or null. */
    static Instant instant(JsonNode parent, String field) {
        return IsoTime.instant(text(parent, field));
    }

    /** The date of the {@code yyyy-MM-dd} member {@code parent.field}, or null. */
    static LocalDate date(JsonNode parent, String field) {
        return IsoTime.date(text(parent, field));
    }

    /** The value of an amount member (a string, or a tolerated JSON number), or null. */
    static BigDecimal amount(JsonNode amount) {
        if (amount == null || amount.isNull()) {
            return null;
        }
        return amount.isNumber()
                ? ExpectedRevenue.fit(amount.decimalValue())
                : ExpectedRevenue.parseAmount(amount.asText());
    }

    /** Whether {@code node} is a JSON object (false for missing and null nodes). */
    static boolean isObject(JsonNode node) {
        return node != null && node.isObject();
    }
}
