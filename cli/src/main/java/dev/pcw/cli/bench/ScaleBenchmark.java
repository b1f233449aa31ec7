package dev.pcw.cli.bench;

import dev.pcw.cli.Dirs;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * pcw at scale: a simulated account of {@code opportunities} (quotas lifted) synced by {@code pcw
 * run ingest --bounded}, each run a process of its own with the heap the issue allows the
 * TaskManager; then {@code runs} incremental runs without maintenance, a full scan of the current
 * opportunities table, {@code pcw maintain} and the same scan again.
 *
 * <p>With {@code pcw maintain} scheduled every {@code maintainEvery} runs, the table is at its
 * worst right before a maintain: {@code maintainEvery} runs past a fully compacted table, whatever
 * came before (compaction leaves one state, the live rows in target-size files and no delete file).
 * So after the maintain that closes the first series the bench runs {@code maintainEvery} more and
 * measures the same scan before and after another {@code pcw maintain}: the figure a table would
 * show after 100 runs with maintenance every {@code maintainEvery}, without running the 100 again.
 *
 * <p>Figures: the full sync's records/s (bronze and silver written, process start to exit), the
 * highest heap any run used (from its GC log: the heap in use before a collection, and what was
 * live after one), and the two scan ratios (after the runs ÷ right after {@code pcw maintain}).
 * Local Flink runs the JobManager and the TaskManager in one process, so its heap bounds the
 * TaskManager's from above. Before reporting, the bench checks silver holds exactly the simulator's
 * opportunities, one row per id.
 */
public final class ScaleBenchmark {
    /** The target of the scan ratio with scheduled maintenance. */
    static final double SCAN_TARGET = 1.2;

    private static final Pattern GC_LINE =
            Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private ScaleBenchmark() {}

    /** What the bench was asked to do. */
    public static final class Settings {
        public int opportunities = 1_000_000;
        public int runs = 100;
        public int changesPerRun = 1_000;
        public int maintainEvery = 10;
        public String runCheckpointInterval = "5s";
        public String heap = "512m";
        public String maintainHeap = "1g";
        public String stateBackend = "rocksdb";
        public int scans = 3;
        public Path home = Path.of("var", "bench-scale");
    }

    /** A run's heap figures, from its GC log, in bytes. */
    static final class Heap {
        long usedBeforeGc;
        long liveAfterGc;
        int collections;

        void add(Heap other) {
            usedBeforeGc = Math.max(usedBeforeGc, other.usedBeforeGc);
            liveAfterGc = Math.max(liveAfterGc, other.liveAfterGc);
            collections += other.collections;
        }
    }

    /** A full scan's figures. */
    static final class Scan {
        double seconds;
        long rows;
        String files;
    }

