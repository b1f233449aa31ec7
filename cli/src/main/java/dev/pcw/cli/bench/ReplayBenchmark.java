package dev.pcw.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.replay.ReplayJob;
import dev.pcw.schemas.normalize.NormalizationBenchmark;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bronze replay's throughput ÷ parsing the same bronze files with plain Jackson, measured in
 * the same run (target ≥ 0.5), and the replay's peak heap. The bronze is {@code lines}
 * GetOpportunity lines of distinct records (the normalization benchmark's realistic payloads) in
 * files of 20,000 lines, as a sync files them; the replay writes them into an empty lake (history
 * and current) with the local Flink {@code pcw replay} uses, at the configured parallelism. The
 * baseline reads the files line by line on one thread and parses each line into a tree.
 */
public final class ReplayBenchmark {
    private static final int LINES_PER_FILE = 20_000;

    /** Keeps the baseline's work from being optimized away. */
    static volatile long blackhole;

    private ReplayBenchmark() {}

    /**
     * Runs it in {@code dir}.
     *
     * @param environment makes the local Flink the replay runs on (as {@code pcw replay} does)
     */
    public static void run(
            int lines,
            int parallelism,
            Path dir,
            java.util.function.Function<PcwConfig, StreamExecutionEnvironment> environment,
            PrintStream out)
            throws Exception {
        Path bronzeDay = dir.resolve("lake/bronze/partnercentral/opportunities/2026/11/20");
        List<Path> files = new ArrayList<>();
        List<String> all = NormalizationBenchmark.bronzeLines(lines, 42);
        long bytes = 0;
        for (int f = 0; f * LINES_PER_FILE < lines; f++) {
            Path run = Files.createDirectories(bronzeDay.resolve("run-bench-" + f));
            Path file = run.resolve("part-0-0.jsonl");
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (String l :
                        all.subList(
                                f * LINES_PER_FILE, Math.min(lines, (f + 1) * LINES_PER_FILE))) {
                    w.write(l);
                    w.write('\n');
                }
            }
            bytes += Files.size(file);
            files.add(file);
        }
        all = null;
        out.printf(
                Locale.ROOT,
                "bronze: %,d GetOpportunity lines of distinct records in %d files, %,d MB%n",
                lines,
                files.size(),
                bytes >> 20);

        // Warm the parser, then the baseline: best of 3.
        parse(files);
        double parseBest = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            long n = parse(files);
            parseBest = Math.min(parseBest, (System.nanoTime() - t0) / 1e9);
            if (n != lines) {
                throw new IllegalStateException("parsed " + n + " lines of " + lines);
            }
        }

        PcwConfig config =
                PcwConfig.load(
                        null,
                        Map.of(),
                        Map.of(
                                "home",
                                dir.toString(),
                                "flink.checkpoint_interval",
                                "10s",
                                "flink.parallelism",
                                String.valueOf(parallelism)));
        StreamExecutionEnvironment env = environment.apply(config);
        ReplayJob.Plan plan =
                ReplayJob.build(env, config, new ReplayJob.Selection(null, null, List.of()), false);
        System.gc();
        HeapPeaks.reset();
        long t0 = System.nanoTime();
        env.execute("pcw bench replay");
        double replay = (System.nanoTime() - t0) / 1e9;
        long peak = HeapPeaks.peak();

        double parseRate = lines / parseBest;
        double replayRate = lines / replay;
        double ratio = replayRate / parseRate;
        out.printf(
                Locale.ROOT,
                "plain Jackson parse (one thread, best of 3): %,.0f lines/s (%.2f s)%n",
                parseRate,
                parseBest);
        out.printf(
                Locale.ROOT,
                "replay into an empty lake (parallelism %d, %d folder, job start and commits"
                        + " included): %,.0f lines/s (%.2f s)%n",
                env.getParallelism(),
                plan.folders.size(),
                replayRate,
                replay);
        out.printf(
                Locale.ROOT,
                "replay ÷ parse (throughput): %.2f (target ≥ 0.5) %s%n",
                ratio,
                ratio >= 0.5 ? "met" : "NOT met");
        out.printf(
                Locale.ROOT,
                "peak heap of this process during the replay (local Flink included): %,d MB; max"
                        + " heap %,d MB%n",
                peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long parse(List<Path> files) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        long n = 0;
        long sink = 0;
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    JsonNode node = mapper.readTree(line);
                    sink += node.size();
                    n++;
                }
            }
        }
        blackhole += sink;
        return n;
    }
}
