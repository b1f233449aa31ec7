package dev.pcw.cli;

import dev.pcw.connectors.metadata.JobLeases;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

/** {@code pcw run <job>}: runs a job on a local Flink. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        description = {
            "Run a pcw job on a local Flink (for a cluster, submit the jobs jar instead; see the"
                    + " README's Deploy section).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  pcw run ingest --config connectors.yaml --bounded",
            "  pcw run ingest --bounded --full --entity opportunities",
            "  pcw run ingest --set connectors.partner_central.catalogs=Sandbox",
            "  pcw run partner-tiers --bounded --set partner_tiers.input=./partners"
        })
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "The job: ingest or partner-tiers.")
    String job;

    @Option(
            names = "--config",
            description = "connectors.yaml (default: ./connectors.yaml if present).")
    Path config;

    @Option(
            names = "--bounded",
            description = "Sync once and finish, whatever the configured mode.")
    boolean bounded;

    @Option(names = "--set", description = "Override a setting: key=value (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(
            names = "--full",
            description =
                    "Resync in full: ignore the watermarks and fingerprints the metadata DB"
                            + " recorded (for every entity, or those --entity names).")
    boolean full;

    @Option(
            names = "--entity",
            split = ",",
            paramLabel = "ENTITY",
            description = "With --full: only these entities (repeatable, or comma-separated).")
    List<String> fullEntities = new ArrayList<>();

    @Option(
            names = "--no-restore",
            description =
                    "Do not resume from what the previous job left (its savepoint, or the last"
                            + " checkpoint of a job that died); start from the metadata DB.")
    boolean noRestore;

    @Option(
            names = "--from-savepoint",
            description = "Restore from this savepoint or retained checkpoint.")
    String savepoint;

    @Override
    public Integer call() throws Exception {
        if ("partner-tiers".equals(job)) {
            return partnerTiers();
        }
        if (!"ingest".equals(job)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "unknown job '" + job + "': the jobs are: ingest, partner-tiers");
        }
        PcwConfig cfg = LocalFlink.config(config, sets, Map.of());
        if (!cfg.enabled()) {
            System.out.println(
                    "pcw ingest: not started: connectors.partner_central.enabled is false"
                            + (config == null ? "" : " in " + config)
                            + ". Set it to true (or add --set"
                            + " connectors.partner_central.enabled=true) to sync.");
            return 0;
        }
        boolean once = bounded || cfg.mode().equals("batch");
        List<PartnerCentralEntity> fullOnly = new ArrayList<>();
        for (String e : fullEntities) {
            fullOnly.add(PartnerCentralEntity.parse(e));
        }
        if (!fullOnly.isEmpty() && !full) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--entity goes with --full (which entities to resync)");
        }
        if (full && savepoint != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--full and --from-savepoint contradict each other: a savepoint resumes where"
                            + " its job stood");
        }
        Path checkpoints = cfg.home().toAbsolutePath().resolve("checkpoints");
        Path localLake = localLakeRoot(cfg);
        try (MetadataDb db = LocalFlink.openDb(cfg);
                IngestSession session = openSession(db, checkpoints, IngestJob.lakeConfig(cfg))) {
            String restore = savepoint;
            if (restore == null && !full && !noRestore) {
                Optional<IngestSession.Restore> r = session.restorePoint(checkpoints);
                if (r.isPresent()) {
                    restore = r.get().path;
                    System.out.println(
                            "pcw ingest: "
                                    + r.get().why
                                    + ": "
                                    + restore
                                    + " (pass --no-restore to start from the metadata DB"
                                    + " instead)");
                } else if (session.predecessorDied()) {
                    System.out.println(
                            "pcw ingest: the previous job ended without releasing its lease and"
                                    + " left no checkpoint: starting from the metadata DB (if it"
                                    + " was cut short, what it fetched after its last recorded run"
                                    + " is fetched again)");
                }
            }
            if (restore == null) {
                // Not restoring: what earlier jobs left to resume from is superseded by the DB.
                IngestSession.removeCheckpoints(checkpoints);
            }
            if (restore == null && localLake != null) {
                // Nothing will commit them: the job that wrote them is gone, and we hold the lease.
                int removed = IngestSession.removeUnfinishedParts(localLake).size();
                if (removed > 0) {
                    System.out.printf(
                            "pcw ingest: removed %d unfinished part file(s) a job that ended"
                                    + " without finishing left in the lake%n",
                            removed);
                }
            }
            Map<String, dev.pcw.connectors.partnercentral.source.RunListener.Resume> resume =
                    restore == null ? LocalFlink.resume(cfg) : Map.of();
            if (full) {
                resume = IngestJob.forgetting(resume, fullOnly);
                System.out.println(
                        "pcw ingest: full resync of "
                                + (fullOnly.isEmpty()
                                        ? "every entity"
                                        : fullOnly.stream()
                                                .map(PartnerCentralEntity::configName)
                                                .collect(java.util.stream.Collectors.joining(", ")))
                                + " (the metadata DB's watermarks are not used)");
            }
            // A retained checkpoint is taken over (deleted once this job has its own, or has
            // finished): killed after its job finished, this job must not leave its
            // predecessor's checkpoint behind for the next one to restore and redo.
            boolean claim =
                    restore != null
                            && savepoint == null
                            && IngestSession.isRetainedCheckpoint(restore, checkpoints);
            PcwConfig jobCfg = claim ? backendOf(cfg, restore) : cfg;
            StreamExecutionEnvironment env = LocalFlink.environment(jobCfg, restore, claim);
            IngestJob.Plan plan = IngestJob.build(env, cfg, once, resume, LocalFlink.listener(cfg));
            for (String note : plan.lakeNotes) {
                System.out.println("pcw ingest: lake check: " + note);
            }
            describe(cfg, once, plan);
            return execute(env, session, cfg, once, checkpoints, localLake);
        }
    }

    /**
     * The configuration this job runs with when it resumes the retained checkpoint at {@code
     * restore}: that checkpoint restores only into the state backend that wrote it, so a {@code
     * flink.state_backend} changed since it was taken applies from the next job on.
     */
    private static PcwConfig backendOf(PcwConfig cfg, String restore) {
        Optional<String> wrote = IngestSession.checkpointBackend(restore);
        if (wrote.isEmpty() || wrote.get().equals(cfg.stateBackend())) {
            return cfg;
        }
        System.out.printf(
                "pcw ingest: the checkpoint holds %s state (flink.state_backend was %s when it was"
                        + " taken): this job restores it with %s; flink.state_backend %s applies"
                        + " from the next job%n",
                wrote.get().equals("rocksdb") ? "RocksDB" : "heap",
                wrote.get(),
                wrote.get(),
                cfg.stateBackend());
        return cfg.with(Map.of("flink.state_backend", wrote.get()));
    }

    /**
     * The partner-tiers job: bounded (apply what the folder holds, announce, finish) or watching
     * the folder until Ctrl-C (then stopped with a savepoint that --from-savepoint resumes).
     */
    private int partnerTiers() throws Exception {
        if (full || !fullEntities.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--full and --entity are options of the ingest job");
        }
        PcwConfig cfg = LocalFlink.config(config, sets, Map.of());
        // Its own checkpoint folder: the ingest job's restore logic owns home/checkpoints.
        StreamExecutionEnvironment env =
                LocalFlink.environment(cfg, savepoint, false, "checkpoints-partner-tiers");
        String dbUrl = LocalFlink.dbUrl(cfg);
        LocalFlink.openDb(cfg).close();
        // Opens the tables here first: Hadoop's file system (and its shutdown hook) then belongs
        // to this process's class loader, not to the job's, which is closed when the job ends.
        long historyBefore;
        java.time.Instant started = java.time.Instant.now();
        try (TiersCommand.Lake lake = new TiersCommand.Lake(cfg)) {
            lake.store.catchUpHistory();
            historyBefore = lake.store.historySnapshotId();
        }
        dev.pcw.jobs.tiers.PartnerTiersJob.Plan plan =
                dev.pcw.jobs.tiers.PartnerTiersJob.build(env, cfg, bounded, dbUrl);
        System.out.printf(
                "pcw partner-tiers: %s %s into %s.partner_tiers; events to %s%n",
                bounded ? "applying the files of" : "watching",
                plan.folder,
                plan.lake.namespace(),
                plan.eventTargets.isEmpty() ? "nowhere" : String.join(", ", plan.eventTargets));
        if (bounded) {
            env.execute("pcw partner-tiers");
            try (TiersCommand.Lake lake = new TiersCommand.Lake(cfg)) {
                java.util.List<dev.pcw.schemas.tiers.TierVersion> versions =
                        lake.store.versionsAfter(historyBefore);
                long added =
                        versions.stream()
                                .filter(
                                        v ->
                                                v.change()
                                                        == dev.pcw.schemas.tiers.TierVersion.Change
                                                                .ADDED)
                                .count();
                long applies = versions.stream().map(v -> v.applyId()).distinct().count();
                int refused = TiersCommand.refusedSince(lake, started);
                System.out.printf(
                        "pcw partner-tiers: done: %d added, %d updated in %d apply(s)%s%n",
                        added,
                        versions.size() - added,
                        applies,
                        refused == 0
                                ? ""
                                : "; "
                                        + refused
                                        + " refused record(s) or file(s) kept in dead_letters"
                                        + " (source partner_tiers)");
            }
            return 0;
        }
        AtomicReference<String> stop = new AtomicReference<>();
        for (String sig : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(sig), s -> stop.compareAndSet(null, "SIG" + s.getName()));
        }
        JobClient client = env.executeAsync("pcw partner-tiers");
        java.util.concurrent.CompletableFuture<?> result = client.getJobExecutionResult();
        while (!result.isDone()) {
            Thread.sleep(250);
            if (stop.get() != null) {
                String sp = stopWithSavepoint(client, cfg);
                System.out.println(
                        "pcw partner-tiers: stopped; resume with: pcw run partner-tiers"
                                + " --from-savepoint "
                                + sp);
                return stop.get().equals("SIGINT") ? 130 : 143;
            }
        }
        result.get();
        return 0;
    }

    private IngestSession openSession(
            MetadataDb db, Path checkpoints, dev.pcw.connectors.lake.LakeConfig lake) {
        try {
            return IngestSession.open(db, checkpoints, lake);
        } catch (JobLeases.HeldException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The lake root when it is a local folder (where part files can be listed), else null. */
    private static Path localLakeRoot(PcwConfig cfg) {
        java.net.URI root = java.net.URI.create(IngestJob.lakeConfig(cfg).lakeRoot());
        return "file".equals(root.getScheme()) ? Path.of(root) : null;
    }

    private static void describe(PcwConfig cfg, boolean once, IngestJob.Plan plan) {
        String how;
        if (once) {
            how = "bounded (sync once)";
        } else if (cfg.eventDriven() && cfg.mode().equals("streaming")) {
            how =
                    "streaming (one catch-up sync, then Partner Central's events from Kinesis "
                            + cfg.eventsStream()
                            + ")";
        } else if (cfg.eventDriven()) {
            how =
                    "hybrid (on schedule '"
                            + cfg.scheduleCron()
                            + "' and on Partner Central's events from Kinesis "
                            + cfg.eventsStream()
                            + ")";
        } else if (cfg.mode().equals("hybrid")) {
            how =
                    "on schedule '"
                            + cfg.scheduleCron()
                            + "' (hybrid without"
                            + " connectors.partner_central.events.stream: no event-driven fetches)";
        } else {
            how = "on schedule '" + cfg.scheduleCron() + "'";
        }
        System.out.printf(
                "pcw ingest: %s, catalogs %s, entities %s, lake %s%n",
                how,
                cfg.catalogs().stream()
                        .map(c -> c.wireName())
                        .collect(java.util.stream.Collectors.toList()),
                cfg.entities().stream()
                        .map(e -> e.configName())
                        .collect(java.util.stream.Collectors.toList()),
                plan.lake.lakeRoot());
        System.out.println(
                "pcw ingest: change events to "
                        + (plan.eventTargets.isEmpty()
                                ? "nowhere (events.sinks: none)"
                                : String.join(", ", plan.eventTargets)));
    }

    /**
     * Runs the job with a progress line until it ends, is stopped (Ctrl-C, SIGTERM: with a
     * savepoint the next run resumes from) or loses its lease; records how it ended.
     */
    private int execute(
            StreamExecutionEnvironment env,
            IngestSession session,
            PcwConfig cfg,
            boolean once,
            Path checkpoints,
            Path localLake)
            throws Exception {
        ProgressReporter.reset();
        AtomicReference<String> stop = new AtomicReference<>();
        for (String sig : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(sig), s -> stop.compareAndSet(null, "SIG" + s.getName()));
        }
        AtomicBoolean lost = new AtomicBoolean();
        JobClient client = env.executeAsync("pcw ingest");
        session.startHeartbeat(() -> lost.set(true));
        java.util.concurrent.CompletableFuture<?> result = client.getJobExecutionResult();
        boolean tty = System.console() != null;
        long start = System.nanoTime();
        long lastPrint = System.nanoTime();
        while (!result.isDone()) {
            Thread.sleep(250);
            if (stop.get() != null) {
                return stop(client, session, stop.get(), cfg, checkpoints, start, tty);
            }
            if (lost.get()) {
                client.cancel().get(60, TimeUnit.SECONDS);
                session.failUnfinishedRuns("stopped: another job took over the connector's lease");
                throw new IllegalStateException(
                        "another job took over this connector's lease (this one had not renewed it"
                                + " for "
                                + IngestSession.TTL.getSeconds()
                                + " s: was the machine asleep?); stopped this one");
            }
            long now = System.nanoTime();
            if (now - lastPrint >= (tty ? 500_000_000L : 10_000_000_000L)) {
                lastPrint = now;
                String line = progress((now - start) / 1e9);
                System.out.print(tty ? "\r  " + line + "   " : "  " + line + "\n");
                System.out.flush();
            }
        }
        try {
            result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            printProgress(start, tty);
            // Its checkpoints are retained: the next run resumes from the last one.
            String resumeFrom =
                    IngestSession.latestCheckpoint(checkpoints)
                            .map(p -> p.toUri().toString())
                            .orElse(null);
            session.failUnfinishedRuns(
                    "the job failed: "
                            + Pcw.messageOf(e.getCause())
                            + (resumeFrom == null
                                    ? ""
                                    : "; the next 'pcw run ingest' resumes from " + resumeFrom));
            session.release(resumeFrom);
            throw e;
        }
        if ("job-finished".equals(System.getenv("PCW_TEST_HALT_AT"))) {
            // Test-only pause point: dies here, as a process killed right after its job
            // finished (its checkpoints discarded by Flink, its lease not yet released) would.
            System.out.println("pcw-test: halting once the job finished");
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
        printProgress(start, tty);
        int unconfirmed =
                session.failUnfinishedRuns(
                        "the job finished, but this run's last records were not confirmed in the"
                                + " lake within "
                                + IngestJob.COMMIT_WAIT.toMinutes()
                                + " min; the next run starts from the run before it");
        if (unconfirmed > 0) {
            System.out.println(
                    "pcw ingest: "
                            + unconfirmed
                            + " run(s) could not be confirmed in the lake and are marked FAILED;"
                            + " the next run fetches their records again");
        }
        if (once) {
            // Finished: nothing is left to resume, and nothing left unfinished will commit.
            // Removed before the release, so that no finished job's checkpoint is ever restored.
            IngestSession.removeCheckpoints(checkpoints);
            if (localLake != null) {
                IngestSession.removeUnfinishedParts(localLake);
            }
        }
        session.release(null);
        System.out.println(
                "pcw ingest: done. Runs: "
                        + dev.pcw.connectors.metadata.JdbcUrls.redact(LocalFlink.dbUrl(cfg))
                        + " (table ingestion_runs)");
        return 0;
    }

    private static void printProgress(long start, boolean tty) {
        String line = progress((System.nanoTime() - start) / 1e9);
        System.out.print(tty ? "\r  " + line + "   \n" : "  " + line + "\n");
    }

    /**
     * Stops the job on a signal: with a savepoint when it can (the next run resumes from it), else
     * by cancelling (the next run resumes from the last retained checkpoint).
     */
    private static int stop(
            JobClient client,
            IngestSession session,
            String signal,
            PcwConfig cfg,
            Path checkpoints,
            long start,
            boolean tty)
            throws Exception {
        printProgress(start, tty);
        System.out.println("pcw ingest: " + signal + ": stopping with a savepoint...");
        String resumeFrom;
        try {
            resumeFrom = stopWithSavepoint(client, cfg);
        } catch (Exception e) {
            System.out.println(
                    "pcw ingest: no savepoint ("
                            + Pcw.messageOf(e)
                            + "); cancelling, the next run resumes from the last checkpoint");
            client.cancel().get(60, TimeUnit.SECONDS);
            resumeFrom =
                    IngestSession.latestCheckpoint(checkpoints)
                            .map(p -> p.toUri().toString())
                            .orElse(null);
        }
        int unfinished =
                session.failUnfinishedRuns(
                        "stopped by "
                                + signal
                                + (resumeFrom == null
                                        ? ""
                                        : "; the next 'pcw run ingest' resumes it from "
                                                + resumeFrom));
        session.release(resumeFrom);
        System.out.println(
                "pcw ingest: stopped. "
                        + (resumeFrom == null
                                ? "Nothing to resume from: the next run starts from the metadata DB."
                                : "Savepoint: "
                                        + resumeFrom
                                        + "; the next 'pcw run ingest' resumes from it")
                        + (unfinished == 0
                                ? ""
                                : " ("
                                        + unfinished
                                        + " unfinished run(s) marked FAILED until then)"));
        return signal.equals("SIGINT") ? 130 : 143;
    }

    /** Stops the job with a canonical savepoint under {@code {home}/savepoints}; its path. */
    private static String stopWithSavepoint(JobClient client, PcwConfig cfg) throws Exception {
        return dev.pcw.jobs.config.Savepoints.stop(
                client,
                cfg.home().toAbsolutePath().resolve("savepoints").toUri().toString(),
                java.time.Duration.ofSeconds(120));
    }

    /** One line of progress from the job's metrics. */
    static String progress(double seconds) {
        return String.format(
                java.util.Locale.ROOT,
                "%6.1fs  records %,d · API calls %,d · throttled %,d · dead letters %,d · change"
                        + " events %,d",
                seconds,
                ProgressReporter.sum(ProgressReporter.RECORDS),
                ProgressReporter.sum(ProgressReporter.API_CALLS),
                ProgressReporter.sum(ProgressReporter.THROTTLED),
                ProgressReporter.sum(ProgressReporter.DEAD_LETTERS),
                ProgressReporter.sum(ProgressReporter.EVENTS));
    }
}
