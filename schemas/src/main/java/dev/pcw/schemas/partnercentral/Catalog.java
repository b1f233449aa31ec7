package dev.pcw.schemas.partnercentral;

import java.util.Locale;

/**
 * A Partner Central catalog: {@code AWS} is production, {@code Sandbox} is AWS's functional testing
 * copy. pcw treats the catalog as a namespace everywhere (tables, events, state).
 */
public enum Catalog {
    AWS("AWS"),
    SANDBOX("Sandbox");

    private final String wireName;

    Catalog(String wireName) {
        this.wireName = wireName;
    }

    /** The value the Partner Central API uses in {@code Catalog} members. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a catalog name as written in configuration or on the wire; case-insensitive.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Catalog parse(String value) {
        if (value != null) {
            String v = value.trim();
            for (Catalog c : values()) {
                if (c.wireName.equalsIgnoreCase(v) || c.name().equals(v.toUpperCase(Locale.ROOT))) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException(
                "Unknown Partner Central catalog '" + value + "': use AWS or Sandbox");
    }

    /**
     * Like {@link #parse} but only accepts the exact wire spelling; null when it does not match.
     */
    public static Catalog fromWire(String value) {
        for (Catalog c : values()) {
            if (c.wireName.equals(value)) {
                return c;
            }
        }
        return null;
    }
}
