package dev.pcw.cli;

import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.jobs.config.PcwConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --set}, for the commands that only need the configuration. */
final class ConfigOptions {
    @Option(
            names = "--config",
            description = "connectors.yaml (default: ./connectors.yaml when it exists).")
    Path config;

    @Option(names = "--set", description = "Override a setting: key=value (repeatable).")
    List<String> sets = new ArrayList<>();

    PcwConfig load() {
        return LocalFlink.config(config, sets, Map.of());
    }

    /** The configured metadata DB (migrated); the caller closes it. */
    MetadataDb openDb() {
        return LocalFlink.openDb(load());
    }
}
