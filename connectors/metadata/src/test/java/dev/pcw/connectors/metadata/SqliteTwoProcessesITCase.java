package dev.pcw.connectors.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes writing one SQLite file at the same time: WAL, the busy timeout and IMMEDIATE
 * transactions must make every write land, with no SQLITE_BUSY reaching the caller.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SqliteTwoProcessesITCase {

    private static final int RUNS_PER_PROCESS = 200;

    /**
     * Runs per process on a fresh file: the second opener waits out the first one's migrations
     * (four of them) before it writes, so each must write long enough for the two to overlap.
     */
    private static final int FRESH_RUNS_PER_PROCESS = 800;

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir Path dir;

    @Test
    void twoProcessesWritingOneFileAtOnceLandEveryRun() throws Exception {
        String url = MetadataDb.sqliteUrl(dir);
        try (MetadataDb db = MetadataDb.open(url);
                ChildJvm child =
                        ChildJvm.start(
                                "writer",
                                ConcurrentWriterMain.class,
                                Map.of(),
                                List.of(),
                                url,
                                "child",
                                String.valueOf(RUNS_PER_PROCESS),
                                "open-first")) {
            child.awaitLine("READY", LIMIT);

            child.send("GO");
            long[] slowest = new long[1];
            int written = ConcurrentWriterMain.writeRuns(db, "parent", RUNS_PER_PROCESS, slowest);

            assertThat(child.waitFor(LIMIT)).as("exit code; output: %s", child.output()).isZero();
            System.out.println(
                    "Slowest single operation: parent "
                            + slowest[0]
                            + " ms, child "
                            + slowestOf(child)
                            + " (busy timeout "
                            + MetadataDb.SQLITE_BUSY_TIMEOUT_MILLIS
                            + " ms)");
            assertThat(child.output())
                    .contains("DONE " + RUNS_PER_PROCESS)
                    .noneMatch(line -> line.contains("SQLITE_BUSY"));
            assertThat(written).isEqualTo(RUNS_PER_PROCESS);
            assertLanded(db, "parent");
            assertLanded(db, "child");
            assertThat(countRuns(db, "%")).isEqualTo(2L * RUNS_PER_PROCESS);
            assertOverlapped(db, "parent", "child");
        }
    }

    @Test
    void twoProcessesOpeningAFreshFileAtOnceMigrateItOnceAndLandEveryRun() throws Exception {
        String url = MetadataDb.sqliteUrl(dir.resolve("fresh"));
        try (ChildJvm a =
                        ChildJvm.start(
                                "writer-a",
                                ConcurrentWriterMain.class,
                                Map.of(),
                                List.of(),
                                url,
                                "a",
                                String.valueOf(FRESH_RUNS_PER_PROCESS),
                                "open-after-go");
                ChildJvm b =
                        ChildJvm.start(
                                "writer-b",
                                ConcurrentWriterMain.class,
                                Map.of(),
                                List.of(),
                                url,
                                "b",
                                String.valueOf(FRESH_RUNS_PER_PROCESS),
                                "open-after-go")) {
            a.awaitLine("READY", LIMIT);
            b.awaitLine("READY", LIMIT);

            a.send("GO");
            b.send("GO");

            assertThat(a.waitFor(LIMIT)).as("exit code; output: %s", a.output()).isZero();
            assertThat(b.waitFor(LIMIT)).as("exit code; output: %s", b.output()).isZero();
            System.out.println(
                    "Slowest single operation: a " + slowestOf(a) + ", b " + slowestOf(b));
            assertThat(a.output()).noneMatch(line -> line.contains("SQLITE_BUSY"));
            assertThat(b.output()).noneMatch(line -> line.contains("SQLITE_BUSY"));
        }
        try (MetadataDb db = MetadataDb.open(url)) {
            assertLanded(db, "a", FRESH_RUNS_PER_PROCESS);
            assertLanded(db, "b", FRESH_RUNS_PER_PROCESS);
            assertThat(
                            db.<Long>read(
                                    "history",
                                    c -> {
                                        try (ResultSet rs =
                                                c.createStatement()
                                                        .executeQuery(
                                                                "SELECT COUNT(*) FROM"
                                                                        + " flyway_schema_history"
                                                                        + " WHERE version ="
                                                                        + " '1'")) {
                                            rs.next();
                                            return rs.getLong(1);
                                        }
                                    }))
                    .isEqualTo(1L);
            assertThat(
                            db.<Long>read(
                                    "connectors",
                                    c -> {
                                        try (ResultSet rs =
                                                c.createStatement()
                                                        .executeQuery(
                                                                "SELECT COUNT(*) FROM"
                                                                        + " connectors")) {
                                            rs.next();
                                            return rs.getLong(1);
                                        }
                                    }))
                    .isEqualTo(1L);
            assertOverlapped(db, "a", "b");
        }
    }

    private static String slowestOf(ChildJvm child) {
        for (String line : child.output()) {
            if (line.startsWith("SLOWEST_OPERATION_MS ")) {
                return line.substring("SLOWEST_OPERATION_MS ".length()) + " ms";
            }
        }
        return "?";
    }

    private static void assertLanded(MetadataDb db, String prefix) {
        assertLanded(db, prefix, RUNS_PER_PROCESS);
    }

    private static void assertLanded(MetadataDb db, String prefix, int expected) {
        assertThat(countRuns(db, prefix + "-%")).as(prefix + " runs").isEqualTo(expected);
        long succeeded =
                db.read(
                        "succeeded",
                        c -> {
                            try (PreparedStatement ps =
                                    c.prepareStatement(
                                            "SELECT COUNT(*) FROM ingestion_runs WHERE run_id LIKE"
                                                    + " ? AND status = 'SUCCEEDED' AND"
                                                    + " stats_json->>'records_processed' IS NOT"
                                                    + " NULL")) {
                                ps.setString(1, prefix + "-%");
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    return rs.getLong(1);
                                }
                            }
                        });
        assertThat(succeeded).as(prefix + " runs finished").isEqualTo(expected);
    }

    private static long countRuns(MetadataDb db, String pattern) {
        return db.read(
                "count",
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT COUNT(*) FROM ingestion_runs WHERE run_id LIKE ?")) {
                        ps.setString(1, pattern);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }
                });
    }

    /** The two writers' time spans intersect: they really wrote at the same time. */
    private static void assertOverlapped(MetadataDb db, String first, String second) {
        String[] a = span(db, first);
        String[] b = span(db, second);
        assertThat(a[0].compareTo(b[1]) < 0 && b[0].compareTo(a[1]) < 0)
                .as("%s wrote %s..%s, %s wrote %s..%s", first, a[0], a[1], second, b[0], b[1])
                .isTrue();
    }

    private static String[] span(MetadataDb db, String prefix) {
        return db.read(
                "span",
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT MIN(started_at), MAX(ended_at) FROM ingestion_runs"
                                            + " WHERE run_id LIKE ?")) {
                        ps.setString(1, prefix + "-%");
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return new String[] {rs.getString(1), rs.getString(2)};
                        }
                    }
                });
    }
}
