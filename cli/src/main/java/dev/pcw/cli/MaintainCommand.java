package dev.pcw.cli;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.lake.TableMaintenance;
import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.JobLeases;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.InJobMaintenance;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.flink.maintenance.api.TriggerLockFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pcw maintain}: compacts the current tables (their data and delete files into files of the
 * target size) and expires old snapshots of every silver table, with {@link TableMaintenance}. Safe
 * beside a running ingest job; two maintenance runs on one metadata DB take turns (the {@code
 * maintain} lease).
 */
@Command(
        name = "maintain",
        mixinStandardHelpOptions = true,
        description = {
            "Table maintenance: compact the current tables (upserts leave a delete file per commit"
                    + " that every reader pays for) and expire snapshots older than the retention."
                    + " Safe while the ingest job runs: a compaction keeps every update committed"
                    + " meanwhile, or changes nothing and says so.",
            ""
        },
        footer = {
            "",
            "Settings: maintenance.snapshot_retention (7d), maintenance.retain_last (20),"
                    + " maintenance.target_file_size_mb (128).",
            "",
            "Examples:",
            "  pcw maintain",
            "  pcw maintain --table partnercentral_opportunities --no-expire",
            "  pcw maintain --retention 30d --retain-last 50"
        })
final class MaintainCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--table",
            split = ",",
            paramLabel = "TABLE",
            description = "Only these silver tables (repeatable; default: every one in the lake).")
    List<String> tables = new ArrayList<>();

    @Option(
            names = "--retention",
            paramLabel = "DURATION",
            description = "Keep snapshots this recent (e.g. 7d, 12h; default: the setting).")
    String retention;

    @Option(
            names = "--retain-last",
            paramLabel = "N",
            description = "Keep at least N snapshots per table (default: the setting).")
    Integer retainLast;

    @Option(names = "--no-compact", description = "Only expire snapshots.")
    boolean noCompact;

    @Option(names = "--no-expire", description = "Only compact.")
    boolean noExpire;

    @CommandLine.Mixin ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        List<String> overrides = new ArrayList<>(options.sets);
        if (retention != null) {
            overrides.add("maintenance.snapshot_retention=" + retention);
        }
        if (retainLast != null) {
            overrides.add("maintenance.retain_last=" + retainLast);
        }
        PcwConfig cfg = LocalFlink.config(options.config, overrides, Map.of());
        Duration keep;
        int last;
        long target;
        try {
            keep = cfg.snapshotRetention();
            last = cfg.retainLast();
            target = cfg.targetFileSize();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<SilverTable> chosen = new ArrayList<>();
        for (String name : tables) {
            try {
                chosen.add(SilverTables.byName(name));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SilverTables.everyTable());
        }
        try (MetadataDb db = LocalFlink.openDb(cfg)) {
            String connectorId =
                    new Connectors(db, Clock.systemUTC())
                            .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            JobLeases leases = new JobLeases(db, Clock.systemUTC());
            JobLeases.Lease lease;
            try {
                lease =
                        leases.acquire(
                                connectorId,
                                "maintain",
                                IngestSession.holder("pcw maintain"),
                                Duration.ofHours(1),
                                null,
                                IngestSession::goneFromThisMachine);
            } catch (JobLeases.HeldException e) {
                System.err.println("pcw maintain: not started: " + e.getMessage());
                return 1;
            }
            try {
                if (lease.previous.map(JobLeases.Row::endedWithoutRelease).orElse(false)) {
                    releaseLeftLocks(cfg, lease.previous.get());
                }
                return maintain(cfg, chosen, keep, last, target);
            } finally {
                leases.release(lease, null);
            }
        }
    }

    /**
     * The previous {@code pcw maintain} ended without releasing its lease (killed, crashed): it may
     * have died holding a table's maintenance lock, which nothing else would ever release. Releases
     * every table's; a running job's maintenance that held one at this instant may then overlap
     * this run, and their commits are validated against each other.
     */
    private static void releaseLeftLocks(PcwConfig cfg, JobLeases.Row previous) {
        LakeConfig lake = IngestJob.lakeConfig(cfg);
        int released = 0;
        for (SilverTable t : SilverTables.everyTable()) {
            try (TriggerLockFactory locks = InJobMaintenance.lockFactory(cfg, lake, t.name())) {
                locks.open();
                TriggerLockFactory.Lock lock = locks.createLock();
                if (lock.isHeld()) {
                    lock.unlock();
                    released++;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        System.out.printf(
                "pcw maintain: the previous run (%s) ended without finishing; released %d table"
                        + " maintenance lock(s) it may have left%n",
                previous.holder, released);
    }

    private int maintain(
            PcwConfig cfg, List<SilverTable> chosen, Duration keep, int last, long target) {
        LakeConfig lake = IngestJob.lakeConfig(cfg);
        Catalog catalog = Catalogs.create(lake);
        int conflicts = 0;
        int busy = 0;
        System.out.printf(
                "pcw maintain: %s; snapshots kept: %s and at least %d per table%n",
                lake.lakeRoot(), noExpire ? "all" : "those of the last " + human(keep), last);
        try {
            for (SilverTable t : chosen) {
                if (!catalog.tableExists(lake.tableIdentifier(t.name()))) {
                    System.out.printf("  %s: not in the lake%n", t.name());
                    continue;
                }
                Table table = catalog.loadTable(lake.tableIdentifier(t.name()));
                StringBuilder line = new StringBuilder("  " + t.name() + ": ");
                // The lock a running job's in-job maintenance takes (maintenance.in_job).
                TriggerLockFactory locks = InJobMaintenance.lockFactory(cfg, lake, t.name());
                locks.open();
                TriggerLockFactory.Lock lock = locks.createLock();
                if (!lock.tryLock()) {
                    locks.close();
                    busy++;
                    System.out.println(
                            line
                                    + "skipped: the ingest job's in-job maintenance holds its lock"
                                    + " (working on it now, or left by a job that died while it"
                                    + " was: restarting that job releases it); run pcw maintain"
                                    + " again later");
                    continue;
                }
                try {
                    if (!noCompact && t.upsert() && !table.spec().isPartitioned()) {
                        long t0 = System.nanoTime();
                        try {
                            TableMaintenance.Compaction c = TableMaintenance.prepare(table, target);
                            if (c.isNeeded()) {
                                c.commit();
                                line.append(
                                        String.format(
                                                Locale.ROOT,
                                                "compacted %,d data and %,d delete file(s) into %,d"
                                                        + " (%,d rows) in %.1fs",
                                                c.dataFilesBefore(),
                                                c.deleteFilesBefore(),
                                                c.dataFilesAfter(),
                                                c.records(),
                                                (System.nanoTime() - t0) / 1e9));
                            } else {
                                line.append(
                                        String.format(
                                                Locale.ROOT,
                                                "already compact (%,d data file(s), no delete file)",
                                                c.dataFilesBefore()));
                            }
                        } catch (ValidationException e) {
                            conflicts++;
                            line.append(
                                    "not compacted: a commit made meanwhile conflicts with it ("
                                            + e.getMessage()
                                            + "); nothing changed, run pcw maintain again");
                        }
                    } else if (!noCompact) {
                        // Append-only and copy-on-write tables are written without delete files.
                        line.append(t.upsert() ? "not compacted (partitioned)" : "no delete files");
                    }
                    if (!noExpire) {
                        TableMaintenance.Expiry x = TableMaintenance.expire(table, keep, last);
                        line.append(line.toString().endsWith(": ") ? "" : "; ")
                                .append(
                                        String.format(
                                                Locale.ROOT,
                                                "expired %,d of %,d snapshot(s)",
                                                x.expired(),
                                                x.before));
                        if (x.protectedFrom != null) {
                            line.append(" (those since ")
                                    .append(x.protectedFrom)
                                    .append(", the newest a Flink job committed, are kept)");
                        }
                    }
                    System.out.println(line);
                } finally {
                    lock.unlock();
                    locks.close();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            Catalogs.closeQuietly(catalog);
        }
        if (busy > 0) {
            System.out.println(
                    "pcw maintain: "
                            + busy
                            + " table(s) skipped: the ingest job's in-job maintenance holds their"
                            + " lock; run it again later.");
            return 1;
        }
        if (conflicts > 0) {
            System.out.println(
                    "pcw maintain: "
                            + conflicts
                            + " table(s) not compacted because of a concurrent commit; run it"
                            + " again.");
            return 1;
        }
        System.out.println("pcw maintain: done.");
        return 0;
    }

    private static String human(Duration d) {
        if (d.toDays() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + " day(s)";
        }
        if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
            return d.toHours() + " hour(s)";
        }
        return d.toSeconds() + " s";
    }
}
