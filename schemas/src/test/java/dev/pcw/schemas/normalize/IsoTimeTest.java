package dev.pcw.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTimeTest {

    @Test
    void readsTheFormsPartnerCentralSends() {
        assertThat(IsoTime.instant("2026-11-22T02:09:50.843Z"))
                .isEqualTo(Instant.parse("2026-11-22T02:09:50.843Z"));
        assertThat(IsoTime.instant("2026-11-22T02:09:50Z"))
                .isEqualTo(Instant.parse("2026-11-22T02:09:50Z"));
        assertThat(IsoTime.instant("2026-11-22T02:09:50.8Z"))
                .isEqualTo(Instant.parse("2026-11-22T02:09:50.800Z"));
        assertThat(IsoTime.instant("2026-11-22t02:09:50.843z"))
                .isEqualTo(Instant.parse("2026-11-22T02:09:50.843Z"));
    }

    @Test
    void appliesOffsetsAndTruncatesBeyondMilliseconds() {
        assertThat(IsoTime.instant("2026-11-22T03:09:50.843+01:00"))
                .isEqualTo(Instant.parse("2026-11-22T02:09:50.843Z"));
        assertThat(IsoTime.instant("2026-11-21T21:39:50-04:30"))
                .isEqualTo(Instant.parse("2026-11-22T02:09:50Z"));
        assertThat(IsoTime.instant("2026-11-22T02:09:50.843999999Z"))
                .isEqualTo(Instant.parse("2026-11-22T02:09:50.843Z"));
    }

    @Test
    void agreesWithTheJdkOnRandomInstants() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            Instant t =
                    Instant.ofEpochMilli(rnd.nextLong(-2_000_000_000_000L, 32_000_000_000_000L));
            int offsetMinutes = rnd.nextInt(-14 * 60, 14 * 60 + 1);
            String text =
                    OffsetDateTime.ofInstant(
                                    t, java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                            .toString();
            if (text.length() < 20 || text.charAt(16) != ':') {
                continue; // the JDK omits zero seconds; RFC 3339 requires them
            }
            assertThat(IsoTime.instant(text)).as(text).isEqualTo(t);
        }
    }

    @Test
    void rejectsWhatIsNotAnRfc3339DateTime() {
        for (String bad :
                new String[] {
                    "last tuesday",
                    "",
                    "2026-11-22",
                    "2026-11-22T02:09Z",
                    "2026-11-22T02:09:50",
                    "2026-11-22 02:09:50Z",
                    "2026-13-22T02:09:50Z",
                    "2026-02-29T02:09:50Z",
                    "2026-11-22T24:00:00Z",
                    "2026-11-22T02:60:00Z",
                    "2026-11-22T02:09:60Z",
                    "2026-11-22T02:09:50.Z",
                    "2026-11-22T02:09:50+0100",
                    "2026-11-22T02:09:50+01",
                    "2026-11-22T02:09:50ZZ",
                    "+12026-11-22T02:09:50Z",
                    "1732000000",
                    "2026-11-22T02:09:50.843Zjunk"
                }) {
            assertThat(IsoTime.epochMillis(bad)).as("'%s'", bad).isEqualTo(IsoTime.INVALID);
        }
    }

    @Test
    void readsDatesStrictly() {
        assertThat(IsoTime.date("2027-10-06")).isEqualTo(LocalDate.of(2027, 10, 6));
        assertThat(IsoTime.date("2028-02-29")).isEqualTo(LocalDate.of(2028, 2, 29));
        for (String bad :
                new String[] {"soon", "2027-10-6", "2027-02-29", "2027/10/06", "20271006"}) {
            assertThat(IsoTime.date(bad)).as("'%s'", bad).isNull();
        }
        assertThat(IsoTime.date(null)).isNull();
    }
}
