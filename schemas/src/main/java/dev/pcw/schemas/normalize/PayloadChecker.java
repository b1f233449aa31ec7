package dev.pcw.schemas.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Walks a payload against its {@link Shape} once, collecting what makes it unusable (missing
 * required members, wrong JSON types, unparseable dates and amounts) and what passes through (enum
 * values and members the model does not know, tolerated oddities). One instance per payload.
 *
 * <p>Problem paths name list positions ({@code Project.ExpectedCustomerSpend[0].Amount}); unknown
 * members and values do not ({@code LifeCycle.Stage=Negotiation}), so that they aggregate.
 */
final class PayloadChecker {
    /** Problems listed in a reason; more are counted. */
    private static final int MAX_LISTED = 5;

    private static final int MAX_QUOTED = 60;

    private Object[] path = new Object[16];
    private int depth;

    private DeadLetterReason firstCode;
    private List<String> problems;
    private int problemCount;
    private List<String> unknownMembers;
    private List<String> unknownValues;
    private List<String> notes;

    /** Checks {@code root}, a JSON object, against {@code shape}. */
    void checkRoot(JsonNode root, Shape shape) {
        struct(root, shape);
    }

    boolean hasProblems() {
        return problemCount > 0;
    }

    DeadLetterReason firstCode() {
        return firstCode;
    }

    /** The problems joined into one reason: the first few, then how many more. */
    String reason() {
        StringBuilder sb = new StringBuilder();
        for (String p : problems) {
            sb.append(sb.length() == 0 ? "" : "; ").append(p);
        }
        if (problemCount > problems.size()) {
            sb.append("; and ").append(problemCount - problems.size()).append(" more");
        }
        return sb.toString();
    }

    List<String> unknownMembers() {
        return unknownMembers == null ? Collections.emptyList() : unknownMembers;
    }

    List<String> unknownValues() {
        return unknownValues == null ? Collections.emptyList() : unknownValues;
    }

    List<String> notes() {
        return notes == null ? Collections.emptyList() : notes;
    }

    // ------------------------------------------------------------------ walk

    private void check(JsonNode node, Shape shape) {
        switch (shape.kind) {
            case STRUCT:
            case UNION:
                if (node.isObject()) {
                    struct(node, shape);
                } else {
                    wrongType(node, shape);
                }
                break;
            case LIST:
                if (node.isArray()) {
                    list(node, shape.element);
                } else {
                    wrongType(node, shape);
                }
                break;
            case STRING:
                if (!node.isTextual()) {
                    wrongType(node, shape);
                }
                break;
            case ENUM:
                if (!node.isTextual()) {
                    wrongType(node, shape);
                } else if (!shape.values.contains(node.textValue())) {
                    unknownValue(node.textValue());
                }
                break;
            case DATE_TIME:
                if (!node.isTextual()) {
                    wrongType(node, shape);
                } else if (IsoTime.epochMillis(node.textValue()) == IsoTime.INVALID) {
                    problem(
                            DeadLetterReason.INVALID_VALUE,
                            path(true)
                                    + " "
                                    + quote(node.textValue())
                                    + " is not an ISO-8601 date-time");
                }
                break;
            case DATE:
                if (!node.isTextual()) {
                    wrongType(node, shape);
                } else if (IsoTime.date(node.textValue()) == null) {
                    problem(
                            DeadLetterReason.INVALID_VALUE,
                            path(true)
                                    + " "
                                    + quote(node.textValue())
                                    + " is not an ISO-8601 date (yyyy-MM-dd)");
                }
                break;
            case INTEGER:
                if (!node.isNumber()) {
                    wrongType(node, shape);
                } else if (!node.isIntegralNumber()) {
                    problem(
                            DeadLetterReason.INVALID_VALUE,
                            path(true) + " " + node.asText() + " is not an integer");
                } else if (!node.canConvertToInt()) {
                    problem(
                            DeadLetterReason.INVALID_VALUE,
                            path(true) + " " + node.asText() + " is out of range for an integer");
                }
                break;
            case DECIMAL_STRING:
                decimal(node, shape);
                break;
            default:
                throw new IllegalStateException("unhandled shape kind " + shape.kind);
        }
    }

