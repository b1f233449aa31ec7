package dev.pcw.connectors.partnertiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.schemas.tiers.PartnerTier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObsidianVaultTest {
    static final Instant T = Instant.parse("2025-10-30T20:00:00Z");
    static final List<PartnerTier> TIERS =
            List.of(
                    new PartnerTier(
                            "Red River Technology",
                            "Gold",
                            "Cisco PTP",
                            "Cisco",
                            "John Doe",
                            "Premier partner",
                            T,
                            T),
                    new PartnerTier(
                            "Tech Solutions",
                            "Platinum",
                            "Nutanix Elevate",
                            "Nutanix",
                            null,
                            null,
                            T,
                            T));

    @TempDir Path vault;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(vault.resolve("30 Hubs/OEMs"))) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesOneNotePerOemAtTheSeedsPath() throws IOException {
        ObsidianVault.Export e = new ObsidianVault(vault).export(TIERS, false);

        assertThat(e.oems()).isEqualTo(2);
        assertThat(e.written())
                .containsExactly(
                        vault.resolve("30 Hubs/OEMs/Cisco.md"),
                        vault.resolve("30 Hubs/OEMs/Nutanix.md"));
        assertThat(
                        new String(
                                Files.readAllBytes(vault.resolve("30 Hubs/OEMs/Nutanix.md")),
                                StandardCharsets.UTF_8))
                .isEqualTo(
                        "# Nutanix\n\n## Partner Tiers\n\n### Tech Solutions\n- **Tier**: Platinum\n"
                                + "- **Program**: Nutanix Elevate\n- **Updated**: 2025-10-30T20:00:00Z\n");
        assertThat(files()).containsExactly("Cisco.md", "Nutanix.md");
    }

    @Test
    void doesNotRewriteANoteWhoseContentDidNotChange() throws IOException {
        ObsidianVault v = new ObsidianVault(vault);
        v.export(TIERS, false);
        Path cisco = vault.resolve("30 Hubs/OEMs/Cisco.md");
        Path nutanix = vault.resolve("30 Hubs/OEMs/Nutanix.md");
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(cisco, old);
        Files.setLastModifiedTime(nutanix, old);

        ObsidianVault.Export again =
                v.export(
                        List.of(
                                TIERS.get(0),
                                new PartnerTier(
                                        "Tech Solutions",
                                        "Gold",
                                        "Nutanix Elevate",
                                        "Nutanix",
                                        null,
                                        null,
                                        T,
                                        T)),
                        false);

        assertThat(again.written()).containsExactly(nutanix);
        assertThat(again.unchanged()).containsExactly(cisco);
        assertThat(Files.getLastModifiedTime(cisco)).isEqualTo(old);
        assertThat(Files.getLastModifiedTime(nutanix)).isNotEqualTo(old);
    }

    @Test
    void aFailedExportLeavesNoHalfWrittenNoteOrTemporaryFile() throws IOException {
        Files.createDirectories(vault.resolve("30 Hubs/OEMs/Nutanix.md"));
        Files.write(vault.resolve("30 Hubs/OEMs/Nutanix.md/keep"), new byte[] {1});

        assertThatThrownBy(() -> new ObsidianVault(vault).export(TIERS, false))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot write " + vault.resolve("30 Hubs/OEMs/Nutanix.md"));

        assertThat(files()).containsExactly("Cisco.md", "Nutanix.md");
        assertThat(Files.readAllBytes(vault.resolve("30 Hubs/OEMs/Cisco.md"))).isNotEmpty();
    }

    @Test
    void refusesAVaultThatDoesNotExist() {
        assertThatThrownBy(() -> new ObsidianVault(vault.resolve("nope")).export(TIERS, false))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "the vault "
                                + vault.resolve("nope")
                                + " does not exist (set VAULT_ROOT or --vault)");
    }
}
