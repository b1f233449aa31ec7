package dev.pcw.connectors.partnercentral.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.RequiredTrait;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;
import software.amazon.awssdk.utils.builder.Buildable;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * AWS's Smithy JSON model of the Partner Central Selling API, with a validator for JSON bodies that
 * also accepts the members and enum values the newer AWS SDK model classes know.
 */
final class SmithyModel {
    static final String NS = "com.amazonaws.partnercentralselling#";

    private static final String SDK_PACKAGE =
            "software.amazon.awssdk.services.partnercentralselling.model.";

    /**
     * Known model quirk: the model gives {@code SolutionArn} the pattern of a solution id ({@code
     * ^S-[0-9]{1,19}$}), yet the service returns real ARNs ({@code
     * arn:aws:partnercentral:...:catalog/AWS/solution/S-...}) in it. Only the pattern check of this
     * one shape is skipped; every other constraint on it still applies.
     */
    private static final Set<String> PATTERN_QUIRKS = Set.of(NS + "SolutionArn");

    /** The prelude shapes of {@code smithy.api} and their shape types. */
    private static final Map<String, String> PRELUDE = new HashMap<>();

    static {
        for (String s : List.of("String")) {
            PRELUDE.put("smithy.api#" + s, "string");
        }
        for (String s : List.of("Boolean", "PrimitiveBoolean")) {
            PRELUDE.put("smithy.api#" + s, "boolean");
        }
        for (String s :
                List.of(
                        "Byte",
                        "Short",
                        "Integer",
                        "Long",
                        "PrimitiveByte",
                        "PrimitiveShort",
                        "PrimitiveInteger",
                        "PrimitiveLong")) {
            PRELUDE.put("smithy.api#" + s, "integer");
        }
        for (String s : List.of("Float", "Double", "PrimitiveFloat", "PrimitiveDouble")) {
            PRELUDE.put("smithy.api#" + s, "double");
        }
        PRELUDE.put("smithy.api#BigInteger", "bigInteger");
        PRELUDE.put("smithy.api#BigDecimal", "bigDecimal");
        PRELUDE.put("smithy.api#Blob", "blob");
        PRELUDE.put("smithy.api#Timestamp", "timestamp");
        PRELUDE.put("smithy.api#Document", "document");
        PRELUDE.put("smithy.api#Unit", "unit");
    }

    private final JsonNode shapes;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();
    private final Map<String, Optional<SdkShape>> sdkShapes = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> sdkEnums = new ConcurrentHashMap<>();

    private SmithyModel(JsonNode shapes) {
        this.shapes = shapes;
    }

