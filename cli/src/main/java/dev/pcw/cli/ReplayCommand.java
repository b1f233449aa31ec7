package dev.pcw.cli;

import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.JobLeases;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.replay.DeadLetterReplay;
import dev.pcw.jobs.replay.ReplayJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code pcw replay}: bronze → silver again, without an API call (see {@link ReplayJob}). Refuses
 * to run beside a running ingest job (both write the current tables) and holds the connector's
 * {@code replay} lease while it runs, which {@code pcw run ingest} respects in turn.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Rebuild silver from bronze: read the bronze files of a range of UTC days, normalize"
                    + " them again and write silver idempotently (history keeps each version"
                    + " once; current tables end on the newest version of each record, rewritten"
                    + " where the normalizer now gives other values; dead letters are kept once)."
                    + " Makes no API call. Change events only with --emit-events. Safe to run"
                    + " again: a replay of what silver holds writes nothing.",
            ""
        },
        footer = {
            "",
            "Stop 'pcw run ingest' first; the replay refuses to run beside it.",
            "",
            "Examples:",
            "  pcw replay                                   # all of bronze",
            "  pcw replay --from 2026-11-01 --to 2026-11-30 --entity opportunities",
            "  pcw replay --from 2026-11-28 --emit-events   # and announce what changed"
        })
