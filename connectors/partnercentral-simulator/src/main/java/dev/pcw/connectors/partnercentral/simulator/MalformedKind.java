package dev.pcw.connectors.partnercentral.simulator;

import java.util.Locale;

/** The ways the simulator can break a Get response on purpose, to test what clients do. */
public enum MalformedKind {
    /** The body ends mid-object: not parseable JSON at all. */
    TRUNCATED_JSON,
    /** A member has the wrong JSON type, or a date member holds text that is not a date. */
    WRONG_TYPE,
    /** A member the model marks required is absent. */
    MISSING_REQUIRED,
    /** An enum member holds a value the model does not list (as after an API change). */
    UNKNOWN_ENUM,
    /** Members the model does not define are present (as after an API addition). */
    UNKNOWN_MEMBER;

    /** The kebab-case name used on the command line and in the admin API. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static MalformedKind parse(String s) {
        for (MalformedKind k : values()) {
            if (k.cliName().equalsIgnoreCase(s.trim()) || k.name().equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        StringBuilder names = new StringBuilder();
        for (MalformedKind k : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(k.cliName());
        }
        throw new IllegalArgumentException(
                "unknown malformed kind '" + s + "': use one of " + names);
    }
}
