package dev.pcw.cli;

import dev.pcw.connectors.partnercentral.simulator.bench.SimulatorBenchmark;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pcw bench}: the benchmarks whose figures the README reports. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Run a benchmark and print its figures.", ""},
        subcommands = {
            BenchCommand.Simulator.class,
            BenchCommand.Ingest.class,
            BenchCommand.Normalize.class,
            BenchCommand.Events.class,
            BenchCommand.Fingerprints.class,
            BenchCommand.SidecarBench.class,
            BenchCommand.Tiers.class,
            BenchCommand.Replay.class,
            BenchCommand.Scale.class
        })
final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code pcw bench simulator}. */
    @Command(
            name = "simulator",
            mixinStandardHelpOptions = true,
            description = {
                "ListOpportunities pages of 100 per second that the simulator serves on loopback"
                        + " with quotas lifted (target: 500 pages/s).",
                ""
            })
    static final class Simulator implements Callable<Integer> {
        @Option(
                names = "--opportunities",
                description = "Records to page through (default: ${DEFAULT-VALUE}).")
        int opportunities = 10_000;

        @Option(
                names = "--seconds",
                description = "Measured seconds per client (default: ${DEFAULT-VALUE}).")
        double seconds = 10;

        @Option(
                names = "--threads",
                description = "Concurrent callers (default: ${DEFAULT-VALUE}).")
        int threads = 2;

        @Option(
                names = "--client",
                split = ",",
                description =
                        "raw (plain HTTP) and/or sdk (the AWS SDK client) (default: raw,sdk).")
        List<String> clients = List.of("raw", "sdk");

        @Override
        public Integer call() throws Exception {
            for (String c : clients) {
                if (!c.equals("raw") && !c.equals("sdk")) {
                    throw new CommandLine.ParameterException(
                            new CommandLine(this), "--client takes raw or sdk, not '" + c + "'");
                }
            }
            PrintStream out = System.out;
            List<SimulatorBenchmark.Result> results =
                    SimulatorBenchmark.run(opportunities, seconds, threads, clients, out);
            boolean met =
                    results.stream()
                            .anyMatch(
                                    r ->
                                            r.pagesPerSecond()
                                                    >= SimulatorBenchmark.TARGET_PAGES_PER_SECOND);
            out.println(met ? "target met" : "target NOT met");
            return 0;
        }
    }

    /** {@code pcw bench ingest}. */
    @Command(
            name = "ingest",
            mixinStandardHelpOptions = true,
            description = {
                "API efficiency of a full and an incremental sync: read calls ÷ ideal (targets"
                        + " ≤ 1.02 and ≤ 1.05), call rate ÷ quota while backlogged (≥ 0.95), and"
                        + " throttled calls (0).",
                ""
            })
    static final class Ingest implements Callable<Integer> {
        @Option(
                names = "--opportunities",
                description = "Opportunities (default: ${DEFAULT-VALUE}).")
        int opportunities = 10_000;

        @Option(
                names = "--quota",
                description =
                        "Read quota of the simulator and of pcw, calls/s (default: ${DEFAULT-VALUE}).")
        double quota = 200;

        @Option(
                names = "--change-percent",
                description =
                        "Share of records changed before the incremental sync (default: ${DEFAULT-VALUE}).")
        double changePercent = 5;

        @Override
        public Integer call() throws Exception {
            dev.pcw.cli.bench.IngestBenchmark.run(opportunities, quota, changePercent, System.out);
            return 0;
        }
    }

    /** {@code pcw bench normalize}. */
    @Command(
            name = "normalize",
            mixinStandardHelpOptions = true,
            description = {
                "Normalization throughput ÷ plain Jackson parsing of the same bronze lines, in the"
                        + " same run (target ≥ 0.5).",
                ""
            })
    static final class Normalize implements Callable<Integer> {
        @Option(names = "--lines", description = "Bronze lines (default: ${DEFAULT-VALUE}).")
        int lines = 20_000;

        @Option(
                names = "--seconds",
                description = "Measured seconds per side (default: ${DEFAULT-VALUE}).")
        int seconds = 5;

        @Override
        public Integer call() {
            dev.pcw.schemas.normalize.NormalizationBenchmark.run(lines, seconds, System.out);
            return 0;
        }
    }

    /** {@code pcw bench events}. */
    @Command(
            name = "events",
            mixinStandardHelpOptions = true,
            description = {
                "Change events: in hybrid mode, GetOpportunity calls ÷ distinct announced changes"
                        + " with duplicate events injected (target ≤ 1.0) and event-to-silver"
                        + " latency p95 (target ≤ checkpoint interval + 5 s), on the simulator and"
                        + " kinesalite (node and npm needed; installed under var/tools on first"
                        + " use); then the EventBridge sink's throughput against a local PutEvents"
                        + " endpoint, beside the plain SDK client in the same run.",
                ""
            })
    static final class Events implements Callable<Integer> {
        @Option(
                names = "--part",
                split = ",",
                description = "mode and/or sink (default: mode,sink).")
        List<String> parts = List.of("mode", "sink");

        @Option(
                names = "--opportunities",
                description = "Opportunities (default: ${DEFAULT-VALUE}).")
        int opportunities = 2_000;

        @Option(
                names = "--waves",
                description = "Waves of changes, a second apart (default: ${DEFAULT-VALUE}).")
        int waves = 10;

        @Option(
                names = "--changes-per-wave",
                description = "Random changes per wave (default: ${DEFAULT-VALUE}).")
        int changesPerWave = 20;

        @Option(
                names = "--duplicates",
                description =
                        "Share of Partner Central events delivered twice (default: ${DEFAULT-VALUE}).")
        double duplicates = 0.3;

        @Option(
                names = "--checkpoint-interval",
                description = "The job's checkpoint interval, seconds (default: ${DEFAULT-VALUE}).")
        double checkpointSeconds = 2;

        @Option(
                names = "--events",
                description = "Events through the EventBridge sink (default: ${DEFAULT-VALUE}).")
        int events = 50_000;

        @Option(
                names = "--failure-ratio",
                description =
                        "Share of PutEvents entries that fail in the sink's second run (default: ${DEFAULT-VALUE}).")
        double failureRatio = 0.05;

        @Option(
                names = "--home",
                description =
                        "Where the event-mode job keeps its state; emptied first (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path home = java.nio.file.Path.of("var", "bench-events");

        @Override
        public Integer call() throws Exception {
            for (String p : parts) {
                if (!p.equals("mode") && !p.equals("sink")) {
                    throw new CommandLine.ParameterException(
                            new CommandLine(this), "--part takes mode or sink, not '" + p + "'");
                }
            }
            PrintStream out = System.out;
            if (parts.contains("mode")) {
                dev.pcw.cli.bench.EventsBenchmark.eventMode(
                        opportunities,
                        changesPerWave,
                        waves,
                        duplicates,
                        200,
                        java.time.Duration.ofMillis(Math.round(checkpointSeconds * 1000)),
                        home,
                        java.nio.file.Path.of("var", "tools"),
                        out);
            }
            if (parts.contains("sink")) {
                dev.pcw.cli.bench.EventsBenchmark.sink(events, 2, failureRatio, out);
            }
            return 0;
        }
    }

    /** {@code pcw bench sidecar}. */
    @Command(
            name = "sidecar",
            mixinStandardHelpOptions = true,
            description = {
                "The sidecar: action requests at a fixed rate on loopback for a while (targets: p99"
                        + " ≤ 25 ms, 0 errors), then approved actions executed by two sidecars on"
                        + " one metadata DB at the write quota (target: executions/s ÷ quota ≥"
                        + " 0.95 with 0 throttled calls), against the simulator.",
                ""
            })
    static final class SidecarBench implements Callable<Integer> {
        @Option(names = "--rate", description = "Requests per second (default: ${DEFAULT-VALUE}).")
        int rate = 200;

        @Option(names = "--seconds", description = "How long (default: ${DEFAULT-VALUE}).")
        int seconds = 60;

        @Option(
                names = "--executions",
                description = "Approved actions executed (default: ${DEFAULT-VALUE}).")
        int executions = 60;

        @Option(
                names = "--write-rate",
                description =
                        "The write quota, per second (default: ${DEFAULT-VALUE}; AWS's is 1).")
        double writeRate = 2;

        @Option(
                names = "--home",
                description =
                        "Where its metadata DBs go; emptied first (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path home = java.nio.file.Path.of("var", "bench-sidecar");

        @Override
        public Integer call() throws Exception {
            dev.pcw.cli.bench.SidecarBenchmark.run(
                    rate, seconds, executions, writeRate, home, System.out);
            return 0;
        }
    }

    /** {@code pcw bench fingerprints}. */
    @Command(
            name = "fingerprints",
            mixinStandardHelpOptions = true,
            description = {
                "Memory and CPU per record of a full sync of engagement invitations and"
                        + " engagements (the entities synced by fingerprint), at a small and a large"
                        + " size in the same run: the large ÷ small ratios per record show whether"
                        + " the cost grows linearly (≈ 1) or faster.",
                ""
            })
    static final class Fingerprints implements Callable<Integer> {
        @Option(
                names = "--records",
                description =
                        "Invitations, and as many engagements, of the large sync (default: ${DEFAULT-VALUE}).")
        int records = 100_000;

        @Option(
                names = "--baseline",
                description = "The same of the small sync (default: ${DEFAULT-VALUE}).")
        int baseline = 1_000;

        @Override
        public Integer call() throws Exception {
            if (baseline < 1 || records < baseline) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this),
                        "--baseline must be at least 1 and at most --records");
            }
            dev.pcw.cli.bench.FingerprintBenchmark.run(baseline, records, System.out);
            return 0;
        }
    }

    /** {@code pcw bench tiers}. */
    @Command(
            name = "tiers",
            mixinStandardHelpOptions = true,
            description = {
                "A dry-run partner tier sync of a large CSV (the store holding its previous"
                        + " version) ÷ parsing the file with commons-csv alone, in one run (target"
                        + " ≥ 0.5), and the dry run's peak heap (target ≤ 1 GB). Run it with"
                        + " JAVA_OPTS=-Xmx1g to hold the heap to the target.",
                ""
            })
    static final class Tiers implements Callable<Integer> {
        @Option(names = "--rows", description = "Rows of the CSV file (default: ${DEFAULT-VALUE}).")
        int rows = 1_000_000;

        @Override
        public Integer call() throws Exception {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pcw-bench-tiers");
            try {
                dev.pcw.cli.bench.TiersBenchmark.run(rows, dir, System.out);
            } finally {
                Dirs.wipe(dir);
            }
            return 0;
        }
    }

    /** {@code pcw bench replay}. */
    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = {
                "The bronze replay's throughput ÷ plain Jackson parsing of the same bronze files,"
                        + " in the same run (target ≥ 0.5), and its peak heap.",
                ""
            })
    static final class Replay implements Callable<Integer> {
        @Option(
                names = "--lines",
                description = "Bronze lines, one record each (default: ${DEFAULT-VALUE}).")
        int lines = 200_000;

        @Option(
                names = "--parallelism",
                description = "The replay's parallelism (default: ${DEFAULT-VALUE}).")
        int parallelism = 2;

        @Override
        public Integer call() throws Exception {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pcw-bench-replay");
            try {
                dev.pcw.cli.bench.ReplayBenchmark.run(
                        lines,
                        parallelism,
                        dir,
                        cfg -> {
                            try {
                                return LocalFlink.environment(cfg, null, false, "checkpoints");
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        System.out);
            } finally {
                Dirs.wipe(dir);
            }
            return 0;
        }
    }

    /** {@code pcw bench scale}. */
    @Command(
            name = "scale",
            mixinStandardHelpOptions = true,
            description = {
                "pcw at scale: a full sync of a large simulated account (quotas lifted), each run"
                        + " bin/pcw run ingest --bounded in a process of its own with a capped heap"
                        + " (target ≤ 512 MB, and the records/s), then --runs incremental runs"
                        + " without maintenance, and --maintain-every runs past a pcw maintain (the"
                        + " table's worst with pcw maintain every that many runs); after each a"
                        + " full scan of the current opportunities table ÷ the same scan right"
                        + " after pcw maintain (target ≤ 1.2 with maintenance). At the defaults it"
                        + " takes about two hours and wants JAVA_OPTS=-Xmx6g for the simulator.",
                ""
            })
    static final class Scale implements Callable<Integer> {
        @Option(
                names = "--opportunities",
                description = "Opportunities in the account (default: ${DEFAULT-VALUE}).")
        int opportunities = 1_000_000;

        @Option(
                names = "--runs",
                description = "Incremental runs of each series (default: ${DEFAULT-VALUE}).")
        int runs = 100;

        @Option(
                names = "--changes-per-run",
                description =
                        "Random changes before each run, most of them to opportunities (default:"
                                + " ${DEFAULT-VALUE}).")
        int changesPerRun = 1_000;

        @Option(
                names = "--maintain-every",
                description =
                        "Runs between two pcw maintain: the runs after the first series' maintain"
                                + " (default: ${DEFAULT-VALUE}).")
        int maintainEvery = 10;

        @Option(
                names = "--run-checkpoint-interval",
                description =
                        "flink.checkpoint_interval of the incremental runs: a bounded run ends at"
                                + " the checkpoint after its last record, so a shorter interval"
                                + " shortens each run; every run commits at least once either way."
                                + " The full sync keeps the default (default: ${DEFAULT-VALUE}).")
        String runCheckpointInterval = "5s";

        @Option(
                names = "--heap",
                description =
                        "-Xmx of every pcw process the bench starts (default: ${DEFAULT-VALUE}).")
        String heap = "512m";

        @Option(
                names = "--maintain-heap",
                description = "-Xmx of every pcw maintain (default: ${DEFAULT-VALUE}).")
        String maintainHeap = "1g";

        @Option(
                names = "--state-backend",
                description =
                        "flink.state_backend of the runs: rocksdb (what a million records wants"
                                + " within 512 MB) or hashmap (default: ${DEFAULT-VALUE}).")
        String stateBackend = "rocksdb";

        @Option(
                names = "--scans",
                description = "Full scans per measurement, best kept (default: ${DEFAULT-VALUE}).")
        int scans = 3;

        @Option(
                names = "--home",
                description =
                        "Where the runs keep their lake, DB and logs; emptied first (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path home = java.nio.file.Path.of("var", "bench-scale");

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (opportunities < 1 || runs < 1 || changesPerRun < 1 || scans < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--opportunities, --runs, --changes-per-run and --scans must be at least 1");
            }
            if (maintainEvery < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--maintain-every must be at least 1");
            }
            try {
                dev.pcw.jobs.config.PcwConfig.load(
                                null,
                                java.util.Map.of(),
                                java.util.Map.of(
                                        "flink.checkpoint_interval", runCheckpointInterval))
                        .checkpointInterval();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--run-checkpoint-interval: "
                                + e.getMessage().replace("flink.checkpoint_interval is ", ""));
            }
            for (String[] size :
                    new String[][] {{"--heap", heap}, {"--maintain-heap", maintainHeap}}) {
                try {
                    dev.pcw.cli.bench.ScaleBenchmark.parseSize(size[1]);
                } catch (RuntimeException e) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            size[0] + " takes a size such as 512m or 1g, not '" + size[1] + "'");
                }
            }
            dev.pcw.cli.bench.ScaleBenchmark.Settings s =
                    new dev.pcw.cli.bench.ScaleBenchmark.Settings();
            s.opportunities = opportunities;
            s.runs = runs;
            s.changesPerRun = changesPerRun;
            s.maintainEvery = maintainEvery;
            s.runCheckpointInterval = runCheckpointInterval;
            s.heap = heap;
            s.maintainHeap = maintainHeap;
            if (!stateBackend.equals("rocksdb") && !stateBackend.equals("hashmap")) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--state-backend takes rocksdb or hashmap, not '" + stateBackend + "'");
            }
            s.stateBackend = stateBackend;
            s.scans = scans;
            s.home = home;
            dev.pcw.cli.bench.ScaleBenchmark.run(s, System.out);
            return 0;
        }
    }
}