    public static void run(Settings s, PrintStream out) throws Exception {
        Dirs.reset(s.home, "pcw bench scale");
        Path home = s.home.toAbsolutePath().resolve("home");
        Path logs = Files.createDirectories(s.home.toAbsolutePath().resolve("logs"));
        long t0 = System.nanoTime();
        out.printf(
                Locale.ROOT,
                "simulator: generating %,d opportunities (quotas lifted)...%n",
                s.opportunities);
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .port(0)
                        .opportunities(s.opportunities)
                        .solutions(10)
                        .engagements(10)
                        .invitations(10)
                        .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                        .quotas(QuotaSettings.UNLIMITED)
                        .build();
        try (PartnerCentralSimulator sim = PartnerCentralSimulator.start(config)) {
            out.printf(
                    Locale.ROOT,
                    "simulator: ready in %.0f s; each run is bin/pcw run ingest --bounded in a"
                            + " process of its own with -Xmx%s and flink.state_backend %s (logs in"
                            + " %s)%n",
                    (System.nanoTime() - t0) / 1e9,
                    s.heap,
                    s.stateBackend,
                    logs);
            List<String> settings =
                    List.of(
                            "home=" + home,
                            "connectors.partner_central.endpoint=" + sim.endpoint(),
                            "connectors.partner_central.access_key_id=bench-scale",
                            "connectors.partner_central.secret_access_key=not-a-secret",
                            "connectors.partner_central.quota.read_rate=0",
                            "connectors.partner_central.quota.read_daily=0",
                            "connectors.partner_central.catalogs=AWS",
                            "connectors.partner_central.entities=opportunities",
                            "events.sinks=none",
                            "flink.state_backend=" + s.stateBackend);
            Heap runsHeap = new Heap();
            Heap maintainHeap = new Heap();

            long start = System.nanoTime();
            Heap fullHeap = pcw(s.heap, logs, "full-sync", settings, "run", "ingest", "--bounded");
            double fullSeconds = (System.nanoTime() - start) / 1e9;
            Scan fresh = scan(home, 1);
            out.printf(
                    Locale.ROOT,
                    "full sync: %,d opportunities into bronze and silver in %.1f s (process start to"
                            + " exit): %,.0f records/s%n",
                    fresh.rows,
                    fullSeconds,
                    fresh.rows / fullSeconds);
            out.printf(
                    Locale.ROOT,
                    "  heap (-Xmx%s, flink.state_backend %s): %s%n",
                    s.heap,
                    s.stateBackend,
                    heapLine(fullHeap));
            Path lakeRoot = home.resolve("lake");
            out.printf(
                    Locale.ROOT,
                    "  lake: bronze %,d MB, silver current %,d MB, history %,d MB%n",
                    megabytes(lakeRoot.resolve("bronze")),
                    megabytes(
                            lakeRoot.resolve("warehouse/pcw_silver/partnercentral_opportunities")),
                    megabytes(
                            lakeRoot.resolve(
                                    "warehouse/pcw_silver/partnercentral_opportunity_history")));
            checkSilver(sim, home, "the full sync");

            out.printf(
                    Locale.ROOT,
                    "%d incremental runs without maintenance, %,d random changes before each:%n",
                    s.runs,
                    s.changesPerRun);
            Scan[] plainScans =
                    series(
                            s,
                            sim,
                            home,
                            logs,
                            settings,
                            "plain",
                            s.runs,
                            runsHeap,
                            maintainHeap,
                            out);
            Scan plain = plainScans[0];
            Scan plainMaintained = plainScans[1];

            out.printf(
                    Locale.ROOT,
                    "pcw maintain every %d runs: the table right before a maintain, %d runs past"
                            + " the last one:%n",
                    s.maintainEvery,
                    s.maintainEvery);
            Scan[] scheduledScans =
                    series(
                            s,
                            sim,
                            home,
                            logs,
                            settings,
                            "scheduled",
                            s.maintainEvery,
                            runsHeap,
                            maintainHeap,
                            out);
            Scan scheduled = scheduledScans[0];
            Scan scheduledMaintained = scheduledScans[1];

            out.println();
            out.printf(
                    Locale.ROOT,
                    "full scan of the current opportunities table (best of %d, every column):%n",
                    s.scans);
            String every =
                    String.format(
                            Locale.ROOT,
                            "after %d runs, maintain every %d",
                            s.runs,
                            s.maintainEvery);
            String[][] rows = {
                {"after the full sync", line(fresh)},
                {String.format(Locale.ROOT, "after %d runs, unmaintained", s.runs), line(plain)},
                {"then after pcw maintain", line(plainMaintained)},
                {every, line(scheduled)},
                {"then after pcw maintain", line(scheduledMaintained)}
            };
            int width = 0;
            for (String[] r : rows) {
                width = Math.max(width, r[0].length());
            }
            for (String[] r : rows) {
                out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", r[0], r[1]);
            }
            double unmaintained = plain.seconds / plainMaintained.seconds;
            double maintained = scheduled.seconds / scheduledMaintained.seconds;
            out.printf(
                    Locale.ROOT,
                    "scan after %d runs ÷ right after pcw maintain, without maintenance: %.2f (why"
                            + " it matters)%n",
                    s.runs,
                    unmaintained);
            out.printf(
                    Locale.ROOT,
                    "scan after %d runs ÷ right after pcw maintain, pcw maintain every %d runs:"
                            + " %.2f (target ≤ %.1f) %s%n",
                    s.runs,
                    s.maintainEvery,
                    maintained,
                    SCAN_TARGET,
                    maintained <= SCAN_TARGET ? "met" : "NOT met");
            long cap = parseSize(s.heap);
            out.printf(
                    Locale.ROOT,
                    "heap (-Xlog:gc; local Flink runs the JobManager and the TaskManager in one"
                            + " process, so these bound the TaskManager's from above):%n");
            out.printf(
                    Locale.ROOT, "  full sync          -Xmx%-5s %s%n", s.heap, heapLine(fullHeap));
            out.printf(
                    Locale.ROOT, "  incremental runs   -Xmx%-5s %s%n", s.heap, heapLine(runsHeap));
            out.printf(
                    Locale.ROOT,
                    "  pcw maintain       -Xmx%-5s %s%n",
                    s.maintainHeap,
                    heapLine(maintainHeap));
            out.printf(
                    Locale.ROOT,
                    "ingest runs within -Xmx%s, none out of memory (target: the TaskManager's heap ≤"
                            + " 512 MB) %s%n",
                    s.heap,
                    cap <= 512L << 20 ? "met" : "NOT shown (--heap is above 512 MB)");
            out.printf(
                    Locale.ROOT, "bench scale: %.1f min in all%n", (System.nanoTime() - t0) / 60e9);
        }
    }

