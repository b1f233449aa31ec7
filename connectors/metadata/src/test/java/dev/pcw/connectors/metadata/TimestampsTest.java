package dev.pcw.connectors.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void formatsUtcWithExactlyThreeFractionDigits() {
        assertThat(Timestamps.format(Instant.parse("2025-01-31T09:05:00Z")))
                .isEqualTo("2025-01-31T09:05:00.000Z");
        assertThat(Timestamps.format(Instant.parse("2025-01-31T09:05:00.12Z")))
                .isEqualTo("2025-01-31T09:05:00.120Z");
        assertThat(Timestamps.format(Instant.parse("2025-01-31T09:05:00.123999999Z")))
                .as("truncated, not rounded")
                .isEqualTo("2025-01-31T09:05:00.123Z");
    }

    @Test
    void parsingGivesBackTheFormattedInstant() {
        Instant t = Instant.parse("1999-12-31T23:59:59.999Z");

        assertThat(Timestamps.parse(Timestamps.format(t))).isEqualTo(t);
        assertThat(Timestamps.parseNullable(null)).isNull();
    }

    @Test
    void textOrderIsTimeOrder() {
        Random random = new Random(42);
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // 1970..2100, with many whole seconds and whole tenths
            long millis = (long) (random.nextDouble() * 4_102_444_800_000L);
            if (i % 3 == 0) {
                millis -= millis % 1000;
            } else if (i % 3 == 1) {
                millis -= millis % 100;
            }
            instants.add(Instant.ofEpochMilli(millis));
        }
        List<String> texts = new ArrayList<>();
        for (Instant t : instants) {
            texts.add(Timestamps.format(t));
        }

        Collections.sort(instants);
        Collections.sort(texts);

        List<String> formattedInTimeOrder = new ArrayList<>();
        for (Instant t : instants) {
            formattedInTimeOrder.add(Timestamps.format(t));
        }
        assertThat(texts).isEqualTo(formattedInTimeOrder);
        assertThat(texts).allSatisfy(s -> assertThat(s).hasSize(24));
    }

    @Test
    void textInAnotherFormIsRejectedNamingTheForm() {
        assertThatThrownBy(() -> Timestamps.parse("2025-01-31T09:05:00Z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Timestamp '2025-01-31T09:05:00Z' is not in the metadata DB's form"
                                + " yyyy-MM-ddTHH:mm:ss.SSSZ");
        assertThatThrownBy(() -> Timestamps.parse("2025-02-30T09:05:00.000Z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Timestamp '2025-02-30T09:05:00.000Z' is not");
    }

    @Test
    void instantsOutsideFourDigitYearsAreRejected() {
        assertThatThrownBy(() -> Timestamps.format(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Timestamp +10000-01-01T00:00:00Z is outside years 0000-9999 and cannot"
                                + " be stored");
    }
}
