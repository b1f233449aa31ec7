package dev.pcw.schemas.tiers;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The UTC ISO-8601 timestamps of partner tier records: parsed leniently, kept to milliseconds. */
final class IsoTimes {
    private IsoTimes() {}

    static Instant millis(Instant t) {
        return t.getNano() % 1_000_000 == 0 ? t : t.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Parses {@code 2025-10-30T20:00:00Z}, an offset ({@code +02:00}) or a bare date-time read as
     * UTC.
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    static Instant parse(String text) {
        try {
            return millis(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return millis(
                        java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not an ISO-8601 date-time such as 2025-10-30T20:00:00Z");
            }
        }
    }
}
