package dev.pcw.jobs.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The arguments of a job's {@code main} on a cluster: {@code --config FILE}, {@code --set
 * key=value} (repeatable) and the job's flags; {@link #config()} loads the configuration as every
 * job does (the file, the environment, Managed Flink's property group {@code pcw}, then {@code
 * --set}; secrets resolved).
 */
public final class JobArgs {
    private final Path yaml;
    private final Map<String, String> sets;
    private final List<String> flags;
    private final Map<String, List<String>> options;

    private JobArgs(
            Path yaml,
            Map<String, String> sets,
            List<String> flags,
            Map<String, List<String>> options) {
        this.yaml = yaml;
        this.sets = Collections.unmodifiableMap(sets);
        this.flags = List.copyOf(flags);
        this.options = Collections.unmodifiableMap(options);
    }

    /**
     * Parses {@code args}.
     *
     * @param allowed the flags the job takes, e.g. {@code --bounded}
     * @throws IllegalArgumentException naming an unknown argument or a missing value
     */
    public static JobArgs parse(String[] args, List<String> allowed) {
        return parse(args, allowed, List.of());
    }

    /**
     * Parses {@code args}.
     *
     * @param allowed the flags the job takes, e.g. {@code --bounded}
     * @param valued the options that take a value, e.g. {@code --from} (repeatable)
     * @throws IllegalArgumentException naming an unknown argument or a missing value
     */
    public static JobArgs parse(String[] args, List<String> allowed, List<String> valued) {
        Map<String, List<String>> options = new TreeMap<>();
        Path yaml = null;
        Map<String, String> sets = new TreeMap<>();
        List<String> flags = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config")) {
                yaml = Path.of(value(args, ++i, a));
            } else if (a.equals("--set")) {
                String kv = value(args, ++i, a);
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set takes key=value, not '" + kv + "'");
                }
                sets.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            } else if (allowed.contains(a)) {
                flags.add(a);
            } else if (valued.contains(a)) {
                options.computeIfAbsent(a, k -> new java.util.ArrayList<>())
                        .add(value(args, ++i, a));
            } else {
                throw new IllegalArgumentException(
                        "unknown argument '"
                                + a
                                + "': use --config FILE, --set key=value"
                                + (allowed.isEmpty() ? "" : ", " + String.join(", ", allowed))
                                + (valued.isEmpty()
                                        ? ""
                                        : ", " + String.join(" VALUE, ", valued) + " VALUE"));
            }
        }
        return new JobArgs(yaml, sets, flags, options);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** Whether {@code flag} was given. */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** The values given to {@code option}, in order; empty when it was not given. */
    public List<String> values(String option) {
        return options.getOrDefault(option, List.of());
    }

    /** The configuration, as the jobs load it on a cluster. */
    public PcwConfig config() {
        RuntimeProperties msf =
                RuntimeProperties.read(
                        Path.of(
                                System.getProperty(
                                        "pcw.runtime-properties", RuntimeProperties.MSF_FILE)));
        return Secrets.resolve(msf.load(yaml, System.getenv(), sets));
    }
}
