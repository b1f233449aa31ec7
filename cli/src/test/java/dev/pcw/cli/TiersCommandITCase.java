package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/pcw tiers} and {@code bin/pcw run partner-tiers}, as a user runs them. */
@Timeout(300)
class TiersCommandITCase {
    @TempDir Path dir;

    private static final class Run {
        final int exit;
        final String out;

        Run(int exit, String out) {
            this.exit = exit;
            this.out = out;
        }
    }

    private Run pcw(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--set");
        all.add("home=" + dir.resolve("home"));
        ProcessBuilder pb = PcwProcess.builder(all).directory(dir.toFile());
        pb.environment().remove("VAULT_ROOT");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void syncsListsAndExportsFromTheSeedsDefaultFolder() throws Exception {
        Path input = Files.createDirectories(dir.resolve("data/partners"));
        Files.writeString(
                input.resolve("partners_a.csv"),
                "name,tier,program,oem,poc,notes\n"
                        + "Red River Technology,gold,Cisco PTP,cisco,John Doe,Premier partner\n"
                        + "Tech Solutions,Platinum,Nutanix Elevate,Nutanix,Jane Smith,Top tier\n");

        Run dry = pcw("tiers", "sync");
        assertThat(dry.exit).as(dry.out).isZero();
        assertThat(dry.out)
                .containsPattern("\\| added\\s+\\| Cisco\\s+\\| Red River Technology \\| Gold")
                .contains(
                        "1 file(s), 2 added, 0 updated, 0 unchanged; dry run, nothing applied (add --apply)");
        assertThat(pcw("tiers", "list").out).contains("(0 partner tiers)");

        Run apply = pcw("tiers", "sync", "--apply");
        assertThat(apply.out)
                .containsPattern("2 added, 0 updated, 0 unchanged; applied \\(apply a-");

        Files.writeString(
                input.resolve("partners_a.csv"),
                Files.readString(input.resolve("partners_a.csv")).replace(",gold,", ",Platinum,"));
        Run update = pcw("tiers", "sync", "--json");
        assertThat(update.exit).isZero();
        assertThat(update.out).contains("\"dry_run\" : true").contains("\"applied\" : false");
        Run table = pcw("tiers", "sync");
        assertThat(table.out)
                .containsPattern(
                        "\\| updated \\| Cisco\\s+\\| Red River Technology \\| Platinum .*\\| tier was Gold");

        Run list = pcw("tiers", "list", "--oem", "CISCO");
        assertThat(list.out)
                .contains("Red River Technology")
                .doesNotContain("Tech Solutions")
                .contains("(1 partner tier)");

        Run noVault = pcw("tiers", "export-obsidian");
        assertThat(noVault.exit).isEqualTo(1);
        assertThat(noVault.out)
                .contains("VAULT_ROOT environment variable not set (or pass --vault DIR)");
        Path vault = Files.createDirectories(dir.resolve("vault"));
        Run export = pcw("tiers", "export-obsidian", "--vault", vault.toString(), "--properties");
        assertThat(export.out).contains("2 OEM note(s)").contains("2 written, 0 unchanged");
        assertThat(Files.readString(vault.resolve("30 Hubs/OEMs/Cisco.md")))
                .startsWith("---\noem: \"Cisco\"\npartners: 1\n");
        assertThat(pcw("tiers", "export-obsidian", "--vault", vault.toString(), "--properties").out)
                .contains("0 written, 2 unchanged");
    }

    @Test
    void aRefusedFileExitsWithOneAndSaysEveryReason() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                input.resolve("partners_bad.csv"),
                "name,tier,program,oem\nA,Gold,P,Dell\n,Gold,P,Dell\nB,,P,Dell\na,Silver,Q,dell\n");

        Run r = pcw("tiers", "sync", "--apply", "--input", input.toString());

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out)
                .contains("Validation failed: 3 problem(s); nothing applied:")
                .contains(
                        "Record 1: missing name (" + input.resolve("partners_bad.csv") + " line 3)")
                .contains("Record 2: missing tier")
                .contains("Record 3: duplicate of Record 0: both are Dell / a")
                .contains("(kept in dead_letters, source partner_tiers)");
        assertThat(pcw("tiers", "list").out).contains("(0 partner tiers)");

        Run missing = pcw("tiers", "sync", "--input", dir.resolve("nope").toString());
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.out)
                .contains(
                        "the partner tier input folder " + dir.resolve("nope") + " does not exist");
    }

    @Test
    void theJobAppliesTheFolderAndSaysWhatItDid() throws Exception {
        Path input = Files.createDirectories(dir.resolve("data/partners"));
        Files.writeString(
                input.resolve("partners_a.json"),
                "{\"partners\": [{\"name\": \"Acme\", \"tier\": \"gold\", \"program\": \"P\", \"oem\": \"hpe\"}]}");

        // A bounded job ends at the checkpoint after its last file: not the default 30 s later.
        String interval = "flink.checkpoint_interval=500ms";
        Run first = pcw("run", "partner-tiers", "--bounded", "--set", interval);
        assertThat(first.exit).as(first.out).isZero();
        assertThat(first.out)
                .contains("pcw partner-tiers: applying the files of data/partners/")
                .contains("pcw partner-tiers: done: 1 added, 0 updated in 1 apply(s)")
                .doesNotContain("Exception");

        Run again = pcw("run", "partner-tiers", "--bounded", "--set", interval);
        assertThat(again.out).contains("done: 0 added, 0 updated in 0 apply(s)");
    }
}
