package dev.pcw.schemas.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObsidianNotesTest {
    static final Instant T = Instant.parse("2025-10-30T20:00:00Z");

    static List<PartnerTier> seedExample() {
        return List.of(
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
                        "Global Tech Partners",
                        "Platinum",
                        "Cisco Premier",
                        "Cisco",
                        "Jane Smith",
                        null,
                        T,
                        T),
                new PartnerTier(
                        "Tech Solutions",
                        "Platinum",
                        "Nutanix Elevate",
                        "Nutanix",
                        "Jane Smith",
                        "Top tier",
                        T,
                        Instant.parse("2025-11-02T10:00:00Z")));
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = ObsidianNotesTest.class.getResourceAsStream("/tiers/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesOneNotePerOemInTheSeedsFormat() throws IOException {
        Map<String, String> notes = ObsidianNotes.render(seedExample(), false);

        assertThat(notes.keySet()).containsExactly("Cisco.md", "Nutanix.md");
        assertThat(notes.get("Cisco.md")).isEqualTo(expected("Cisco.md"));
        assertThat(notes.get("Nutanix.md")).isEqualTo(expected("Nutanix.md"));
    }

    @Test
    void addsObsidianPropertiesWhenAsked() throws IOException {
        assertThat(ObsidianNotes.render(seedExample(), true).get("Nutanix.md"))
                .isEqualTo(expected("Nutanix-properties.md"));
    }

    @Test
    void ordersPartnersTheSameWayWhateverTheInputOrder() {
        List<PartnerTier> a = seedExample();
        List<PartnerTier> b = List.of(a.get(2), a.get(1), a.get(0));

        assertThat(ObsidianNotes.render(b, false)).isEqualTo(ObsidianNotes.render(a, false));
    }

    @Test
    void keepsMultiLineNotesInsideTheirListItem() {
        PartnerTier p =
                new PartnerTier("A", "Gold", "P", "Dell", null, "line one\r\nline two", T, T);

        assertThat(ObsidianNotes.note("Dell", List.of(p), false))
                .contains(
                        "- **Notes**: line one\n  line two\n- **Updated**: 2025-10-30T20:00:00Z\n")
                .doesNotContain("POC");
    }

    @Test
    void makesOemNamesSafeAsFileNames() {
        assertThat(ObsidianNotes.safeFileName("Cisco")).isEqualTo("Cisco");
        assertThat(ObsidianNotes.safeFileName("AT&T / Networks")).isEqualTo("AT&T - Networks");
        assertThat(ObsidianNotes.safeFileName("Acme: \"Cloud\"?")).isEqualTo("Acme- -Cloud--");
        assertThat(ObsidianNotes.safeFileName("../..")).isEqualTo("-");
        assertThat(ObsidianNotes.safeFileName("...")).isEqualTo("_");
        assertThat(ObsidianNotes.safeFileName("CON")).isEqualTo("CON_");
        assertThat(ObsidianNotes.safeFileName("a\tb#c[1]")).isEqualTo("a-b-c-1-");
    }

    @Test
    void givesOemsWhoseSafeNamesCollideTwoFiles() {
        Map<String, String> notes =
                ObsidianNotes.render(
                        List.of(
                                new PartnerTier("A", "Gold", "P", "A/B", null, null, T, T),
                                new PartnerTier("B", "Gold", "P", "A:B", null, null, T, T)),
                        false);

        assertThat(notes.keySet()).containsExactly("A-B.md", "A-B (2).md");
        assertThat(notes.get("A-B (2).md")).startsWith("# A:B\n");
    }
}
