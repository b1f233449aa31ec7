package dev.pcw.cli.bench;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.partnertiers.PartnerTierStore;
import dev.pcw.connectors.partnertiers.TierInputFolder;
import dev.pcw.connectors.partnertiers.TierSync;
import dev.pcw.schemas.tiers.TierDiff;
import dev.pcw.schemas.tiers.TierNormalizer;
import dev.pcw.schemas.tiers.TierVocabulary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.iceberg.catalog.Catalog;

/**
 * A dry-run partner tier sync of a large CSV file against a store holding the file's previous
 * version (1% of the partners on another tier), ÷ parsing the same file with commons-csv alone,
 * measured in the same run (target ≥ 0.5), with the dry run's peak heap (target ≤ 1 GB). The dry
 * run reads the store from the lake, reads, normalizes and validates every record and diffs it; the
 * baseline only parses and touches each value.
 */
public final class TiersBenchmark {
    private static final String[] TIERS = {
        "gold", "Platinum", "SILVER", "bronze", "Premier", "select"
    };
    private static final String[] OEMS = {
        "cisco", "Nutanix", "dell", "hpe", "VMware", "aws", "red hat", "Pure Storage"
    };
    private static final String[] PROGRAMS = {
        "Cisco 360", "Elevate", "Partner Program", "Partner Ready", "Broadcom Advantage", "APN"
    };

    private TiersBenchmark() {}

    /** Writes {@code rows} partners; with {@code upgraded}, every 100th has another tier. */
    static void write(Path file, int rows, boolean upgraded) throws IOException {
        Random r = new Random(42);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("name,tier,program,oem,poc,notes\n");
            for (int i = 0; i < rows; i++) {
                int oem = r.nextInt(OEMS.length);
                int tier = r.nextInt(TIERS.length);
                if (upgraded && i % 100 == 0) {
                    tier = (tier + 1) % TIERS.length;
                }
                w.write("Partner ");
                w.write(Integer.toString(i));
                w.write(r.nextBoolean() ? " Systems," : " Technology,");
                w.write(TIERS[tier]);
                w.write(',');
                w.write(PROGRAMS[r.nextInt(PROGRAMS.length)]);
                w.write(',');
                w.write(OEMS[oem]);
                w.write(",Contact ");
                w.write(Integer.toString(r.nextInt(5000)));
                w.write(
                        r.nextInt(4) == 0
                                ? ",\"Renewal in Q3, ask about \"\"co-sell\"\"\"\n"
                                : ",\n");
            }
        }
    }

    /** Parses {@code file} with commons-csv alone, touching every value; returns the records. */
    static long parseOnly(Path file) throws IOException {
        long records = 0;
        long chars = 0;
        CSVFormat format =
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build();
        try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
                CSVParser p = format.parse(new java.io.BufferedReader(in, 1 << 16))) {
            for (CSVRecord rec : p) {
                for (int i = 0; i < rec.size(); i++) {
                    chars += rec.get(i).length();
                }
                records++;
            }
        }
        if (chars == 0) {
            throw new IllegalStateException("nothing parsed");
        }
        return records;
    }

    public static void run(int rows, Path dir, PrintStream out) throws Exception {
        Path input = Files.createDirectories(dir.resolve("partners"));
        Path previous = Files.createDirectories(dir.resolve("previous"));
        Path file = input.resolve("partners_bench.csv");
        out.printf(Locale.ROOT, "writing %,d partners (and their previous version)...%n", rows);
        write(file, rows, true);
        write(previous.resolve("partners_bench.csv"), rows, false);
        out.printf(Locale.ROOT, "  %s: %.1f MB%n", file, Files.size(file) / 1e6);
        LakeConfig lake =
                LakeConfig.fromProperties(Map.of(LakeConfig.ROOT, dir.resolve("lake").toString()));
        Catalog catalog = Catalogs.create(lake);
        try {
            TierNormalizer normalizer = new TierNormalizer(TierVocabulary.defaults());
            TierSync sync = new TierSync(PartnerTierStore.open(catalog, lake), normalizer);
            out.println("storing the previous version (an apply, not measured)...");
            long t0 = System.nanoTime();
            TierSync.Outcome stored =
                    sync.sync(TierInputFolder.of(previous.toString(), lake), false, "bench");
            out.printf(
                    Locale.ROOT,
                    "  %,d partners stored in %.1f s%n",
                    stored.diff().added().size(),
                    (System.nanoTime() - t0) / 1e9);
            stored = null;
            TierInputFolder folder = TierInputFolder.of(input.toString(), lake);

            double parseBest = Double.MAX_VALUE;
            double syncBest = Double.MAX_VALUE;
            long peakBytes = 0;
            TierDiff diff = null;
            for (int round = 1; round <= 3; round++) {
                long s = System.nanoTime();
                long parsed = parseOnly(file);
                double parseSeconds = (System.nanoTime() - s) / 1e9;
                parseBest = Math.min(parseBest, parseSeconds);

                diff = null;
                System.gc();
                HeapPeaks.reset();
                s = System.nanoTime();
                TierSync.Outcome o = sync.sync(folder, true, "bench");
                double syncSeconds = (System.nanoTime() - s) / 1e9;
                peakBytes = Math.max(peakBytes, HeapPeaks.peak());
                diff = o.diff();
                syncBest = Math.min(syncBest, syncSeconds);
                out.printf(
                        Locale.ROOT,
                        "  round %d: parse only %.2f s (%,.0f rows/s); dry-run sync %.2f s (%,.0f rows/s): %,d added, %,d updated, %,d unchanged%n",
                        round,
                        parseSeconds,
                        parsed / parseSeconds,
                        syncSeconds,
                        diff.records() / syncSeconds,
                        diff.added().size(),
                        diff.updated().size(),
                        diff.unchanged().size());
                if (diff.records() != parsed || !diff.problems().isEmpty()) {
                    throw new IllegalStateException(
                            "the sync read "
                                    + diff.records()
                                    + " records of "
                                    + parsed
                                    + ", problems "
                                    + diff.problems().size());
                }
            }
            double ratio = parseBest / syncBest;
            long maxHeap = Runtime.getRuntime().maxMemory();
            out.printf(
                    Locale.ROOT,
                    "dry-run sync ÷ parse only (throughput, best of 3 each): %.2f (target ≥ 0.5) %s%n",
                    ratio,
                    ratio >= 0.5 ? "met" : "NOT met");
            StringBuilder gcs = new StringBuilder();
            for (java.lang.management.GarbageCollectorMXBean gc :
                    ManagementFactory.getGarbageCollectorMXBeans()) {
                gcs.append(gcs.length() == 0 ? "" : ", ").append(gc.getName());
            }
            out.printf(
                    Locale.ROOT,
                    "peak heap during the dry run: %,d MB (target ≤ 1,024 MB) %s; max heap %,d MB;"
                            + " collectors %s%n",
                    peakBytes >> 20,
                    peakBytes <= (1L << 30) ? "met" : "NOT met",
                    maxHeap >> 20,
                    gcs);
        } finally {
            ((AutoCloseable) catalog).close();
        }
    }
}
