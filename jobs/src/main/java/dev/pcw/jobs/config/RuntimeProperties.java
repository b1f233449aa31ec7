package dev.pcw.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Managed Service for Apache Flink's runtime properties: the service writes the application's
 * property groups to {@value #MSF_FILE} as {@code [{"PropertyGroupId": …, "PropertyMap": {…}}]}.
 * pcw reads the group {@value #GROUP}: a key in UPPER_SNAKE_CASE is an environment variable (the
 * service sets none, so {@code PC_CATALOG}, {@code S3_LAKE_BUCKET}, {@code EVENTBRIDGE_BUS}, {@code
 * PCW_DB_URL}… go here), any other key is a setting ({@code connectors.partner_central.mode}, …)
 * with the precedence of a {@code --set}.
 */
public final class RuntimeProperties {
    /** Where Managed Service for Apache Flink puts the application's property groups. */
    public static final String MSF_FILE = "/etc/flink/application_properties.json";

    /** The property group pcw reads. */
    public static final String GROUP = "pcw";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    private final Map<String, String> env;
    private final Map<String, String> settings;

    private RuntimeProperties(Map<String, String> env, Map<String, String> settings) {
        this.env = Collections.unmodifiableMap(env);
        this.settings = Collections.unmodifiableMap(settings);
    }

    /** No runtime properties. */
    public static RuntimeProperties none() {
        return new RuntimeProperties(new TreeMap<>(), new TreeMap<>());
    }

    /**
     * The {@value #GROUP} group of {@code file}; {@link #none()} when the file does not exist (not
     * on Managed Service for Apache Flink) or has no such group.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static RuntimeProperties read(Path file) {
        if (!Files.isRegularFile(file)) {
            return none();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the runtime properties in "
                            + file
                            + ": "
                            + e.getMessage().split("\n", 2)[0],
                    e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(
                    "the runtime properties in "
                            + file
                            + " are not a JSON array of property groups");
        }
        Map<String, String> env = new TreeMap<>();
        Map<String, String> settings = new TreeMap<>();
        for (JsonNode group : root) {
            if (!GROUP.equals(group.path("PropertyGroupId").asText())) {
                continue;
            }
            JsonNode map = group.path("PropertyMap");
            if (!map.isObject()) {
                throw new IllegalArgumentException(
                        "property group '" + GROUP + "' in " + file + " has no PropertyMap object");
            }
            map.fields()
                    .forEachRemaining(
                            e -> {
                                String key = e.getKey().trim();
                                String value = e.getValue().asText();
                                if (ENV_NAME.matcher(key).matches()) {
                                    env.put(key, value);
                                } else {
                                    settings.put(key, value);
                                }
                            });
        }
        return new RuntimeProperties(env, settings);
    }

    /** Environment variables set through the group. */
    public Map<String, String> env() {
        return env;
    }

    /** Settings ({@code key=value}) set through the group. */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * The configuration: {@code yaml}, then the process environment overlaid with the group's
     * variables, then the group's settings, then {@code overrides}.
     */
    public PcwConfig load(
            Path yaml, Map<String, String> processEnv, Map<String, String> overrides) {
        Map<String, String> e = new TreeMap<>(processEnv);
        e.putAll(env);
        Map<String, String> o = new TreeMap<>(settings);
        o.putAll(overrides);
        return PcwConfig.load(yaml, e, o);
    }
}
