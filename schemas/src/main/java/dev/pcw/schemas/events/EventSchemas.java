package dev.pcw.schemas.events;

import java.io.InputStream;
import java.net.URI;

/**
 * Where the JSON Schema of each event type's {@code data} lives: a {@code dataschema} URN per type
 * and version, resolved to the classpath resource {@code events/{type}.schema.json}.
 *
 * <p>Version 1 is the only version; a breaking change to a type's data gets a new schema version
 * and a new URN, and the old schema stays in place.
 */
public final class EventSchemas {
    /** The schema version every type is at. */
    public static final int VERSION = 1;

    private static final String URN_PREFIX = "urn:pcw:schemas:events:";

    private EventSchemas() {}

    /**
     * The {@code dataschema} URI of {@code type}, {@code urn:pcw:schemas:events:{type}:1}.
     *
     * @throws IllegalArgumentException when pcw does not emit {@code type}
     */
    public static URI dataSchemaFor(String type) {
        return URI.create(URN_PREFIX + known(type) + ":" + VERSION);
    }

    /**
     * The classpath resource holding the JSON Schema of {@code type}'s data.
     *
     * @throws IllegalArgumentException when pcw does not emit {@code type}
     */
    public static String resourceFor(String type) {
        return "events/" + known(type) + ".schema.json";
    }

    /**
     * The event type a {@code dataschema} URI names.
     *
     * @throws IllegalArgumentException when the URI is not a pcw event schema of a known version
     */
    public static String typeOf(URI dataSchema) {
        String s = String.valueOf(dataSchema);
        String suffix = ":" + VERSION;
        if (!s.startsWith(URN_PREFIX) || !s.endsWith(suffix)) {
            throw new IllegalArgumentException(
                    "dataschema " + s + " is not " + URN_PREFIX + "{type}" + suffix);
        }
        return known(s.substring(URN_PREFIX.length(), s.length() - suffix.length()));
    }

    /**
     * Opens the JSON Schema of {@code type}'s data; the caller closes the stream.
     *
     * @throws IllegalArgumentException when pcw does not emit {@code type}
     * @throws IllegalStateException when the schema resource is missing from the classpath
     */
    public static InputStream open(String type) {
        String resource = resourceFor(type);
        InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(
                    "Schema resource "
                            + resource
                            + " is missing from the classpath of pcw-schemas");
        }
        return in;
    }

    private static String known(String type) {
        if (!EventTypes.ALL.contains(type)) {
            throw new IllegalArgumentException(
                    "Unknown event type '" + type + "'; known types: " + EventTypes.ALL);
        }
        return type;
    }
}
