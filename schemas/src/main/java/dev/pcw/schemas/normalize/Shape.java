package dev.pcw.schemas.normalize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shape of the Partner Central Selling model, reduced to what normalization checks: structure
 * members and which are required, list elements, enum values and the formats of scalars.
 */
final class Shape {
    enum Kind {
        STRUCT("an object"),
        /** A Smithy union: an object of which one member is set. */
        UNION("an object"),
        LIST("an array"),
        STRING("a string"),
        ENUM("a string"),
        DATE_TIME("an ISO-8601 date-time string"),
        DATE("an ISO-8601 date string"),
        INTEGER("an integer"),
        /** A string holding a decimal number (amounts); a JSON number is tolerated and noted. */
        DECIMAL_STRING("a decimal string");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    /** A member of a structure or union. */
    static final class Member {
        final String name;
        final Shape shape;
        final boolean required;

        /** Required, and an empty string counts as missing (keys: Id, Catalog). */
        final boolean key;

        private Member(String name, Shape shape, boolean required, boolean key) {
            this.name = name;
            this.shape = shape;
            this.required = required;
            this.key = key;
        }
    }

    static final Shape STRING = new Shape(Kind.STRING, null, null, null);
    static final Shape DATE_TIME = new Shape(Kind.DATE_TIME, null, null, null);
    static final Shape DATE = new Shape(Kind.DATE, null, null, null);
    static final Shape INTEGER = new Shape(Kind.INTEGER, null, null, null);
    static final Shape DECIMAL_STRING = new Shape(Kind.DECIMAL_STRING, null, null, null);

    final Kind kind;

    /** Members by name (structures and unions). */
    final Map<String, Member> members;

    /** Members in declaration order (structures and unions). */
    final List<Member> memberList;

    /** The required members in declaration order (structures). */
    final List<Member> required;

    /** The element shape (lists). */
    final Shape element;

    /** The values the model lists (enums). */
    final Set<String> values;

    private Shape(Kind kind, List<Member> memberList, Shape element, Set<String> values) {
        this.kind = kind;
        this.memberList =
                memberList == null
                        ? null
                        : Collections.unmodifiableList(new ArrayList<>(memberList));
        if (memberList != null) {
            Map<String, Member> m = new HashMap<>();
            List<Member> req = new ArrayList<>();
            for (Member member : memberList) {
                m.put(member.name, member);
                if (member.required) {
                    req.add(member);
                }
            }
            this.members = Collections.unmodifiableMap(m);
            this.required = Collections.unmodifiableList(req);
        } else {
            this.members = null;
            this.required = null;
        }
        this.element = element;
        this.values = values;
    }

    static Shape struct(Member... members) {
        return new Shape(Kind.STRUCT, Arrays.asList(members), null, null);
    }

    static Shape union(Member... members) {
        return new Shape(Kind.UNION, Arrays.asList(members), null, null);
    }

    static Shape list(Shape element) {
        return new Shape(Kind.LIST, null, element, null);
    }

    static Shape enumOf(String... values) {
        return new Shape(
                Kind.ENUM,
                null,
                null,
                Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(values))));
    }

    static Member req(String name, Shape shape) {
        return new Member(name, shape, true, false);
    }

    static Member opt(String name, Shape shape) {
        return new Member(name, shape, false, false);
    }

    /** A required string member whose empty value counts as missing. */
    static Member key(String name) {
        return new Member(name, STRING, true, true);
    }
}