    private void struct(JsonNode node, Shape shape) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Shape.Member member = shape.members.get(field.getKey());
            push(field.getKey());
            if (member == null) {
                if (unknownMembers == null) {
                    unknownMembers = new ArrayList<>(4);
                }
                unknownMembers.add(path(false));
            } else {
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    // An optional member sent as null is the same as an absent one.
                    if (member.required) {
                        problem(
                                DeadLetterReason.MISSING_REQUIRED,
                                "required member " + path(true) + " is null");
                    }
                } else if (member.key && value.isTextual() && value.textValue().isEmpty()) {
                    problem(
                            DeadLetterReason.MISSING_REQUIRED,
                            "required member " + path(true) + " is empty");
                } else {
                    check(value, member.shape);
                }
            }
            pop();
        }
        for (Shape.Member member : shape.required) {
            if (node.get(member.name) == null) {
                push(member.name);
                problem(DeadLetterReason.MISSING_REQUIRED, "missing required member " + path(true));
                pop();
            }
        }
    }

    private void list(JsonNode node, Shape element) {
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            push(i);
            if (item.isNull()) {
                problem(
                        DeadLetterReason.WRONG_TYPE,
                        path(true) + " is null, expected " + element.kind.expected);
            } else {
                check(item, element);
            }
            pop();
        }
    }

    private void decimal(JsonNode node, Shape shape) {
        if (node.isTextual()) {
            if (ExpectedRevenue.parseAmount(node.textValue()) == null) {
                problem(
                        DeadLetterReason.INVALID_VALUE,
                        path(true)
                                + " "
                                + quote(node.textValue())
                                + " is not a decimal number that fits decimal(20,2)");
            }
        } else if (node.isNumber()) {
            if (ExpectedRevenue.fit(node.decimalValue()) == null) {
                problem(
                        DeadLetterReason.INVALID_VALUE,
                        path(true) + " " + node.asText() + " does not fit decimal(20,2)");
            } else {
                note(
                        path(true)
                                + " is a JSON number ("
                                + node.asText()
                                + "), expected a string; tolerated");
            }
        } else {
            wrongType(node, shape);
        }
    }

    // ------------------------------------------------------------------ findings

    private void wrongType(JsonNode node, Shape shape) {
        problem(
                DeadLetterReason.WRONG_TYPE,
                path(true) + " is " + describe(node) + ", expected " + shape.kind.expected);
    }

    private void unknownValue(String value) {
        if (unknownValues == null) {
            unknownValues = new ArrayList<>(2);
        }
        unknownValues.add(path(false) + "=" + value);
    }

    void note(String note) {
        if (notes == null) {
            notes = new ArrayList<>(2);
        }
        notes.add(note);
    }

    private void problem(DeadLetterReason code, String message) {
        if (problems == null) {
            problems = new ArrayList<>(2);
            firstCode = code;
        }
        problemCount++;
        if (problems.size() < MAX_LISTED) {
            problems.add(message);
        }
    }

    static String describe(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT:
                return "an object";
            case ARRAY:
                return "an array";
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            default:
                return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code 'text'}, shortened: reasons must stay readable and must not carry whole fields. */
    static String quote(String text) {
        String t = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
        return "'" + t + "'";
    }

    // ------------------------------------------------------------------ path

    private void push(Object segment) {
        if (depth == path.length) {
            Object[] bigger = new Object[depth * 2];
            System.arraycopy(path, 0, bigger, 0, depth);
            path = bigger;
        }
        path[depth++] = segment;
    }

    private void pop() {
        depth--;
    }

    /** The current path, {@code A.B[2].C} with indexes or {@code A.B.C} without. */
    private String path(boolean withIndexes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            Object s = path[i];
            if (s instanceof Integer) {
                if (withIndexes) {
                    sb.append('[').append(s).append(']');
                }
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(s);
            }
        }
        return sb.toString();
    }
}