    /**
     * {@code runs} incremental runs, a full scan, {@code pcw maintain} and the same scan again,
     * then the silver check; the two scans.
     */
    private static Scan[] series(
            Settings s,
            PartnerCentralSimulator sim,
            Path home,
            Path logs,
            List<String> settings,
            String label,
            int runs,
            Heap runsHeap,
            Heap maintainHeap,
            PrintStream out)
            throws Exception {
        runsHeap.add(incremental(s, sim, logs, settings, label, runs, out));
        Scan before = scan(home, s.scans);
        maintainHeap.add(maintain(s, logs, "maintain-" + label, settings, out));
        Scan after = scan(home, s.scans);
        checkSilver(sim, home, "the " + label + " runs and pcw maintain");
        return new Scan[] {before, after};
    }

    /** {@code runs} incremental syncs, each after random changes. */
    private static Heap incremental(
            Settings s,
            PartnerCentralSimulator sim,
            Path logs,
            List<String> settings,
            String label,
            int runs,
            PrintStream out)
            throws Exception {
        Heap heap = new Heap();
        double total = 0;
        List<String> runSettings = new java.util.ArrayList<>(settings);
        runSettings.add("flink.checkpoint_interval=" + s.runCheckpointInterval);
        for (int i = 1; i <= runs; i++) {
            sim.applyChanges("AWS", s.changesPerRun);
            long t = System.nanoTime();
            heap.add(pcw(s.heap, logs, label + "-" + i, runSettings, "run", "ingest", "--bounded"));
            double secs = (System.nanoTime() - t) / 1e9;
            total += secs;
            if (i % 10 == 0 || i == runs) {
                out.printf(
                        Locale.ROOT,
                        "  run %d/%d: %.1f s (mean %.1f s)%n",
                        i,
                        runs,
                        secs,
                        total / i);
            }
        }
        return heap;
    }