final class ReplayCommand implements Callable<Integer> {
    /** How long the replay lease lasts without a heartbeat (renewed every few seconds). */
    static final Duration TTL = Duration.ofSeconds(60);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--from",
            paramLabel = "YYYY-MM-DD",
            description = "First UTC day of bronze to read (default: the first there is).")
    String from;

    @Option(
            names = "--to",
            paramLabel = "YYYY-MM-DD",
            description = "Last UTC day of bronze to read, inclusive (default: today).")
    String to;

    @Option(
            names = "--entity",
            split = ",",
            paramLabel = "ENTITY",
            description =
                    "Only these bronze entities (opportunities, solutions, engagement_invitations,"
                            + " engagements, events; repeatable or comma-separated). Default:"
                            + " every entity bronze holds.")
    List<String> entities = new ArrayList<>();

    @Option(
            names = "--emit-events",
            description =
                    "Detect changes against silver and send change events to the configured sinks"
                            + " (their ids are those a sync gives: consumers that deduplicate"
                            + " see nothing twice).")
    boolean emitEvents;

    @Option(
            names = "--dead-letters",
            description =
                    "Replay dead_letters instead of bronze: Partner Central payloads set aside are"
                            + " normalized again; what now passes moves to silver, what still"
                            + " fails stays with the reason it gets now.")
    boolean deadLetters;

    @Option(
            names = "--since",
            paramLabel = "YYYY-MM-DD",
            description = "With --dead-letters: only those fetched on or after this UTC day.")
    String since;

    @CommandLine.Mixin ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        if (deadLetters && (from != null || to != null || !entities.isEmpty())) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--dead-letters replays what dead_letters keeps: it takes --since, not --from,"
                            + " --to or --entity");
        }
        if (since != null && !deadLetters) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--since goes with --dead-letters (bronze takes --from)");
        }
        LocalDate sinceDay;
        ReplayJob.Selection selection;
        try {
            sinceDay = ReplayJob.day(since == null ? List.of() : List.of(since), "--since");
            selection =
                    new ReplayJob.Selection(
                            ReplayJob.day(from == null ? List.of() : List.of(from), "--from"),
                            ReplayJob.day(to == null ? List.of() : List.of(to), "--to"),
                            ReplayJob.entities(entities));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PcwConfig cfg = options.load();
        try (MetadataDb db = LocalFlink.openDb(cfg)) {
            String connectorId =
                    new Connectors(db, Clock.systemUTC())
                            .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            JobLeases leases = new JobLeases(db, Clock.systemUTC());
            Optional<JobLeases.Row> ingest = runningIngest(leases, connectorId);
            if (ingest.isPresent()) {
                System.err.println(
                        "pcw replay: not started: the ingest job is running ("
                                + ingest.get().holder
                                + ") and both write the current tables. Stop it (Ctrl-C, or"
                                + " 'flink stop' on a cluster), replay, then start it again.");
                return 1;
            }
            JobLeases.Lease lease;
            try {
                lease =
                        leases.acquire(
                                connectorId,
                                "replay",
                                IngestSession.holder("pcw replay"),
                                TTL,
                                null,
                                IngestSession::goneFromThisMachine);
            } catch (JobLeases.HeldException e) {
                System.err.println("pcw replay: not started: " + e.getMessage());
                return 1;
            }
            try {
                return deadLetters
                        ? replayDeadLetters(cfg, sinceDay, leases, lease)
                        : replay(cfg, selection, leases, lease);
            } finally {
                leases.release(lease, null);
            }
        }
    }

    /** The ingest job's lease when a live job holds it. */
    static Optional<JobLeases.Row> runningIngest(JobLeases leases, String connectorId) {
        return leases.current(connectorId, "ingest")
                .filter(r -> r.releasedAt == null)
                .filter(r -> r.expiresAt.isAfter(Instant.now()))
                .filter(r -> !IngestSession.goneFromThisMachine(r));
    }

    private int replay(
            PcwConfig cfg, ReplayJob.Selection selection, JobLeases leases, JobLeases.Lease lease)
            throws Exception {
        StreamExecutionEnvironment env =
                LocalFlink.environment(cfg, null, false, "checkpoints-replay");
        ProgressReporter.reset();
        ReplayJob.Plan plan = ReplayJob.build(env, cfg, selection, emitEvents);
        if (plan.folders.isEmpty()) {
            System.out.println(
                    "pcw replay: no bronze for "
                            + selection
                            + " under "
                            + plan.lake.lakeRoot()
                            + "/bronze/partnercentral: nothing to do.");
            return 0;
        }
        System.out.printf(
                "pcw replay: %s: %d bronze folder(s) under %s/bronze/partnercentral into %s;"
                        + " events: %s%n",
                selection,
                plan.folders.size(),
                plan.lake.lakeRoot(),
                plan.lake.namespace(),
                plan.eventTargets.isEmpty() ? "none" : String.join(", ", plan.eventTargets));
        Integer stopped = run(env, leases, lease);
        if (stopped != null) {
            return stopped;
        }
        System.out.printf(
                "pcw replay: done in %.1fs: %,d bronze line(s); current tables: %,d row(s)"
                        + " written, %,d unchanged, %,d older than silver; %,d dead letter(s)"
                        + "%s%n",
                (System.nanoTime() - start) / 1e9,
                ProgressReporter.sum(ProgressReporter.BRONZE_LINES),
                ProgressReporter.sum(ProgressReporter.REPLAY_WRITTEN),
                ProgressReporter.sum(ProgressReporter.REPLAY_UNCHANGED),
                ProgressReporter.sum(ProgressReporter.REPLAY_OLDER),
                ProgressReporter.sum(ProgressReporter.DEAD_LETTERS),
                emitEvents
                        ? String.format(
                                Locale.ROOT,
                                "; %,d change event(s)",
                                ProgressReporter.sum(ProgressReporter.EVENTS))
                        : "");
        return 0;
    }

    /**
     * Runs the job with a progress line every 2 s and the lease renewed; the exit code when a
     * signal stopped it, null when it finished.
     */
    private Integer run(StreamExecutionEnvironment env, JobLeases leases, JobLeases.Lease lease)
            throws Exception {
        AtomicReference<String> stop = new AtomicReference<>();
        for (String sig : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(sig), s -> stop.compareAndSet(null, "SIG" + s.getName()));
        }
        start = System.nanoTime();
        boolean tty = System.console() != null;
        JobClient client = env.executeAsync("pcw replay");
        CompletableFuture<?> result = client.getJobExecutionResult();
        long lastLine = System.nanoTime();
        long lastRenew = System.nanoTime();
        while (!result.isDone()) {
            Thread.sleep(200);
            if (stop.get() != null) {
                client.cancel().get(60, TimeUnit.SECONDS);
                System.out.println(
                        "\npcw replay: stopped by "
                                + stop.get()
                                + ". What it committed stays; a replay is idempotent: run the"
                                + " same command again to finish.");
                return stop.get().equals("SIGINT") ? 130 : 143;
            }
            if (System.nanoTime() - lastRenew > TimeUnit.SECONDS.toNanos(10)) {
                leases.renew(lease, TTL);
                lastRenew = System.nanoTime();
            }
            if (System.nanoTime() - lastLine > TimeUnit.SECONDS.toNanos(2)) {
                String line = progress((System.nanoTime() - start) / 1e9);
                System.out.print(tty ? "\r  " + line + "   " : "  " + line + "\n");
                lastLine = System.nanoTime();
            }
        }
        result.get();
        if (tty) {
            System.out.println();
        }
        return null;
    }

    private long start;

    private int replayDeadLetters(
            PcwConfig cfg, LocalDate sinceDay, JobLeases leases, JobLeases.Lease lease)
            throws Exception {
        DeadLetterReplay.Plan plan = DeadLetterReplay.plan(cfg, sinceDay);
        System.out.printf(
                "pcw replay: dead letters%s: %,d read; %,d now pass; %,d get a new reason; %,d"
                        + " fail as before (left as they are)%n",
                sinceDay == null ? "" : " since " + sinceDay,
                plan.read,
                plan.passing,
                plan.newReason,
                plan.unchanged);
        if (plan.withoutBronze > 0) {
            System.out.printf(
                    "pcw replay: %,d dead letter(s) kept redacted have no bronze line any more"
                            + " (expired, or not a bronze record): left as they are%n",
                    plan.withoutBronze);
        }
        if (plan.isEmpty()) {
            System.out.println("pcw replay: nothing to move.");
            return 0;
        }
        StreamExecutionEnvironment env =
                LocalFlink.environment(cfg, null, false, "checkpoints-replay");
        ProgressReporter.reset();
        DeadLetterReplay.build(env, cfg, plan, emitEvents);
        Integer stopped = run(env, leases, lease);
        if (stopped != null) {
            return stopped;
        }
        int removed = DeadLetterReplay.removeMoved(cfg, plan);
        System.out.printf(
                "pcw replay: done in %.1fs: %,d moved to silver, %,d kept with their new reason;"
                        + " %,d old dead letter(s) removed%n",
                (System.nanoTime() - start) / 1e9, plan.passing, plan.newReason, removed);
        return 0;
    }

    static String progress(double seconds) {
        return String.format(
                Locale.ROOT,
                "%6.1fs  bronze lines %,d · rows written %,d · unchanged %,d · older %,d · dead"
                        + " letters %,d",
                seconds,
                ProgressReporter.sum(ProgressReporter.BRONZE_LINES),
                ProgressReporter.sum(ProgressReporter.REPLAY_WRITTEN),
                ProgressReporter.sum(ProgressReporter.REPLAY_UNCHANGED),
                ProgressReporter.sum(ProgressReporter.REPLAY_OLDER),
                ProgressReporter.sum(ProgressReporter.DEAD_LETTERS));
    }
}
