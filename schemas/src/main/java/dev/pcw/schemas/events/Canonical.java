package dev.pcw.schemas.events;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Stable text forms and hashes of silver values, identical on every JVM and after restarts. */
final class Canonical {
    /** Columns pcw writes itself; they never make a record "changed". */
    static final Set<String> BOOKKEEPING_COLUMNS =
            Collections.unmodifiableSet(
                    new HashSet<>(
                            Arrays.asList("updated_at", "run_id", "fetched_at", "unknown_values")));

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Canonical() {}

    /**
     * The text form of a silver value, or null for SQL NULL; decimals drop trailing zeros so that a
     * scale change alone is no change.
     */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("\u0000null");
        } else if (value instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) value;
            sb.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        } else if (value instanceof Instant || value instanceof LocalDate) {
            sb.append(value);
        } else if (value instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object o : (List<?>) value) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendQuoted(sb, o);
            }
            sb.append(']');
        } else if (value instanceof Map) {
            // Struct field order is schema order, but sorting keeps hashes stable if it changes.
            Map<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                sorted.put(String.valueOf(e.getKey()), e.getValue());
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendQuoted(sb, e.getKey());
                sb.append(':');
                appendQuoted(sb, e.getValue());
            }
            sb.append('}');
        } else {
            sb.append(value);
        }
    }

    private static void appendQuoted(StringBuilder sb, Object value) {
        if (value instanceof String) {
            sb.append('"').append(((String) value).replace("\\", "\\\\").replace("\"", "\\\""));
            sb.append('"');
        } else {
            append(sb, value);
        }
    }

    /** 64-bit FNV-1a over the UTF-8 bytes of {@code s} (null hashes as a marker of its own). */
    static long fnv64(long seed, String s) {
        long h = seed;
        byte[] bytes = s == null ? new byte[] {0, 'N'} : s.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        // A separator so that ("ab","c") and ("a","bc") hash differently.
        h ^= 0xff;
        h *= FNV_PRIME;
        return h;
    }

    static long fnv64(String s) {
        return fnv64(FNV_OFFSET, s);
    }

    static long fnvOffset() {
        return FNV_OFFSET;
    }

    /** The hash of one column value, folded to 32 bits. */
    static int columnHash(Object value) {
        long h = fnv64(text(value));
        return (int) (h ^ (h >>> 32));
    }

    static String hex(long value) {
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
        return new String(out);
    }

    /**
     * A UUID-shaped id from the first 32 hex digits of SHA-256 over the parts, each part followed
     * by a unit separator so that part boundaries count.
     */
    static String deterministicId(String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        for (String part : parts) {
            sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
        }
        byte[] digest = sha.digest();
        StringBuilder hex = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                hex.append('-');
            }
            hex.append(HEX[(digest[i] >> 4) & 0xf]).append(HEX[digest[i] & 0xf]);
        }
        return hex.toString();
    }
}
