package dev.pcw.connectors.metadata;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The one text form of every timestamp column in the metadata DB: ISO-8601 UTC with exactly three
 * fraction digits, {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (e.g. {@code 2025-01-31T09:05:00.120Z}).
 *
 * <p>Fixed width and a single zone make text order equal to time order on both databases (the
 * runbook's {@code ORDER BY started_at DESC}), and the text is identical on PostgreSQL and SQLite.
 * {@link Instant#toString()} is not used because it drops trailing zero fractions, which breaks the
 * fixed width.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            new DateTimeFormatterBuilder()
                    .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .toFormatter(Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT)
                    .withZone(ZoneOffset.UTC);

    private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    private Timestamps() {}

    /**
     * Formats an instant, truncated to milliseconds.
     *
     * @throws IllegalArgumentException for a year outside 0000-9999, which would break the fixed
     *     width
     */
    public static String format(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException(
                    "Timestamp " + instant + " is outside years 0000-9999 and cannot be stored");
        }
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Parses text written by {@link #format(Instant)}.
     *
     * @throws IllegalArgumentException when the text is not in that exact form
     */
    public static Instant parse(String text) {
        try {
            return Instant.from(FORMAT.parse(text));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "Timestamp '"
                            + text
                            + "' is not in the metadata DB's form yyyy-MM-ddTHH:mm:ss.SSSZ",
                    e);
        }
    }

    /** Like {@link #parse(String)}, but null stays null. */
    @Nullable
    public static Instant parseNullable(@Nullable String text) {
        return text == null ? null : parse(text);
    }
}