    /**
     * {@code bin/pcw ARGS --set SETTINGS} as a process of its own: the same Java and classpath as
     * this one, {@code -Xmx} the bench's heap, its GC logged; fails when it does not exit 0.
     */
    private static Heap pcw(
            String xmx, Path logs, String name, List<String> settings, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // bin/pcw's flags (module opens, system properties), not this process's heap or GC.
            if (a.startsWith("--add-opens") || a.startsWith("-D")) {
                cmd.add(a);
            }
        }
        Path gc = logs.resolve(name + ".gc.log");
        Path log = logs.resolve(name + ".log");
        cmd.add("-Xmx" + xmx);
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-Xlog:gc:file=" + gc);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.pcw.cli.Pcw");
        cmd.addAll(List.of(args));
        for (String set : settings) {
            cmd.add("--set");
            cmd.add(set);
        }
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        if (!p.waitFor(6, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IllegalStateException("pcw " + String.join(" ", args) + " did not end");
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new IllegalStateException(
                    "pcw "
                            + String.join(" ", args)
                            + " ("
                            + name
                            + ") exited "
                            + p.exitValue()
                            + "; the end of "
                            + log
                            + ":\n"
                            + String.join(
                                    "\n",
                                    lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
        return gcLog(Files.readAllLines(gc, StandardCharsets.UTF_8));
    }

    /** {@code pcw maintain} in a process of its own, timed. */
    private static Heap maintain(
            Settings s, Path logs, String name, List<String> settings, PrintStream out)
            throws Exception {
        long t = System.nanoTime();
        Heap h = pcw(s.maintainHeap, logs, name, settings, "maintain");
        out.printf(
                Locale.ROOT,
                "  pcw maintain: %.1f s (-Xmx%s)%n",
                (System.nanoTime() - t) / 1e9,
                s.maintainHeap);
        return h;
    }

    /**
     * The heap figures of a {@code -Xlog:gc} log ("… Pause Young … 120M->30M(512M) 5.1ms" per
     * collection): the most in use before a young or full collection, and the most left after one
     * (an upper bound of what was live: a young collection leaves the old generation's garbage).
     */
    static Heap gcLog(List<String> lines) {
        Heap h = new Heap();
        for (String l : lines) {
            Matcher m = GC_LINE.matcher(l);
            // Young and full collections only: a remark or cleanup pause reports the heap in use,
            // garbage included, not what a collection left.
            if ((l.contains(" Pause Young") || l.contains(" Pause Full")) && m.find()) {
                h.usedBeforeGc = Math.max(h.usedBeforeGc, bytes(m.group(1), m.group(2)));
                h.liveAfterGc = Math.max(h.liveAfterGc, bytes(m.group(3), m.group(4)));
                h.collections++;
            }
        }
        return h;
    }

    private static long bytes(String n, String unit) {
        long v = Long.parseLong(n);
        switch (unit) {
            case "G":
                return v << 30;
            case "M":
                return v << 20;
            default:
                return v << 10;
        }
    }

    /** {@code 512m}, {@code 1g}, … in bytes. */
    public static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        char unit = t.charAt(t.length() - 1);
        if (Character.isDigit(unit)) {
            return Long.parseLong(t);
        }
        long v = Long.parseLong(t.substring(0, t.length() - 1));
        switch (unit) {
            case 'g':
                return v << 30;
            case 'm':
                return v << 20;
            case 'k':
                return v << 10;
            default:
                throw new IllegalArgumentException("not a heap size: " + s);
        }
    }

    /** What is done with the current opportunities table while its catalog is open. */
    private interface TableWork<T> {
        T apply(Table table) throws IOException;
    }

    private static <T> T withTable(Path home, TableWork<T> work) throws IOException {
        PcwConfig cfg = PcwConfig.load(null, Map.of(), Map.of("home", home.toString()));
        LakeConfig lake = IngestJob.lakeConfig(cfg);
        Catalog catalog = Catalogs.create(lake);
        try {
            return work.apply(
                    catalog.loadTable(lake.tableIdentifier("partnercentral_opportunities")));
        } finally {
            Catalogs.closeQuietly(catalog);
        }
    }

    /** The best of {@code times} full scans (every column of every live row). */
    private static Scan scan(Path home, int times) throws IOException {
        return withTable(home, table -> scan(table, times));
    }

    private static Scan scan(Table table, int times) throws IOException {
        Scan best = new Scan();
        best.seconds = Double.MAX_VALUE;
        // One untimed scan first: the first one pays for class loading and the JIT, and the
        // page cache holds the files afterwards for every measurement alike.
        for (int i = -1; i < times; i++) {
            long t = System.nanoTime();
            long rows = 0;
            long sink = 0;
            try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
                for (Record r : it) {
                    rows++;
                    sink += r.size();
                }
            }
            ReplayBenchmark.blackhole += sink;
            double secs = (System.nanoTime() - t) / 1e9;
            if (i >= 0 && secs < best.seconds) {
                best.seconds = secs;
            }
            best.rows = rows;
        }
        Snapshot snap = table.currentSnapshot();
        Map<String, String> sum = snap.summary();
        best.files =
                sum.getOrDefault("total-data-files", "?")
                        + " data file(s), "
                        + sum.getOrDefault("total-delete-files", "?")
                        + " delete file(s)";
        return best;
    }

    /** The size of the files under {@code dir}, in MB (0 when it does not exist). */
    private static long megabytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            long bytes = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    bytes += Files.size(p);
                }
            }
            return bytes >> 20;
        }
    }

    private static String heapLine(Heap h) {
        return String.format(
                Locale.ROOT,
                "at most %,d MB in use before a collection, at most %,d MB left after one (%,d"
                        + " collections)",
                h.usedBeforeGc >> 20,
                h.liveAfterGc >> 20,
                h.collections);
    }

    private static String line(Scan s) {
        return String.format(Locale.ROOT, "%7.2f s  %,d rows  %s", s.seconds, s.rows, s.files);
    }

    /** Silver's current table holds exactly the simulator's opportunities, once each. */
    private static void checkSilver(PartnerCentralSimulator sim, Path home, String after)
            throws IOException {
        Set<String> expected = new HashSet<>();
        for (StoredRecord r : sim.dataset("AWS").opportunities().all()) {
            expected.add(r.id() + "@" + r.modifiedMillis());
        }
        Set<String> actual = new HashSet<>();
        long rows =
                withTable(
                        home,
                        table -> {
                            long n = 0;
                            try (CloseableIterable<Record> it =
                                    IcebergGenerics.read(table)
                                            .select("id", "last_modified_date")
                                            .build()) {
                                for (Record r : it) {
                                    n++;
                                    actual.add(
                                            r.getField("id")
                                                    + "@"
                                                    + ((java.time.OffsetDateTime)
                                                                    r.getField(
                                                                            "last_modified_date"))
                                                            .toInstant()
                                                            .toEpochMilli());
                                }
                            }
                            return n;
                        });
        if (rows != actual.size() || !actual.equals(expected)) {
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(actual);
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "after %s silver does not match the simulator: %,d row(s), %,d"
                                    + " distinct, %,d expected, %,d missing or stale (e.g. %s)",
                            after,
                            rows,
                            actual.size(),
                            expected.size(),
                            missing.size(),
                            missing.stream().limit(3).toList()));
        }
    }
}
