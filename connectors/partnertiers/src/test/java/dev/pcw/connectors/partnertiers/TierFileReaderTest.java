package dev.pcw.connectors.partnertiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.schemas.tiers.RawTierRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TierFileReaderTest {
    private final List<RawTierRecord> records = new ArrayList<>();

    private List<String> read(String name, String content) {
        return read(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> read(String name, byte[] content) {
        return TierFileReader.read(name, new ByteArrayInputStream(content), records::add);
    }

    @Test
    void readsTheSeedsCsv() {
        List<String> warnings =
                read(
                        "partners_a.csv",
                        "name,tier,program,oem,poc,notes\n"
                                + "Red River Technology,Gold,Cisco PTP,Cisco,John Doe,Premier partner\n"
                                + "Tech Solutions,Platinum,Nutanix Elevate,Nutanix,Jane Smith,Top tier\n");

        assertThat(warnings).isEmpty();
        assertThat(records).hasSize(2);
        assertThat(records.get(1).values())
                .containsEntry("name", "Tech Solutions")
                .containsEntry("notes", "Top tier");
        assertThat(records.get(1).position().toString())
                .isEqualTo("Record 1 (partners_a.csv line 3)");
    }

    @Test
    void readsQuotesEmbeddedCommasAndLineBreaksWithABomAndCrlf() {
        read(
                "partners_q.csv",
                "\uFEFFname,tier,program,oem,poc,notes\r\n"
                        + "\"Smith, Jones & Co\",gold,\"Cisco \"\"PTP\"\"\",cisco,,\"line one\r\nline two\"\r\n"
                        + "Next,Silver,P,Dell,,\r\n");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).values())
                .containsEntry("name", "Smith, Jones & Co")
                .containsEntry("program", "Cisco \"PTP\"")
                .containsEntry("poc", "")
                .containsEntry("notes", "line one\r\nline two");
        assertThat(records.get(1).position().line()).as("after a two-line record").isEqualTo(4);
        assertThat(records.get(1).value("name")).isEqualTo("Next");
    }

    @Test
    void takesColumnsInAnyOrderAndCaseAndReportsUnknownOnes() {
        List<String> warnings =
                read("partners_o.csv", "OEM, Tier ,region,name,program\nCisco,Gold,EMEA,A,PTP\n");

        assertThat(records.get(0).values())
                .containsEntry("oem", "Cisco")
                .containsEntry("tier", "Gold")
                .containsEntry("name", "A")
                .doesNotContainKey("region");
        assertThat(warnings).containsExactly("partners_o.csv: unknown column 'region' ignored");
    }

    @Test
    void refusesAHeaderWithoutARequiredColumnNamingIt() {
        assertThatThrownBy(() -> read("partners_h.csv", "name,tier,oem\nA,Gold,Cisco\n"))
                .isInstanceOf(TierLoadException.class)
                .hasMessage(
                        "Failed to load partners_h.csv: the header has no column program (it has:"
                                + " name, tier, oem); the header must be"
                                + " name,tier,program,oem,poc,notes");
    }

    @Test
    void refusesAColumnNamedTwice() {
        assertThatThrownBy(() -> read("partners_d.csv", "name,tier,program,oem,Name\n"))
                .isInstanceOf(TierLoadException.class)
                .hasMessage(
                        "Failed to load partners_d.csv: the header names the column 'name' twice"
                                + " (columns 1 and 5)");
    }

    @Test
    void passesOnARowWithTooManyValuesWithItsProblem() {
        read("partners_x.csv", "name,tier,program,oem\nA,Gold,P,Cisco,extra\nB,Gold,P\n");

        assertThat(records.get(0).problems())
                .containsExactly(
                        "has 5 values for 4 columns (a comma inside a value needs quotes)");
        assertThat(records.get(1).problems()).isEmpty();
        assertThat(records.get(1).value("oem")).isNull();
    }

    @Test
    void refusesAFileThatIsNotUtf8OrHasAnOpenQuote() {
        assertThatThrownBy(
                        () ->
                                read(
                                        "partners_l.csv",
                                        "name,tier,program,oem\nCaf\u00e9,Gold,P,Cisco\n"
                                                .getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(TierLoadException.class)
                .hasMessage("Failed to load partners_l.csv: not UTF-8 text (save it as UTF-8)");
        assertThatThrownBy(
                        () -> read("partners_u.csv", "name,tier,program,oem\n\"A,Gold,P,Cisco\n"))
                .isInstanceOf(TierLoadException.class)
                .hasMessageStartingWith("Failed to load partners_u.csv: ");
        assertThatThrownBy(() -> read("partners_e.csv", ""))
                .isInstanceOf(TierLoadException.class)
                .hasMessage(
                        "Failed to load partners_e.csv: it is empty; the first line must name the"
                                + " columns");
    }

    @Test
    void readsTheSeedsJsonWithLinesAndReportsUnknownFields() {
        List<String> warnings =
                read(
                        "partners_a.json",
                        "{\"partners\": [\n"
                                + "  {\"name\": \"Red River Technology\", \"tier\": \"Gold\","
                                + " \"program\": \"Cisco PTP\", \"oem\": \"Cisco\", \"poc\": null,"
                                + " \"region\": \"EMEA\"},\n"
                                + "  {\"name\": \"B\", \"tier\": 3, \"program\": \"P\", \"oem\":"
                                + " \"Dell\", \"notes\": [\"x\"]},\n"
                                + "  \"oops\"\n"
                                + "], \"version\": 2}");

        assertThat(records).hasSize(3);
        assertThat(records.get(0).values()).containsEntry("poc", null).doesNotContainKey("region");
        assertThat(records.get(1).value("tier")).isEqualTo("3");
        assertThat(records.get(1).problems()).containsExactly("notes must be text, not an array");
        assertThat(records.get(1).position().line()).isEqualTo(3);
        assertThat(records.get(2).problems()).containsExactly("is not an object but STRING");
        assertThat(warnings)
                .containsExactly(
                        "partners_a.json: unknown top-level field 'version' ignored",
                        "partners_a.json: unknown field 'region' ignored");
    }

    @Test
    void refusesJsonWithoutAPartnersArrayOrBroken() {
        assertThatThrownBy(() -> read("partners_n.json", "{\"items\": []}"))
                .isInstanceOf(TierLoadException.class)
                .hasMessage(
                        "Failed to load partners_n.json: no \"partners\" array: expected"
                                + " {\"partners\": [ … ]}");
        assertThatThrownBy(() -> read("partners_n.json", "[{}]"))
                .hasMessage(
                        "Failed to load partners_n.json: expected an object {\"partners\": [ … ]}"
                                + " at the top");
        assertThatThrownBy(() -> read("partners_b.json", "{\"partners\": [\n{\"name\": }]}"))
                .isInstanceOf(TierLoadException.class)
                .hasMessageStartingWith("Failed to load partners_b.json: invalid JSON: ")
                .hasMessageEndingWith("(line 2)");
    }
}
