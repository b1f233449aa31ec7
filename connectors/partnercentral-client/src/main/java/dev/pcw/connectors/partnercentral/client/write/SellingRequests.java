package dev.pcw.connectors.partnercentral.client.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.services.partnercentralselling.model.PartnerCentralSellingRequest;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Reads a write's JSON body, as the Selling API and AWS's samples write it ({@code {"Catalog":
 * "AWS", "Customer": {"Account": {"CompanyName": …}}}}), into the AWS SDK's request, checking it
 * against the API's rules first: every member known, of its type, enum values among those the API
 * accepts, and the members the API requires present. What is wrong is named per member, by its path
 * ({@code Project.ExpectedCustomerSpend[0].Frequency}), so a caller can fix all of it at once.
 *
 * <p>The members and enums come from the SDK's own model classes; the required members, which the
 * SDK does not carry, from {@link #REQUIRED} (kept in step with AWS's model by a test).
 */
public final class SellingRequests {
    private SellingRequests() {}

    /**
     * The members AWS's Selling API model marks required, per structure reachable from the write
     * requests (SDK class simple name → member names).
     */
    static final Map<String, List<String>> REQUIRED =
            Map.ofEntries(
                    Map.entry("CreateOpportunityRequest", List.of("Catalog", "ClientToken")),
                    Map.entry(
                            "UpdateOpportunityRequest",
                            List.of("Catalog", "LastModifiedDate", "Identifier")),
                    Map.entry(
                            "SubmitOpportunityRequest",
                            List.of("Catalog", "Identifier", "InvolvementType")),
                    Map.entry(
                            "AssociateOpportunityRequest",
                            List.of(
                                    "Catalog",
                                    "OpportunityIdentifier",
                                    "RelatedEntityType",
                                    "RelatedEntityIdentifier")),
                    Map.entry(
                            "StartEngagementFromOpportunityTaskRequest",
                            List.of("Catalog", "ClientToken", "Identifier", "AwsSubmission")),
                    Map.entry("AwsSubmission", List.of("InvolvementType")),
                    Map.entry("Account", List.of("CompanyName")),
                    Map.entry(
                            "ExpectedCustomerSpend",
                            List.of("CurrencyCode", "Frequency", "TargetCompany")),
                    Map.entry("ExpectedContractDuration", List.of("Term", "Value")),
                    Map.entry("MonetaryValue", List.of("Amount", "CurrencyCode")),
                    Map.entry("NextStepsHistory", List.of("Value", "Time")),
                    Map.entry("Tag", List.of("Key", "Value")));

    /** How many valid values an error lists before it says "…". */
    private static final int LISTED_VALUES = 12;

    /** A body read into a request, or what is wrong with it. */
    public static final class Bound {
        private final PartnerCentralSellingRequest request;
        private final Map<String, String> errors;

        Bound(PartnerCentralSellingRequest request, Map<String, String> errors) {
            this.request = request;
            this.errors = Collections.unmodifiableMap(errors);
        }

        /** The request; null when {@link #errors} is not empty. */
        public PartnerCentralSellingRequest request() {
            return request;
        }

        /** Member path → what is wrong with it, in the body's order; empty when valid. */
        public Map<String, String> errors() {
            return errors;
        }

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Reads {@code body} into {@code action}'s request. Members set to JSON null count as absent.
     */
    public static Bound bind(WriteAction action, ObjectNode body) {
        Map<String, String> errors = new LinkedHashMap<>();
        SdkPojo builder = newBuilder(action.requestClass());
        fill(builder, action.requestClass(), body, "", errors);
        if (!errors.isEmpty()) {
            return new Bound(null, errors);
        }
        return new Bound(
                (PartnerCentralSellingRequest) ((SdkBuilder<?, ?>) builder).build(), errors);
    }

    /**
     * {@code body} without the members {@code action}'s request does not have, at any depth (a
     * GetOpportunity answer holds members, such as {@code Arn} or {@code CreatedDate}, that an
     * UpdateOpportunity request must not send).
     */
    public static ObjectNode keepKnown(WriteAction action, ObjectNode body) {
        ObjectNode out = body.deepCopy();
        prune(newBuilder(action.requestClass()), out);
        return out;
    }

    private static void prune(SdkPojo builder, ObjectNode json) {
        Map<String, SdkField<?>> fields = new LinkedHashMap<>();
        for (SdkField<?> f : builder.sdkFields()) {
            fields.put(f.locationName(), f);
        }
        Iterator<String> names = json.fieldNames();
        List<String> drop = new ArrayList<>();
        while (names.hasNext()) {
            String name = names.next();
            SdkField<?> f = fields.get(name);
            if (f == null) {
                drop.add(name);
                continue;
            }
            JsonNode v = json.get(name);
            SdkField<?> pojo =
                    f.marshallingType() == MarshallingType.LIST
                            ? f.getRequiredTrait(ListTrait.class).memberFieldInfo()
                            : f;
            if (pojo.marshallingType() != MarshallingType.SDK_POJO) {
                continue;
            }
            if (v.isObject()) {
                prune(pojo.constructor().get(), (ObjectNode) v);
            } else if (v.isArray()) {
                for (JsonNode item : v) {
                    if (item.isObject()) {
                        prune(pojo.constructor().get(), (ObjectNode) item);
                    }
                }
            }
        }
        drop.forEach(json::remove);
    }

    private static SdkPojo newBuilder(Class<?> type) {
        try {
            return (SdkPojo) type.getMethod("builder").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no builder on " + type.getName(), e);
        }
    }

    private static void fill(
            SdkPojo builder,
            Class<?> type,
            JsonNode json,
            String path,
            Map<String, String> errors) {
        Map<String, SdkField<?>> fields = new LinkedHashMap<>();
        for (SdkField<?> f : builder.sdkFields()) {
            fields.put(f.locationName(), f);
        }
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path + e.getKey();
            SdkField<?> f = fields.get(e.getKey());
            if (f == null) {
                errors.put(
                        at,
                        "unknown member"
                                + nearest(e.getKey(), fields.keySet())
                                + "; "
                                + type.getSimpleName()
                                + " has "
                                + String.join(", ", fields.keySet()));
                continue;
            }
            if (e.getValue().isNull()) {
                continue;
            }
            Object value = value(f, type, e.getValue(), at, errors);
            if (value != null) {
                f.set(builder, value);
            }
        }
        for (String required : REQUIRED.getOrDefault(type.getSimpleName(), List.of())) {
            JsonNode v = json.get(required);
            if (v == null || v.isNull()) {
                errors.putIfAbsent(path + required, "required");
            } else if (v.isTextual() && v.asText().isBlank()) {
                errors.putIfAbsent(path + required, "required, and blank");
            }
        }
    }

    private static Object value(
            SdkField<?> f, Class<?> owner, JsonNode v, String at, Map<String, String> errors) {
        MarshallingType<?> t = f.marshallingType();
        if (t == MarshallingType.LIST) {
            if (!v.isArray()) {
                errors.put(at, "must be a list (JSON array)");
                return null;
            }
            SdkField<?> member = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
            Class<?> enumType = enumOf(owner, f, true);
            List<Object> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                String itemAt = at + "[" + i + "]";
                if (v.get(i).isNull()) {
                    errors.put(itemAt, "must not be null");
                    continue;
                }
                Object item = scalarOrPojo(member, enumType, v.get(i), itemAt, errors);
                if (item != null) {
                    out.add(item);
                }
            }
            return out;
        }
        if (t == MarshallingType.MAP) {
            if (!v.isObject()) {
                errors.put(at, "must be a map (JSON object)");
                return null;
            }
            SdkField<?> valueField = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Object item =
                        scalarOrPojo(valueField, null, e.getValue(), at + "." + e.getKey(), errors);
                if (item != null) {
                    out.put(e.getKey(), item);
                }
            }
            return out;
        }
        return scalarOrPojo(f, enumOf(owner, f, false), v, at, errors);
    }

    private static Object scalarOrPojo(
            SdkField<?> f, Class<?> enumType, JsonNode v, String at, Map<String, String> errors) {
        MarshallingType<?> t = f.marshallingType();
        if (t == MarshallingType.SDK_POJO) {
            if (!v.isObject()) {
                errors.put(at, "must be an object");
                return null;
            }
            Supplier<SdkPojo> ctor = f.constructor();
            if (ctor == null) {
                throw new IllegalStateException("no constructor for " + at);
            }
            SdkPojo b = ctor.get();
            Class<?> type = b.getClass().getEnclosingClass();
            int before = errors.size();
            fill(b, type, v, at + ".", errors);
            return errors.size() > before ? null : ((SdkBuilder<?, ?>) b).build();
        }
        if (t == MarshallingType.STRING) {
            if (!v.isTextual()) {
                errors.put(at, "must be a string");
                return null;
            }
            String s = v.asText();
            if (enumType != null && !known(enumType).contains(s)) {
                errors.put(at, "'" + s + "' is not one of " + listed(known(enumType)));
                return null;
            }
            return s;
        }
        if (t == MarshallingType.INTEGER) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                errors.put(at, "must be a whole number");
                return null;
            }
            return v.intValue();
        }
        if (t == MarshallingType.LONG) {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                errors.put(at, "must be a whole number");
                return null;
            }
            return v.longValue();
        }
        if (t == MarshallingType.DOUBLE) {
            return number(v, at, errors) == null ? null : v.doubleValue();
        }
        if (t == MarshallingType.FLOAT) {
            return number(v, at, errors) == null ? null : v.floatValue();
        }
        if (t == MarshallingType.BIG_DECIMAL) {
            return number(v, at, errors);
        }
        if (t == MarshallingType.BOOLEAN) {
            if (!v.isBoolean()) {
                errors.put(at, "must be true or false");
                return null;
            }
            return v.booleanValue();
        }
        if (t == MarshallingType.INSTANT) {
            return instant(v, at, errors);
        }
        errors.put(at, "is of a kind pcw does not send (" + t + ")");
        return null;
    }

    private static BigDecimal number(JsonNode v, String at, Map<String, String> errors) {
        if (!v.isNumber()) {
            errors.put(at, "must be a number");
            return null;
        }
        return v.decimalValue();
    }

    private static Instant instant(JsonNode v, String at, Map<String, String> errors) {
        if (v.isNumber()) {
            return Instant.ofEpochMilli(v.decimalValue().movePointRight(3).longValue());
        }
        if (v.isTextual()) {
            try {
                return OffsetDateTime.parse(v.asText()).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.put(at, "must be an ISO-8601 date-time, e.g. 2025-01-31T09:05:00.123Z");
        return null;
    }

    // ---------------------------------------------------------------- enums

    private static final Map<String, Class<?>> ENUMS = new ConcurrentHashMap<>();
    private static final Class<?> NO_ENUM = Void.class;

    /**
     * The SDK enum of a member, found from its getter on {@code owner} (a member {@code Industry}
     * with enum values has {@code industry()} returning {@code Industry}); null for free text.
     */
    private static Class<?> enumOf(Class<?> owner, SdkField<?> f, boolean list) {
        String key = owner.getName() + "#" + f.memberName();
        Class<?> found =
                ENUMS.computeIfAbsent(
                        key,
                        k -> {
                            for (Method m : owner.getMethods()) {
                                if (m.getParameterCount() != 0
                                        || !m.getName().equalsIgnoreCase(f.memberName())) {
                                    continue;
                                }
                                Type r = list ? elementType(m) : m.getReturnType();
                                if (r instanceof Class && ((Class<?>) r).isEnum()) {
                                    return (Class<?>) r;
                                }
                            }
                            return NO_ENUM;
                        });
        return found == NO_ENUM ? null : found;
    }

    private static Type elementType(Method m) {
        Type g = m.getGenericReturnType();
        if (g instanceof ParameterizedType) {
            Type[] args = ((ParameterizedType) g).getActualTypeArguments();
            return args.length == 1 ? args[0] : null;
        }
        return null;
    }

    private static final Map<Class<?>, Set<String>> KNOWN = new ConcurrentHashMap<>();

    /** The wire values of an SDK enum (its {@code knownValues()}). */
    static Set<String> known(Class<?> enumType) {
        return KNOWN.computeIfAbsent(
                enumType,
                t -> {
                    try {
                        Set<?> values = (Set<?>) t.getMethod("knownValues").invoke(null);
                        return values.stream()
                                .map(Object::toString)
                                .collect(Collectors.toCollection(TreeSet::new));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("no knownValues() on " + t.getName(), e);
                    }
                });
    }

    private static String listed(Set<String> values) {
        if (values.size() <= LISTED_VALUES) {
            return String.join(", ", values);
        }
        return values.stream().limit(LISTED_VALUES).collect(Collectors.joining(", "))
                + ", … ("
                + values.size()
                + " values)";
    }

    /** " (did you mean X?)" when a known member differs only in case or separators. */
    private static String nearest(String given, Set<String> known) {
        String g = given.replaceAll("[_\\-\\s]", "").toLowerCase(java.util.Locale.ROOT);
        for (String k : known) {
            if (k.toLowerCase(java.util.Locale.ROOT).equals(g)) {
                return " (did you mean " + k + "?)";
            }
        }
        return "";
    }
}
