package dev.pcw.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizationBenchmarkTest {

    @Test
    void buildsRealisticBronzeLinesThatAllNormalize() {
        List<String> lines = NormalizationBenchmark.bronzeLines(300, 1);

        long bytes = 0;
        for (String line : lines) {
            bytes += line.length();
            NormalizationResult r = Normalizers.normalizeLine(line, TestPayloads.UPDATED_AT);
            assertThat(r.isDeadLetter()).as("%s", r).isFalse();
            TestPayloads.assertRowsValid(r);
        }
        assertThat(bytes / lines.size()).isBetween(1_800L, 2_400L);
        assertThat(NormalizationBenchmark.bronzeLines(300, 1)).isEqualTo(lines);
    }

    @Test
    void measuresParseAndNormalizationInTheSameRunAndPrintsTheRatio() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        NormalizationBenchmark.Result r =
                NormalizationBenchmark.run(2_000, 1, new PrintStream(bytes, true));

        String printed = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("jackson tree parse", "parse + normalize", "ratio normalize/parse");
        assertThat(r.parseLinesPerSecond()).isPositive();
        assertThat(r.normalizeLinesPerSecond()).isPositive();
        assertThat(r.ratio()).isEqualTo(r.normalizeLinesPerSecond() / r.parseLinesPerSecond());
        assertThat(r.deadLettersPerRound()).isZero();
        assertThat(r.rowsPerRound()).isEqualTo(4_000);
    }

    @Test
    void refusesNonPositiveArguments() {
        assertThatThrownBy(() -> NormalizationBenchmark.run(0, 1, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lines and seconds must be positive, got 0 and 1");
    }
}
