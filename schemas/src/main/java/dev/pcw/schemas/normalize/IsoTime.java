package dev.pcw.schemas.normalize;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses the two time formats of the Partner Central model without regular expressions or formatter
 * objects (normalization parses several per record): RFC 3339 {@code date-time} and {@code
 * yyyy-MM-dd} dates.
 */
final class IsoTime {
    /** Returned by {@link #epochMillis} when the text is not a date-time. */
    static final long INVALID = Long.MIN_VALUE;

    private IsoTime() {}

    /**
     * Epoch milliseconds of an RFC 3339 date-time ({@code 2026-11-22T02:09:50.843Z}, {@code
     * 2026-11-22T03:09:50+01:00}); fractional seconds beyond milliseconds are truncated. {@link
     * #INVALID} when the text is anything else.
     */
    static long epochMillis(String s) {
        int n = s.length();
        if (n < 20) {
            return INVALID;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        char t = s.charAt(10);
        if (year < 0
                || month < 0
                || day < 0
                || hour < 0
                || minute < 0
                || second < 0
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || (t != 'T' && t != 't')
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || hour > 23
                || minute > 59
                || second > 59) {
            return INVALID;
        }
        int i = 19;
        int millis = 0;
        if (s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < n && isDigit(s.charAt(i))) {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0) {
                return INVALID;
            }
            for (int k = count; k < 3; k++) {
                millis *= 10;
            }
        }
        if (i >= n) {
            return INVALID;
        }
        int offsetSeconds;
        char z = s.charAt(i);
        if ((z == 'Z' || z == 'z') && i == n - 1) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i == n - 6 && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 23 || om > 59) {
                return INVALID;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
        } else {
            return INVALID;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return INVALID;
        }
        long secs = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return secs * 1000L + millis;
    }

    /** The instant of an RFC 3339 date-time, or null when the text is not one. */
    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        long ms = epochMillis(s);
        return ms == INVALID ? null : Instant.ofEpochMilli(ms);
    }

    /** The date of a {@code yyyy-MM-dd} text, or null when the text is not one. */
    static LocalDate date(String s) {
        if (s == null || s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
