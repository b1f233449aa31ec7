package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Query output is never cut, and CSV and JSON keep every value intact. */
class ResultWriterTest {
    private static final List<String> COLUMNS = List.of("id", "customer", "revenue", "at", "tags");
    private static final String LONG =
            "Example Corporation of Very Long Names, Incorporated \"EMEA\"";

    private static List<List<Object>> rows() {
        return List.of(
                Arrays.asList(
                        "O1",
                        LONG,
                        new BigDecimal("120000.50"),
                        Instant.parse("2026-11-30T13:00:00Z"),
                        new String[] {"a", "b"}),
                Arrays.asList("O2", "multi\nline", null, null, List.of()));
    }

    private static String write(ResultWriter.Format f) throws Exception {
        StringWriter out = new StringWriter();
        long n = ResultWriter.write(f, COLUMNS, rows().iterator(), out);
        assertThat(n).isEqualTo(2);
        return out.toString();
    }

    @Test
    void theTableShowsEveryValueWhole() throws Exception {
        String t = write(ResultWriter.Format.TABLE);
        assertThat(t).contains(LONG).contains("2026-11-30T13:00:00Z").contains("120000.50");
        assertThat(t).contains("multi\\nline").contains("NULL").contains("[a, b]");
        assertThat(t).endsWith("2 rows\n");
    }

    @Test
    void csvQuotesWhatNeedsItAndLeavesNullsEmpty() throws Exception {
        String csv = write(ResultWriter.Format.CSV);
        assertThat(csv)
                .isEqualTo(
                        "id,customer,revenue,at,tags\r\n"
                                + "O1,\"Example Corporation of Very Long Names, Incorporated"
                                + " \"\"EMEA\"\"\",120000.50,2026-11-30T13:00:00Z,\"[a, b]\"\r\n"
                                + "O2,\"multi\nline\",,,[]\r\n");
    }

    @Test
    void jsonKeepsTypesAndJsonlIsOneObjectPerLine() throws Exception {
        JsonNode array = new ObjectMapper().readTree(write(ResultWriter.Format.JSON));
        assertThat(array).hasSize(2);
        assertThat(array.get(0).get("customer").asText()).isEqualTo(LONG);
        assertThat(array.get(0).get("revenue").decimalValue()).isEqualByComparingTo("120000.50");
        assertThat(array.get(0).get("tags")).hasSize(2);
        assertThat(array.get(1).get("revenue").isNull()).isTrue();
        String[] lines = write(ResultWriter.Format.JSONL).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(new ObjectMapper().readTree(lines[1]).get("customer").asText())
                .isEqualTo("multi\nline");
    }
}
