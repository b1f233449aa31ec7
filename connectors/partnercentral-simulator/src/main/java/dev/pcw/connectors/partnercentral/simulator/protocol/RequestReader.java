package dev.pcw.connectors.partnercentral.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the members of one request body and collects every constraint violation, so that a bad
 * request gets one ValidationException listing all its problems, as Partner Central answers.
 */
public final class RequestReader {
    private final JsonNode body;
    private final List<ApiException.FieldError> errors = new ArrayList<>();

    public RequestReader(JsonNode body) {
        this.body = body;
    }

    private JsonNode at(String path) {
        JsonNode node = body;
        for (String part : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node == null || node.isNull() ? null : node;
    }

    private void error(String field, String code, String message) {
        errors.add(new ApiException.FieldError(field, code, message));
    }

    /** A required string member; null (and an error recorded) when absent or invalid. */
    public String requiredString(String path, Pattern pattern) {
        JsonNode n = at(path);
        if (n == null) {
            error(path, "REQUIRED_FIELD_MISSING", "Value at '" + path + "' must not be null");
            return null;
        }
        return checkString(path, n, pattern);
    }

    public String optionalString(String path, Pattern pattern) {
        JsonNode n = at(path);
        return n == null ? null : checkString(path, n, pattern);
    }

    private String checkString(String path, JsonNode n, Pattern pattern) {
        if (!n.isTextual()) {
            error(path, "INVALID_VALUE", "Value at '" + path + "' must be a string");
            return null;
        }
        String v = n.asText();
        if (pattern != null && !pattern.matcher(v).matches()) {
            error(
                    path,
                    "INVALID_STRING_FORMAT",
                    "Value '"
                            + v
                            + "' at '"
                            + path
                            + "' failed to satisfy constraint: Member must satisfy regular"
                            + " expression pattern: "
                            + pattern.pattern());
            return null;
        }
        return v;
    }

    /** A required member restricted to the enum's values. */
    public String requiredEnum(String path, Set<String> allowed) {
        JsonNode n = at(path);
        if (n == null) {
            error(path, "REQUIRED_FIELD_MISSING", "Value at '" + path + "' must not be null");
            return null;
        }
        return checkEnum(path, n, allowed);
    }

    public String optionalEnum(String path, Set<String> allowed) {
        JsonNode n = at(path);
        return n == null ? null : checkEnum(path, n, allowed);
    }

    private String checkEnum(String path, JsonNode n, Set<String> allowed) {
        String v = n.isTextual() ? n.asText() : null;
        if (v == null || !allowed.contains(v)) {
            error(
                    path,
                    "INVALID_ENUM_VALUE",
                    "Value '"
                            + n.asText()
                            + "' at '"
                            + path
                            + "' failed to satisfy constraint: Member must satisfy enum value set: "
                            + allowed);
            return null;
        }
        return v;
    }

    /** An optional integer in [min, max]; {@code dflt} when absent. */
    public int optionalInt(String path, int min, int max, int dflt) {
        JsonNode n = at(path);
        if (n == null) {
            return dflt;
        }
        if (!n.isIntegralNumber()) {
            error(path, "INVALID_VALUE", "Value at '" + path + "' must be an integer");
            return dflt;
        }
        long v = n.asLong();
        if (v < min || v > max) {
            error(
                    path,
                    "VALUE_OUT_OF_RANGE",
                    "Value '"
                            + v
                            + "' at '"
                            + path
                            + "' failed to satisfy constraint: Member must have value between "
                            + min
                            + " and "
                            + max);
            return dflt;
        }
        return (int) v;
    }

    /** An optional ISO-8601 date-time (the model's {@code date-time} timestamp format). */
    public Instant optionalDateTime(String path) {
        JsonNode n = at(path);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            error(
                    path,
                    "INVALID_VALUE",
                    "Value at '" + path + "' must be an ISO 8601 date-time string");
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(n.asText()).toInstant();
            } catch (DateTimeParseException e2) {
                error(
                        path,
                        "INVALID_STRING_FORMAT",
                        "Value '"
                                + n.asText()
                                + "' at '"
                                + path
                                + "' is not an ISO 8601 date-time");
                return null;
            }
        }
    }

    /**
     * An optional list of strings, each checked against {@code allowed} (when not null) or {@code
     * pattern} (when not null), with at most {@code maxItems} entries (and at least {@code
     * minItems} when present).
     */
    public List<String> optionalStringList(
            String path, int minItems, int maxItems, Set<String> allowed, Pattern pattern) {
        JsonNode n = at(path);
        if (n == null) {
            return Collections.emptyList();
        }
        if (!n.isArray()) {
            error(path, "INVALID_VALUE", "Value at '" + path + "' must be a list");
            return Collections.emptyList();
        }
        if (n.size() > maxItems || n.size() < minItems) {
            error(
                    path,
                    "TOO_MANY_VALUES",
                    "Value at '"
                            + path
                            + "' failed to satisfy constraint: Member must have length between "
                            + minItems
                            + " and "
                            + maxItems);
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            String itemPath = path + "." + (i + 1);
            String v =
                    allowed != null
                            ? checkEnum(itemPath, item, allowed)
                            : checkString(itemPath, item, pattern);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** Records a violation found by the caller's own check. */
    public void fieldError(String field, String code, String message) {
        error(field, code, message);
    }

    /** True when the member is present (and not null). */
    public boolean has(String path) {
        return at(path) != null;
    }

    /** Throws one ValidationException listing every violation recorded so far. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
