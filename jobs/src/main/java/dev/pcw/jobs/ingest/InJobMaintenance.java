package dev.pcw.jobs.ingest;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.flink.maintenance.api.ExpireSnapshots;
import org.apache.iceberg.flink.maintenance.api.JdbcLockFactory;
import org.apache.iceberg.flink.maintenance.api.RewriteDataFiles;
import org.apache.iceberg.flink.maintenance.api.TableMaintenance;
import org.apache.iceberg.flink.maintenance.api.TriggerLockFactory;

/**
 * Table maintenance inside a running ingest job ({@code maintenance.in_job: true}, hybrid and
 * streaming modes), with Iceberg's Flink {@code TableMaintenance}: every {@code
 * maintenance.in_job_interval}, each current table's data files with delete files (or too small)
 * are rewritten, the rewrite committed at the sequence number it read (so updates committed
 * meanwhile still apply), and every silver table's snapshots older than {@code
 * maintenance.snapshot_retention} expire, the newest {@code maintenance.retain_last} kept. A
 * table's maintenance holds a lock in the metadata DB (Iceberg's JDBC lock, table {@code
 * flink_maintenance_lock}) that {@code pcw maintain} takes too ({@link #lockFactory}), so the two
 * never work on one table at once. Operator uids end in {@code maintenance-<table>}.
 */
public final class InJobMaintenance {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(InJobMaintenance.class);

    private InJobMaintenance() {}

    /** The uid suffix of a table's maintenance operators (part of the savepoint contract). */
    public static String uidSuffix(String table) {
        return "maintenance-" + table;
    }

    /**
     * The id of {@code table}'s maintenance lock: the same for the job and {@code pcw maintain} on
     * one lake, another on another lake (a digest of the lake's root and the table).
     */
    public static String lockId(LakeConfig lake, String table) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    (lake.lakeRoot() + "#" + lake.tableIdentifier(table))
                                            .getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                hex.append(String.format("%02x", d[i]));
            }
            return "pcw-" + hex + "-" + table;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lock factory of {@code table}'s maintenance, in the metadata DB. */
    public static TriggerLockFactory lockFactory(PcwConfig config, LakeConfig lake, String table) {
        Map<String, String> props = new HashMap<>();
        props.put(JdbcLockFactory.INIT_LOCK_TABLES_PROPERTY, "true");
        if (!config.get("metadata.db_user").isBlank()) {
            props.put("jdbc.user", config.get("metadata.db_user"));
        }
        if (!config.get("metadata.db_password").isBlank()) {
            props.put("jdbc.password", config.get("metadata.db_password"));
        }
        return new JdbcLockFactory(config.metadataDbUrl(), lockId(lake, table), props);
    }

    /** Adds the maintenance of {@code tables} to a running (unbounded) job. */
    static void attach(
            StreamExecutionEnvironment env,
            PcwConfig config,
            LakeConfig lake,
            List<String> tables) {
        Duration interval = config.duration("maintenance.in_job_interval");
        Duration retention = config.snapshotRetention();
        int retainLast = config.retainLast();
        long target = config.targetFileSize();
        for (String name : tables) {
            SilverTable t = SilverTables.byName(name);
            TableMaintenance.Builder b =
                    TableMaintenance.forTable(
                                    env,
                                    Catalogs.tableLoader(lake, name),
                                    lockFactory(config, lake, name))
                            .uidSuffix(uidSuffix(name))
                            .rateLimit(interval)
                            .lockCheckDelay(
                                    interval.compareTo(Duration.ofSeconds(30)) < 0
                                            ? interval
                                            : Duration.ofSeconds(30))
                            .parallelism(1);
            if (t.upsert() && !t.spec().isPartitioned()) {
                b.add(
                        RewriteDataFiles.builder()
                                .scheduleOnInterval(interval)
                                .targetFileSizeBytes(target)
                                // Any data file an update or delete touched is rewritten.
                                .deleteFileThreshold(1)
                                .minInputFiles(2));
            }
            b.add(
                    ExpireSnapshots.builder()
                            .scheduleOnInterval(interval)
                            .maxSnapshotAge(retention)
                            .retainLast(retainLast));
            try {
                b.append();
            } catch (IOException e) {
                throw new UncheckedIOException("adding the maintenance of " + name, e);
            }
        }
        LOG.info(
                "In-job maintenance of {} table(s) every {} (lock in the metadata DB)",
                tables.size(),
                interval);
    }
}
