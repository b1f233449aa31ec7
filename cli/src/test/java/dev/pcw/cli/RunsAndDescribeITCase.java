package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.RunStatus;
import dev.pcw.connectors.metadata.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/pcw runs} and {@code bin/pcw describe}, as a user runs them. */
@Timeout(300)
class RunsAndDescribeITCase {
    @TempDir Path dir;

    private String pcw(int exit, String... args) throws Exception {
        return PcwProcess.run(dir, dir.resolve("home"), exit, List.of(args));
    }

    @Test
    void runsListsTheNewestRunsWithWhyOneFailed() throws Exception {
        assertThat(pcw(0, "runs")).contains("pcw runs: no ingestion runs in this metadata DB");
        Files.createDirectories(dir.resolve("home"));
        try (MetadataDb db = MetadataDb.open(MetadataDb.sqliteUrl(dir.resolve("home")))) {
            Clock clock = Clock.systemUTC();
            String connector =
                    new Connectors(db, clock).ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            IngestionRuns runs = new IngestionRuns(db, clock);
            String ok = runs.start(connector, "run-1", "AWS", "opportunities", "full");
            runs.finish(ok, RunStatus.SUCCEEDED, Stats.of(2000, 2021, 0, 1), null);
            String failed = runs.start(connector, "run-2", "AWS", "solutions", "incremental");
            runs.finish(
                    failed,
                    RunStatus.FAILED,
                    Stats.of(10, 11, 3, 0),
                    "the job failed: ThrottlingException");
        }

        String table = pcw(0, "runs");
        assertThat(table)
                .containsPattern("\\| AWS\\s+\\| solutions\\s+\\| incremental \\| FAILED\\s+\\|")
                .containsPattern(
                        "\\| AWS\\s+\\| opportunities \\| full\\s+\\| SUCCEEDED \\|.*\\| 2000\\s+\\| 2021\\s+\\|")
                .contains("the job failed: ThrottlingException");
        assertThat(table.indexOf("solutions")).isLessThan(table.indexOf("opportunities"));
        assertThat(pcw(0, "runs", "--status", "failed", "--json"))
                .contains("\"entity\" : \"solutions\"")
                .doesNotContain("opportunities");
        assertThat(pcw(2, "runs", "--limit", "0")).contains("--limit is 0: 1 to 10,000");
    }

    @Test
    void describeShowsColumnsAndWhatTheLakeHolds() throws Exception {
        assertThat(pcw(0, "describe"))
                .contains("partner_tiers")
                .contains("partnercentral_opportunities");
        assertThat(pcw(0, "describe", "partner_tiers"))
                .contains("pcw_silver.partner_tiers: OEM partner tiers")
                .contains("key: oem, name")
                .containsPattern("\\| content_hash\\s+\\| long\\s+\\|")
                .contains("not in the lake");
        Path input = Files.createDirectories(dir.resolve("data/partners"));
        Files.writeString(
                input.resolve("partners_a.csv"),
                "name,tier,program,oem\nA,Gold,P,Cisco\nB,Silver,P,Dell\n");
        pcw(0, "tiers", "sync", "--apply");

        assertThat(pcw(0, "describe", "pcw_silver.partner_tiers"))
                .contains("in the lake: 2 rows in 1 data file(s), 0 delete file(s)");
        assertThat(pcw(1, "describe", "tiers"))
                .contains("Unknown silver table 'tiers': use one of partnercentral_opportunities");
    }
}
