package dev.pcw.cli;

import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.config.Secrets;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.jobs.ingest.MetadataRunListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

/** What the local commands share: configuration, a local Flink, the metadata DB. */
final class LocalFlink {
    private LocalFlink() {}

    /**
     * Loads the configuration: {@code file}, or {@code ./connectors.yaml} when it exists, then the
     * environment, then {@code --set key=value} overrides; then reads the secrets it names from
     * Secrets Manager.
     */
    static PcwConfig config(Path file, List<String> sets, Map<String, String> extra) {
        Path yaml = file;
        if (yaml == null && Files.isRegularFile(Path.of("connectors.yaml"))) {
            yaml = Path.of("connectors.yaml");
        }
        Map<String, String> overrides = new LinkedHashMap<>(extra);
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set takes key=value, not '" + s + "'");
            }
            overrides.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return Secrets.resolve(PcwConfig.load(yaml, System.getenv(), overrides));
    }

    /** The metadata DB's URL: configured, or a SQLite file in pcw's home. */
    static String dbUrl(PcwConfig config) {
        return config.metadataDbUrl();
    }

    static RunListener listener(PcwConfig config) {
        return MetadataRunListener.of(config, dbUrl(config));
    }

    /** Where each (catalog, entity) stands after its last successful run, from the DB. */
    static Map<String, RunListener.Resume> resume(PcwConfig config) {
        try (MetadataDb db = openDb(config)) {
            return MetadataRunListener.lastWatermarks(db);
        }
    }

    /** The configured metadata DB (migrated); the caller closes it. */
    static MetadataDb openDb(PcwConfig config) {
        return MetadataDb.open(
                dbUrl(config),
                blankToNull(config.get("metadata.db_user")),
                blankToNull(config.get("metadata.db_password")));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A local Flink with checkpoints under pcw's home and a bounded restart strategy. */
    static StreamExecutionEnvironment environment(PcwConfig config, String savepoint)
            throws Exception {
        return environment(config, savepoint, false);
    }

    /**
     * A local Flink that restores {@code savepoint} (none when null).
     *
     * @param claim whether the job takes the restored snapshot over (a retained checkpoint of an
     *     earlier job): it is then deleted once this job has a newer checkpoint or finishes, so
     *     that a finished job's predecessor can never be restored again. A savepoint is never
     *     claimed.
     */
    static StreamExecutionEnvironment environment(PcwConfig config, String savepoint, boolean claim)
            throws Exception {
        return environment(config, savepoint, claim, "checkpoints");
    }

    /** As {@link #environment(PcwConfig, String, boolean)}, with checkpoints in {@code folder}. */
    static StreamExecutionEnvironment environment(
            PcwConfig config, String savepoint, boolean claim, String folder) throws Exception {
        Files.createDirectories(config.home());
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(5));
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                config.home().toAbsolutePath().resolve(folder).toUri().toString());
        // A job that dies or is cancelled keeps its last checkpoint: the next run resumes from it.
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                org.apache.flink.configuration.ExternalizedCheckpointRetention
                        .RETAIN_ON_CANCELLATION);
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            conf.set(
                    StateRecoveryOptions.RESTORE_MODE,
                    claim
                            ? org.apache.flink.core.execution.RestoreMode.CLAIM
                            : org.apache.flink.core.execution.RestoreMode.NO_CLAIM);
        }
        conf.set(StateBackendOptions.STATE_BACKEND, config.stateBackend());
        if (config.stateBackend().equals("rocksdb")) {
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        }
        // The progress line of pcw run ingest reads the job's metrics through this reporter.
        conf.setString(
                "metrics.reporter.pcwprogress.factory.class",
                ProgressReporter.Factory.class.getName());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(config.parallelism());
        return env;
    }

    /** A batch Table environment with the lake's Iceberg catalog as {@code pcw}, in use. */
    static TableEnvironment tables(PcwConfig config) {
        LakeConfig lake = IngestJob.lakeConfig(config);
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        StringBuilder ddl = new StringBuilder("CREATE CATALOG pcw WITH ('type'='iceberg'");
        ddl.append(", 'catalog-impl'='").append(lake.catalogType().catalogImpl()).append('\'');
        lake.catalogProperties()
                .forEach(
                        (k, v) ->
                                ddl.append(", '")
                                        .append(k.replace("'", "''"))
                                        .append("'='")
                                        .append(v.replace("'", "''"))
                                        .append('\''));
        ddl.append(')');
        t.executeSql(ddl.toString());
        t.useCatalog("pcw");
        t.useDatabase(lake.namespace());
        return t;
    }
}
