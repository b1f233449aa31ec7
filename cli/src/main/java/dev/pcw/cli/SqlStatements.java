package dev.pcw.cli;

import java.util.Locale;
import java.util.Set;

/** What {@code pcw query} accepts: one statement, read-only unless writes are allowed. */
final class SqlStatements {
    /** Statements that read: the first keyword of the statement. */
    static final Set<String> READ_ONLY =
            Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES");

    private SqlStatements() {}

    /**
     * The statement without comments around it and without a trailing {@code ;}.
     *
     * @throws IllegalArgumentException when it is empty or holds several statements
     */
    static String single(String sql) {
        String s = stripLeading(sql == null ? "" : sql).trim();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("no SQL statement given");
        }
        int semicolon = unquotedSemicolon(s);
        if (semicolon >= 0 && !stripLeading(s.substring(semicolon + 1)).isBlank()) {
            throw new IllegalArgumentException(
                    "one statement at a time: found more after the ';' at character "
                            + (semicolon + 1));
        }
        return s;
    }

    /** The statement's first keyword, upper case. */
    static String keyword(String statement) {
        String s = stripLeading(statement);
        while (s.startsWith("(")) {
            s = stripLeading(s.substring(1));
        }
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return s.substring(0, end).toUpperCase(Locale.ROOT);
    }

    /**
     * Refuses a statement that is not read-only, saying which flag allows it.
     *
     * @throws IllegalArgumentException naming the statement's kind
     */
    static void requireReadOnly(String statement) {
        String k = keyword(statement);
        if (!READ_ONLY.contains(k)) {
            throw new IllegalArgumentException(
                    "pcw query is read-only: "
                            + (k.isEmpty() ? "this statement" : k)
                            + " statements could change or drop the lake's tables. Use SELECT,"
                            + " WITH, SHOW, DESCRIBE or EXPLAIN, or add --allow-writes if you"
                            + " mean it.");
        }
    }

    /** Skips white space, {@code -- …} line comments and block comments at the start. */
    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("--", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl + 1;
            } else if (s.startsWith("/*", i)) {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? s.length() : close + 2;
            } else {
                break;
            }
        }
        return s.substring(i);
    }

    /** The index of the first {@code ;} outside quotes, identifiers and comments, or -1. */
    private static int unquotedSemicolon(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (s.startsWith("--", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl;
            } else if (s.startsWith("/*", i)) {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? s.length() : close + 1;
            } else if (c == ';') {
                return i;
            }
        }
        return -1;
    }
}