    static SmithyModel load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode shapes = root.get("shapes");
        if (shapes == null || !shapes.isObject()) {
            throw new IOException(file + " is not a Smithy JSON model: it has no 'shapes'");
        }
        return new SmithyModel(shapes);
    }

    // ---------------------------------------------------------------- the model

    boolean has(String id) {
        return shapes.has(id) || PRELUDE.containsKey(id);
    }

    JsonNode shape(String id) {
        JsonNode s = shapes.get(id);
        if (s == null) {
            throw new IllegalArgumentException("The model has no shape " + id);
        }
        return s;
    }

    String type(String id) {
        String prelude = PRELUDE.get(id);
        return prelude != null ? prelude : shape(id).path("type").asText();
    }

    String input(String operation) {
        return shape(NS + operation).path("input").path("target").asText();
    }

    String output(String operation) {
        return shape(NS + operation).path("output").path("target").asText();
    }

    /** The error shape ids the operation declares. */
    Set<String> errors(String operation) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : shape(NS + operation).path("errors")) {
            out.add(e.path("target").asText());
        }
        return out;
    }

    /** The operation's {@code smithy.api#paginated} trait, or null. */
    JsonNode paginated(String operation) {
        JsonNode p = shape(NS + operation).path("traits").get("smithy.api#paginated");
        return p == null || p.isNull() ? null : p;
    }

    /** The members of a structure or union, by name, in model order. */
    Map<String, JsonNode> members(String id) {
        if (PRELUDE.containsKey(id)) {
            return Collections.emptyMap();
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = shape(id).path("members").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    Set<String> requiredMembers(String id) {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : members(id).entrySet()) {
            if (e.getValue().path("traits").has("smithy.api#required")) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    String memberTarget(String id, String member) {
        JsonNode m = members(id).get(member);
        if (m == null) {
            throw new IllegalArgumentException(id + " has no member " + member);
        }
        return m.path("target").asText();
    }

    /** The traits in force on a member: its target's, overridden and added to by its own. */
    Map<String, JsonNode> effectiveTraits(String id, String member) {
        JsonNode m = members(id).get(member);
        if (m == null) {
            throw new IllegalArgumentException(id + " has no member " + member);
        }
        return merge(shapeTraits(m.path("target").asText()), m.path("traits"));
    }

    /** A list shape's member target. */
    String listMember(String id) {
        return shape(id).path("member").path("target").asText();
    }

    /** The values of an enum shape ({@code smithy.api#enumValue}, else the member name). */
    Set<String> enumValues(String id) {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : members(id).entrySet()) {
            JsonNode v = e.getValue().path("traits").get("smithy.api#enumValue");
            out.add(v == null ? e.getKey() : v.asText());
        }
        return out;
    }

    /** The error shape's {@code smithy.api#httpError} status. */
    int httpError(String errorId) {
        JsonNode status = shape(errorId).path("traits").get("smithy.api#httpError");
        if (status == null) {
            throw new IllegalArgumentException(errorId + " has no smithy.api#httpError trait");
        }
        return status.asInt();
    }

    /** True when a string matches the pattern of a {@code smithy.api#pattern} trait. */
    boolean matches(String pattern, String value) {
        // Smithy patterns are ECMA-262 regular expressions and not implicitly anchored.
        return patterns.computeIfAbsent(pattern, Pattern::compile).matcher(value).find();
    }

    private Map<String, JsonNode> shapeTraits(String id) {
        if (PRELUDE.containsKey(id)) {
            return Collections.emptyMap();
        }
        return merge(Collections.emptyMap(), shape(id).path("traits"));
    }

    private static Map<String, JsonNode> merge(Map<String, JsonNode> base, JsonNode traits) {
        Map<String, JsonNode> out = new HashMap<>(base);
        Iterator<Map.Entry<String, JsonNode>> it = traits.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    static String simpleName(String id) {
        return id.substring(id.indexOf('#') + 1);
    }

    // ---------------------------------------------------------------- validation

    /** What validating one or more JSON values found. */
    static final class Report {
        /** Each violation, prefixed with its JSON path. */
        final List<String> violations = new ArrayList<>();

        /** Members, enum values and shapes accepted only because the AWS SDK knows them. */
        final Set<String> sdkOnly = new TreeSet<>();

        /** How many values of each shape were checked. */
        final Map<String, Integer> shapesChecked = new TreeMap<>();

        int values;

        void violation(String path, String message) {
            violations.add(path + ": " + message);
        }
    }

    /** Validates a JSON value against a model shape, recursively. */
    void validate(JsonNode value, String shapeId, String path, Report report) {
        check(value, shapeId, Collections.emptyMap(), path, report);
    }

    private void check(
            JsonNode v, String id, Map<String, JsonNode> memberTraits, String path, Report r) {
        r.values++;
        r.shapesChecked.merge(simpleName(id), 1, Integer::sum);
        if (v == null || v.isNull()) {
            r.violation(path, "null (AWS JSON 1.0 leaves absent members out)");
            return;
        }
        Map<String, JsonNode> traits = new HashMap<>(shapeTraits(id));
        traits.putAll(memberTraits);
        String type = type(id);
        switch (type) {
            case "structure":
                checkStructure(v, id, path, r, false);
                break;
            case "union":
                checkStructure(v, id, path, r, true);
                break;
            case "list":
            case "set":
                checkList(v, id, traits, path, r);
                break;
            case "map":
                checkMap(v, id, traits, path, r);
                break;
            case "enum":
                checkEnum(v, id, path, r);
                break;
            case "string":
                if (!v.isTextual()) {
                    r.violation(path, "expected a string (" + simpleName(id) + "), got " + v);
                } else {
                    checkString(v.asText(), id, traits, path, r);
                }
                break;
            case "byte":
            case "short":
            case "integer":
            case "long":
            case "bigInteger":
            case "intEnum":
                if (!v.isIntegralNumber()) {
                    r.violation(path, "expected an integer (" + simpleName(id) + "), got " + v);
                } else {
                    checkRange(v.decimalValue(), traits, path, r);
                }
                break;
            case "float":
            case "double":
            case "bigDecimal":
                if (!v.isNumber()) {
                    r.violation(path, "expected a number (" + simpleName(id) + "), got " + v);
                } else {
                    checkRange(v.decimalValue(), traits, path, r);
                }
                break;
            case "boolean":
                if (!v.isBoolean()) {
                    r.violation(path, "expected a boolean (" + simpleName(id) + "), got " + v);
                }
                break;
            case "timestamp":
                JsonNode format = traits.get("smithy.api#timestampFormat");
                checkTimestamp(v, format == null ? "epoch-seconds" : format.asText(), path, r);
                break;
            case "blob":
                if (!v.isTextual()) {
                    r.violation(path, "expected a base64 string (" + simpleName(id) + ")");
                }
                break;
            case "document":
            case "unit":
                break;
            default:
                r.violation(path, "the validator does not know shape type " + type + " of " + id);
        }
    }

    private void checkStructure(JsonNode v, String id, String path, Report r, boolean union) {
        if (!v.isObject()) {
            r.violation(path, "expected an object (" + simpleName(id) + "), got " + v);
            return;
        }
        Map<String, JsonNode> members = members(id);
        if (union) {
            if (v.size() != 1) {
                r.violation(
                        path,
                        "union "
                                + simpleName(id)
                                + " must have exactly one member, has "
                                + fieldNames(v));
            }
        } else {
            for (String required : requiredMembers(id)) {
                if (!v.has(required) || v.get(required).isNull()) {
                    r.violation(
                            path,
                            "required member "
                                    + required
                                    + " of "
                                    + simpleName(id)
                                    + " is missing");
                }
            }
        }
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String childPath = path + "." + e.getKey();
            JsonNode m = members.get(e.getKey());
            if (m != null) {
                check(e.getValue(), m.path("target").asText(), traitsOf(m), childPath, r);
            } else {
                checkSdkOnlyMember(simpleName(id), e.getKey(), e.getValue(), childPath, r);
            }
        }
    }

    private static Map<String, JsonNode> traitsOf(JsonNode member) {
        return merge(Collections.emptyMap(), member.path("traits"));
    }

    private void checkList(
            JsonNode v, String id, Map<String, JsonNode> traits, String path, Report r) {
        if (!v.isArray()) {
            r.violation(path, "expected an array (" + simpleName(id) + "), got " + v);
            return;
        }
        checkLength(v.size(), traits, path, r);
        JsonNode member = shape(id).path("member");
        String target = member.path("target").asText();
        Map<String, JsonNode> memberTraits = traitsOf(member);
        for (int i = 0; i < v.size(); i++) {
            check(v.get(i), target, memberTraits, path + "[" + i + "]", r);
        }
    }

    private void checkMap(
            JsonNode v, String id, Map<String, JsonNode> traits, String path, Report r) {
        if (!v.isObject()) {
            r.violation(path, "expected an object (map " + simpleName(id) + "), got " + v);
            return;
        }
        checkLength(v.size(), traits, path, r);
        JsonNode key = shape(id).path("key");
        JsonNode value = shape(id).path("value");
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String childPath = path + "['" + e.getKey() + "']";
            check(
                    JsonNodeFactory.instance.textNode(e.getKey()),
                    key.path("target").asText(),
                    traitsOf(key),
                    childPath + "(key)",
                    r);
            check(e.getValue(), value.path("target").asText(), traitsOf(value), childPath, r);
        }
    }

    private void checkEnum(JsonNode v, String id, String path, Report r) {
        if (!v.isTextual()) {
            r.violation(path, "expected a string of enum " + simpleName(id) + ", got " + v);
            return;
        }
        Set<String> values = enumValues(id);
        if (values.contains(v.asText())) {
            return;
        }
        Set<String> sdk = sdkEnumValues(simpleName(id));
        if (sdk.contains(v.asText())) {
            r.sdkOnly.add("enum value " + simpleName(id) + " '" + v.asText() + "'");
            return;
        }
        r.violation(
                path,
                "'"
                        + v.asText()
                        + "' is not a value of enum "
                        + simpleName(id)
                        + " (model: "
                        + abbreviate(values)
                        + "; AWS SDK: "
                        + abbreviate(sdk)
                        + ")");
    }

    private void checkString(
            String s, String id, Map<String, JsonNode> traits, String path, Report r) {
        checkLength(s.codePointCount(0, s.length()), traits, path, r);
        JsonNode pattern = traits.get("smithy.api#pattern");
        if (pattern != null && !PATTERN_QUIRKS.contains(id) && !matches(pattern.asText(), s)) {
            r.violation(
                    path,
                    "'"
                            + s
                            + "' does not match the pattern "
                            + pattern.asText()
                            + " ("
                            + simpleName(id)
                            + ")");
        }
    }

    private static void checkLength(
            long length, Map<String, JsonNode> traits, String path, Report r) {
        JsonNode t = traits.get("smithy.api#length");
        if (t == null) {
            return;
        }
        if (t.has("min") && length < t.get("min").asLong()) {
            r.violation(path, "length " + length + " is below the model's minimum " + t.get("min"));
        }
        if (t.has("max") && length > t.get("max").asLong()) {
            r.violation(path, "length " + length + " is above the model's maximum " + t.get("max"));
        }
    }

    private static void checkRange(
            BigDecimal value, Map<String, JsonNode> traits, String path, Report r) {
        JsonNode t = traits.get("smithy.api#range");
        if (t == null) {
            return;
        }
        if (t.has("min") && value.compareTo(t.get("min").decimalValue()) < 0) {
            r.violation(path, value + " is below the model's minimum " + t.get("min"));
        }
        if (t.has("max") && value.compareTo(t.get("max").decimalValue()) > 0) {
            r.violation(path, value + " is above the model's maximum " + t.get("max"));
        }
    }

    private static void checkTimestamp(JsonNode v, String format, String path, Report r) {
        switch (format) {
            case "date-time":
                // RFC 3339 date-time, optional fractional seconds, in UTC ("Z").
                if (!v.isTextual() || !v.asText().endsWith("Z")) {
                    r.violation(path, "expected a date-time string ending in Z, got " + v);
                    return;
                }
                try {
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(v.asText());
                    Instant.parse(v.asText());
                } catch (DateTimeParseException e) {
                    r.violation(path, "'" + v.asText() + "' is not an ISO-8601 date-time");
                }
                break;
            case "http-date":
                try {
                    DateTimeFormatter.RFC_1123_DATE_TIME.parse(v.asText());
                } catch (DateTimeParseException e) {
                    r.violation(path, "'" + v.asText() + "' is not an http-date");
                }
                break;
            default:
                if (!v.isNumber()) {
                    r.violation(path, "expected epoch seconds, got " + v);
                }
        }
    }

    // ---------------------------------------------------------------- the AWS SDK's model

    /**
     * A member the Smithy snapshot does not define: accepted only when the AWS SDK's class of the
     * same shape has it, and then checked against the SDK's type of it.
     */
    private void checkSdkOnlyMember(
            String shapeName, String member, JsonNode v, String path, Report r) {
        SdkShape sdk = sdkShape(shapeName);
        SdkField<?> field = sdk == null ? null : sdk.fields.get(member);
        if (field == null) {
            r.violation(
                    path,
                    "member "
                            + member
                            + " is defined neither by the model's "
                            + shapeName
                            + " nor by the AWS SDK's"
                            + (sdk == null ? " (no SDK class " + shapeName + ")" : ""));
            return;
        }
        r.sdkOnly.add("member " + shapeName + "." + member);
        checkSdkValue(v, sdk.memberType(field), field, path, r);
    }

    private void checkSdkValue(JsonNode v, Type type, SdkField<?> field, String path, Report r) {
        r.values++;
        if (v == null || v.isNull()) {
            r.violation(path, "null (AWS JSON 1.0 leaves absent members out)");
            return;
        }
        if (type == null) {
            r.violation(path, "cannot find the AWS SDK's Java type of this member to check it");
            return;
        }
        if (type instanceof ParameterizedType) {
            ParameterizedType pt = (ParameterizedType) type;
            Class<?> raw = (Class<?>) pt.getRawType();
            Type[] args = pt.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                if (!v.isArray()) {
                    r.violation(path, "expected an array, got " + v);
                    return;
                }
                SdkField<?> memberField =
                        field == null
                                ? null
                                : field.getOptionalTrait(ListTrait.class)
                                        .map(ListTrait::memberFieldInfo)
                                        .orElse(null);
                for (int i = 0; i < v.size(); i++) {
                    checkSdkValue(v.get(i), args[0], memberField, path + "[" + i + "]", r);
                }
                return;
            }
            if (Map.class.isAssignableFrom(raw)) {
                if (!v.isObject()) {
                    r.violation(path, "expected an object (map), got " + v);
                    return;
                }
                SdkField<?> valueField =
                        field == null
                                ? null
                                : field.getOptionalTrait(MapTrait.class)
                                        .map(MapTrait::valueFieldInfo)
                                        .orElse(null);
                Iterator<Map.Entry<String, JsonNode>> it = v.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    checkSdkValue(
                            e.getValue(), args[1], valueField, path + "['" + e.getKey() + "']", r);
                }
                return;
            }
            type = raw;
        }
        Class<?> c = type instanceof Class ? (Class<?>) type : Object.class;
        boolean sdkModelClass = c.getName().startsWith(SDK_PACKAGE);
        if (sdkModelClass && has(NS + c.getSimpleName())) {
            // A shape the Smithy snapshot knows: the model's rules apply again below here.
            check(v, NS + c.getSimpleName(), Collections.emptyMap(), path, r);
        } else if (sdkModelClass && c.isEnum()) {
            Set<String> known = sdkEnumValues(c.getSimpleName());
            if (!v.isTextual() || !known.contains(v.asText())) {
                r.violation(
                        path,
                        v
                                + " is not a value of the AWS SDK's enum "
                                + c.getSimpleName()
                                + " "
                                + abbreviate(known));
            } else {
                r.sdkOnly.add("enum value " + c.getSimpleName() + " '" + v.asText() + "'");
            }
        } else if (sdkModelClass && SdkPojo.class.isAssignableFrom(c)) {
            checkSdkPojo(v, c, path, r);
        } else if (c == String.class) {
            if (!v.isTextual()) {
                r.violation(path, "expected a string, got " + v);
            }
        } else if (c == Integer.class || c == Long.class || c == Short.class) {
            if (!v.isIntegralNumber()) {
                r.violation(path, "expected an integer, got " + v);
            }
        } else if (c == Double.class || c == Float.class || c == BigDecimal.class) {
            if (!v.isNumber()) {
                r.violation(path, "expected a number, got " + v);
            }
        } else if (c == Boolean.class) {
            if (!v.isBoolean()) {
                r.violation(path, "expected a boolean, got " + v);
            }
        } else if (c == Instant.class) {
            TimestampFormatTrait f =
                    field == null
                            ? null
                            : field.getOptionalTrait(TimestampFormatTrait.class).orElse(null);
            String format =
                    f == null || f.format() == TimestampFormatTrait.Format.UNIX_TIMESTAMP
                            ? "epoch-seconds"
                            : f.format() == TimestampFormatTrait.Format.ISO_8601
                                    ? "date-time"
                                    : "http-date";
            checkTimestamp(v, format, path, r);
        }
        // Anything else (SdkBytes, Document) is accepted as is.
    }

    private void checkSdkPojo(JsonNode v, Class<?> c, String path, Report r) {
        String name = c.getSimpleName();
        r.sdkOnly.add("shape " + name);
        r.shapesChecked.merge(name + " (SDK)", 1, Integer::sum);
        if (!v.isObject()) {
            r.violation(path, "expected an object (SDK " + name + "), got " + v);
            return;
        }
        SdkShape sdk = sdkShape(name);
        if (sdk == null) {
            r.violation(path, "cannot read the AWS SDK's " + name);
            return;
        }
        if (sdk.union && v.size() != 1) {
            r.violation(
                    path, "union " + name + " must have exactly one member, has " + fieldNames(v));
        }
        for (SdkField<?> f : sdk.fields.values()) {
            if (f.containsTrait(RequiredTrait.class)
                    && (!v.has(f.locationName()) || v.get(f.locationName()).isNull())) {
                r.violation(
                        path,
                        "required member " + f.locationName() + " of " + name + " is missing");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            SdkField<?> f = sdk.fields.get(e.getKey());
            String childPath = path + "." + e.getKey();
            if (f == null) {
                r.violation(
                        childPath,
                        "member " + e.getKey() + " is not defined by the AWS SDK's " + name);
            } else {
                checkSdkValue(e.getValue(), sdk.memberType(f), f, childPath, r);
            }
        }
    }

    /** The AWS SDK's model class of a shape, or null when the SDK has none. */
    SdkShape sdkShape(String shapeName) {
        return sdkShapes
                .computeIfAbsent(shapeName, n -> Optional.ofNullable(SdkShape.load(n)))
                .orElse(null);
    }

    /** The values the AWS SDK's enum class of a shape knows; empty when it has none. */
    Set<String> sdkEnumValues(String shapeName) {
        return sdkEnums.computeIfAbsent(
                shapeName,
                n -> {
                    Set<String> out = new LinkedHashSet<>();
                    try {
                        Class<?> c = Class.forName(SDK_PACKAGE + n);
                        if (c.isEnum()) {
                            for (Object o : (Set<?>) c.getMethod("knownValues").invoke(null)) {
                                out.add(o.toString());
                            }
                        }
                    } catch (ReflectiveOperationException e) {
                        // No SDK enum of that name.
                    }
                    return out;
                });
    }

    private static String fieldNames(JsonNode v) {
        List<String> names = new ArrayList<>();
        v.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static String abbreviate(Set<String> values) {
        if (values.size() <= 12) {
            return values.toString();
        }
        List<String> first = new ArrayList<>(values).subList(0, 12);
        return first + " and " + (values.size() - 12) + " more";
    }

    /** One model class of the AWS SDK: its members by wire name and their Java types. */
    static final class SdkShape {
        final Class<?> type;
        final boolean union;
        final Map<String, SdkField<?>> fields = new LinkedHashMap<>();

        private SdkShape(Class<?> type, SdkPojo empty) {
            this.type = type;
            for (SdkField<?> f : empty.sdkFields()) {
                fields.put(f.locationName(), f);
            }
            boolean isUnion = false;
            try {
                Method t = type.getMethod("type");
                isUnion = t.getReturnType().getEnclosingClass() == type;
            } catch (NoSuchMethodException e) {
                // Not a union.
            }
            this.union = isUnion;
        }

        static SdkShape load(String shapeName) {
            try {
                Class<?> c = Class.forName(SDK_PACKAGE + shapeName);
                if (!SdkPojo.class.isAssignableFrom(c)) {
                    return null;
                }
                Object builder = c.getMethod("builder").invoke(null);
                // Through the public interfaces: the builder implementations are not public.
                // Model classes have an SdkBuilder; exceptions (error shapes) a Buildable.
                Object empty =
                        builder instanceof SdkBuilder
                                ? SdkBuilder.class.getMethod("build").invoke(builder)
                                : builder instanceof Buildable
                                        ? Buildable.class.getMethod("build").invoke(builder)
                                        : null;
                return empty instanceof SdkPojo ? new SdkShape(c, (SdkPojo) empty) : null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /**
         * The Java type of a member, from its getter (an enum rather than its string form); null
         * when the class has no getter of that name.
         */
        Type memberType(SdkField<?> field) {
            for (Method m : type.getMethods()) {
                if (m.getParameterCount() == 0
                        && m.getName().equalsIgnoreCase(field.memberName())
                        && m.getDeclaringClass() == type) {
                    return m.getGenericReturnType();
                }
            }
            return null;
        }
    }
}
