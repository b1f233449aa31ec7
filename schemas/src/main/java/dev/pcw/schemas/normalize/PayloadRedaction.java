package dev.pcw.schemas.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A dead letter's payload with its personal data taken out ({@code dead_letters.payload: redacted},
 * the default): the JSON keeps its structure, every number, boolean and null, and the strings the
 * model says cannot hold personal data (enum values it lists, dates and times, amounts, ids and
 * ARNs, the catalog, ISO country and currency codes); every other string (names, e-mail addresses,
 * phone numbers, addresses, free text, a member the model does not know) becomes {@code "<redacted
 * N chars>"}. A payload that is not JSON becomes one line saying so. The same payload always gives
 * the same text, so a dead letter can be matched with its bronze line (which keeps the payload
 * whole) by redacting that line again.
 */
public final class PayloadRedaction {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What every redacted value starts with. */
    public static final String MARK = "<redacted";

    /** Members kept without a model (Partner Central's events, misplaced pages). */
    private static final Set<String> PLAIN_KEYS =
            Set.of(
                    "catalog",
                    "schemaversion",
                    "source",
                    "detail-type",
                    "time",
                    "region",
                    "account",
                    "version",
                    "nexttoken");

    private PayloadRedaction() {}

    /**
     * {@code raw} redacted, read with the model of {@code operation} (null or unknown: without a
     * model, keeping only ids, ARNs, times and a few envelope members).
     */
    public static String redact(String raw, String operation) {
        if (raw == null) {
            return null;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            return MARK
                    + " "
                    + raw.getBytes(StandardCharsets.UTF_8).length
                    + " bytes, not JSON; the bronze line keeps them>";
        }
        Shape shape =
                operation == null
                        ? null
                        : NormalizerRegistry.forOperation(operation)
                                .filter(n -> n instanceof ShapedNormalizer)
                                .map(n -> ((ShapedNormalizer) n).shape())
                                .orElse(null);
        try {
            return MAPPER.writeValueAsString(walk(root, shape, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a redacted payload", e);
        }
    }

    /** Whether {@code raw} was redacted (then its bronze line holds the payload whole). */
    public static boolean isRedacted(String raw) {
        return raw != null && raw.contains(MARK);
    }

    private static JsonNode walk(JsonNode node, Shape shape, String key) {
        if (node.isObject()) {
            ObjectNode out = MAPPER.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Shape.Member m =
                        shape != null && shape.members != null
                                ? shape.members.get(e.getKey())
                                : null;
                out.set(e.getKey(), walk(e.getValue(), m == null ? null : m.shape, e.getKey()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            for (JsonNode element : node) {
                out.add(walk(element, shape != null ? shape.element : null, key));
            }
            return out;
        }
        if (!node.isTextual()) {
            return node; // numbers, booleans, null
        }
        String v = node.asText();
        return keeps(v, shape, key) ? node : TextNode.valueOf(MARK + " " + v.length() + " chars>");
    }

    private static boolean keeps(String v, Shape shape, String key) {
        if (shape != null) {
            switch (shape.kind) {
                case ENUM:
                    return shape.values.contains(v);
                case DATE_TIME:
                    return IsoTime.instant(v) != null;
                case DATE:
                    return IsoTime.date(v) != null;
                case DECIMAL_STRING:
                case INTEGER:
                    return v.matches("-?[0-9]+(\\.[0-9]+)?");
                default:
                    break;
            }
        }
        if (key != null
                && key.toLowerCase(Locale.ROOT).endsWith("code")
                && v.matches("[A-Z]{2,3}")) {
            return true; // ISO country and currency codes
        }
        return key != null && identifier(key) && v.matches("[A-Za-z0-9:/._+-]{1,256}");
    }

    /** Members whose strings are ids, ARNs, the catalog or envelope values. */
    private static boolean identifier(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("id")
                || k.endsWith("id")
                || k.endsWith("ids")
                || k.endsWith("arn")
                || k.endsWith("arns")
                || k.endsWith("identifier")
                || k.endsWith("identifiers")
                || PLAIN_KEYS.contains(k);
    }
}
