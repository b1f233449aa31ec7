package dev.pcw.cli;

import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
            "  pcw run ingest --set connectors.partner_central.catalogs=Sandbox"
        })
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "The job: ingest.")
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
            names = "--from-savepoint",
            description = "Restore from this savepoint or retained checkpoint.")
    String savepoint;

    @Override
    public Integer call() throws Exception {
        if (!"ingest".equals(job)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "unknown job '" + job + "': the jobs are: ingest");
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
        Map<String, dev.pcw.connectors.partnercentral.source.RunListener.Resume> resume =
                savepoint == null ? LocalFlink.resume(cfg) : Map.of();
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
        StreamExecutionEnvironment env = LocalFlink.environment(cfg, savepoint);
        IngestJob.Plan plan = IngestJob.build(env, cfg, once, resume, LocalFlink.listener(cfg));
        for (String note : plan.lakeNotes) {
            System.out.println("pcw ingest: lake check: " + note);
        }
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
        ProgressReporter.reset();
        JobClient client = env.executeAsync("pcw ingest");
        java.util.concurrent.CompletableFuture<?> result = client.getJobExecutionResult();
        boolean tty = System.console() != null;
        long start = System.nanoTime();
        long lastPrint = System.nanoTime();
        while (!result.isDone()) {
            Thread.sleep(250);
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
        } finally {
            String line = progress((System.nanoTime() - start) / 1e9);
            System.out.print(tty ? "\r  " + line + "   \n" : "  " + line + "\n");
        }
        System.out.println(
                "pcw ingest: done. Runs: "
                        + dev.pcw.connectors.metadata.JdbcUrls.redact(LocalFlink.dbUrl(cfg))
                        + " (table ingestion_runs)");
        return 0;
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
