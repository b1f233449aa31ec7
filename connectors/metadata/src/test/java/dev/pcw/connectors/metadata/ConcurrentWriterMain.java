package dev.pcw.connectors.metadata;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The second process of {@link SqliteTwoProcessesITCase}: prints {@code READY}, waits for {@code
 * GO} on stdin, then opens the database (migrating it if needed) and writes runs, printing {@code
 * DONE <n>} or {@code FAILED <exception>}.
 *
 * <p>Arguments: {@code <jdbc url> <run id prefix> <runs>}.
 */
public final class ConcurrentWriterMain {

    private ConcurrentWriterMain() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        boolean openFirst = "open-first".equals(args[3]);
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        MetadataDb db = null;
        try {
            if (openFirst) {
                db = MetadataDb.open(url);
            }
            System.out.println("READY");
            System.out.flush();
            if (!"GO".equals(in.readLine())) {
                System.out.println("FAILED no GO");
                System.exit(3);
            }
            if (!openFirst) {
                db = MetadataDb.open(url);
            }
            long[] slowest = new long[1];
            int written = writeRuns(db, prefix, count, slowest);
            System.out.println("SLOWEST_OPERATION_MS " + slowest[0]);
            System.out.println("DONE " + written);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.println("FAILED " + t);
            System.exit(1);
        }
        db.close();
        System.exit(0);
    }

    /**
     * Starts and finishes {@code count} runs with run ids {@code <prefix>-<i>}, reading the health
     * check now and then (readers beside writers).
     *
     * @param slowest receives the longest time one operation took, in milliseconds
     * @return the number of runs written
     */
    static int writeRuns(MetadataDb db, String prefix, int count, long[] slowest) {
        String pc = db.connectors().ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        IngestionRuns runs = db.ingestionRuns();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            String id = runs.start(pc, prefix + "-" + i, "AWS", "opportunities", "incremental");
            long t1 = System.nanoTime();
            runs.finish(id, RunStatus.SUCCEEDED, Stats.of(i, 1, 0, 0), null);
            long t2 = System.nanoTime();
            if (i % 20 == 0) {
                runs.healthCheck();
            }
            slowest[0] = Math.max(slowest[0], Math.max(t1 - t0, t2 - t1) / 1_000_000);
        }
        return count;
    }
}
