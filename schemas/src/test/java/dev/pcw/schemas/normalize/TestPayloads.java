package dev.pcw.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverRowValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Payload fixtures, bronze records around them, and checks shared by the normalizer tests. */
final class TestPayloads {
    static final Instant FETCHED_AT = Instant.parse("2026-11-22T03:00:00.250Z");
    static final Instant UPDATED_AT = Instant.parse("2026-11-22T03:00:05.123Z");
    static final String RUN_ID = "run-20261122-0300";
    static final String REQUEST_ID = "4f1c0a2e-9d3b-4c47-8a51-0e7b2f6d9c11";

    /** Set to rewrite the golden files from the current output (then review the diff). */
    private static final boolean UPDATE_GOLDEN = Boolean.getBoolean("pcw.golden.update");

    static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private TestPayloads() {}

    /** A payload fixture under {@code payloads/}, as text. */
    static String payload(String name) {
        return resource("payloads/" + name);
    }

    static String resource(String name) {
        try (InputStream in = TestPayloads.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-empty lines of a resource. */
    static List<String> lines(String name) {
        List<String> out = new ArrayList<>();
        for (String l : resource(name).split("\n", -1)) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    static ObjectNode tree(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String compact(JsonNode node) {
        return node.toString();
    }

    /** A bronze record of {@code operation} in catalog AWS around {@code payload}. */
    static BronzeRecord bronze(String operation, String payload) {
        return bronze(operation, "AWS", payload);
    }

    static BronzeRecord bronze(String operation, String catalog, String payload) {
        return new BronzeRecord(
                RUN_ID,
                entityOf(operation),
                catalog,
                operation,
                REQUEST_ID,
                FETCHED_AT,
                payload,
                isJson(payload));
    }

    static String entityOf(String operation) {
        switch (operation) {
            case "GetOpportunity":
                return "opportunities";
            case "ListSolutions":
                return "solutions";
            case "GetEngagementInvitation":
                return "engagement_invitations";
            case "GetEngagement":
                return "engagements";
            default:
                return "opportunities";
        }
    }

    private static boolean isJson(String text) {
        try {
            // As bronze decides it: the whole text is one JSON value.
            return !text.trim().isEmpty() && Json.DOCUMENT.readTree(text) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Normalizes {@code payload} of {@code operation} through the facade. */
    static NormalizationResult normalize(String operation, String payload) {
        NormalizationResult r = Normalizers.normalize(bronze(operation, payload), UPDATED_AT);
        assertRowsValid(r);
        return r;
    }

    /** Every output row (rows or the dead letter) conforms to its table's schema. */
    static void assertRowsValid(NormalizationResult r) {
        for (SilverRow row : r.outputRows()) {
            assertThat(SilverRowValidator.violations(row)).as("violations of %s", row).isEmpty();
        }
    }

    /** A row as JSON for golden files: timestamps and dates as ISO text, decimals exact. */
    static ObjectNode render(SilverRow row) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("table", row.table());
        n.set("values", renderMap(row.values()));
        return n;
    }

    private static ObjectNode renderMap(Map<String, Object> values) {
        ObjectNode n = MAPPER.createObjectNode();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            n.set(e.getKey(), renderValue(e.getValue()));
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode renderValue(Object v) {
        JsonNodeFactory f = MAPPER.getNodeFactory();
        if (v == null) {
            return f.nullNode();
        } else if (v instanceof String) {
            return f.textNode((String) v);
        } else if (v instanceof Integer) {
            return f.numberNode((Integer) v);
        } else if (v instanceof BigDecimal) {
            return f.numberNode((BigDecimal) v);
        } else if (v instanceof Instant || v instanceof LocalDate) {
            return f.textNode(v.toString());
        } else if (v instanceof List) {
            ArrayNode a = f.arrayNode();
            for (Object o : (List<Object>) v) {
                a.add(renderValue(o));
            }
            return a;
        } else if (v instanceof Map) {
            return renderMap((Map<String, Object>) v);
        }
        throw new IllegalArgumentException("unexpected value type " + v.getClass());
    }

    /**
     * Compares the rendered rows with the golden file {@code golden/<name>}; with {@code
     * -Dpcw.golden.update=true} rewrites it instead.
     */
    static void assertGolden(String name, List<SilverRow> rows) {
        ArrayNode actual = MAPPER.createArrayNode();
        for (SilverRow row : rows) {
            actual.add(render(row));
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(actual) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (UPDATE_GOLDEN) {
            Path file = Paths.get("src/test/resources/dev/pcw/schemas/normalize/golden/" + name);
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertThat(text).as("golden/%s", name).isEqualTo(resource("golden/" + name));
    }
}
