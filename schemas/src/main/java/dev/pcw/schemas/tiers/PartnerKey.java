package dev.pcw.schemas.tiers;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * A partner's identity: its OEM and name after normalization, Unicode NFC, trimmed, inner runs of
 * white space collapsed and case-folded. {@code ("Cisco", "Red River Technology")} and {@code
 * ("cisco", " red river technology")} are one partner; the same name under two OEMs is two.
 *
 * <p>A name that is plain ASCII without leading, trailing or doubled spaces (nearly every name) is
 * kept as written and compared ignoring ASCII case, which is the same as comparing its fold but
 * saves a copy per partner on large files.
 */
public final class PartnerKey implements Serializable, Comparable<PartnerKey> {
    private static final long serialVersionUID = 1L;

    private final String oem;

    /** The name: folded, or plain ASCII as written (see the class javadoc). */
    private final String name;

    private final int hash;

    private PartnerKey(String oem, String name) {
        this.oem = oem;
        this.name = name;
        this.hash = 31 * oem.hashCode() + foldedHash(name);
    }

    /** The identity of the partner {@code name} of {@code oem}. */
    public static PartnerKey of(String oem, String name) {
        return new PartnerKey(fold(oem), comparable(name));
    }

    /**
     * The identity of a partner whose OEM is already folded ({@link #fold}): for callers that fold
     * each OEM once.
     */
    public static PartnerKey ofFoldedOem(String foldedOem, String name) {
        return new PartnerKey(Objects.requireNonNull(foldedOem), comparable(name));
    }

    private static String comparable(String name) {
        return simpleAscii(Objects.requireNonNull(name)) ? name : fold(name);
    }

    /** Case-folds {@code s} for comparison: NFC, trimmed, spaces collapsed, lower case. */
    public static String fold(String s) {
        Objects.requireNonNull(s);
        if (simpleAscii(s)) {
            return s.toLowerCase(Locale.ROOT);
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFC).trim();
        StringBuilder b = new StringBuilder(n.length());
        boolean space = false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space && b.length() > 0) {
                b.append(' ');
            }
            space = false;
            b.append(c);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** Plain ASCII printable text without leading, trailing or doubled spaces. */
    private static boolean simpleAscii(String s) {
        int n = s.length();
        char prev = ' ';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x7F || c < ' ') {
                return false;
            }
            if (c == ' ' && (i == 0 || i == n - 1 || prev == ' ')) {
                return false;
            }
            prev = c;
        }
        return true;
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static int foldedHash(String s) {
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + lowerAscii(s.charAt(i));
        }
        return h;
    }

    /** Equal folds: ASCII letters compared ignoring case, everything else exactly. */
    private static boolean sameFold(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && lowerAscii(x) != lowerAscii(y)) {
                return false;
            }
        }
        return true;
    }

    /** The case-folded OEM. */
    public String oem() {
        return oem;
    }

    /** The case-folded name. */
    public String name() {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public int compareTo(PartnerKey o) {
        int c = oem.compareTo(o.oem);
        return c != 0 ? c : name().compareTo(o.name());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PartnerKey)) {
            return false;
        }
        PartnerKey k = (PartnerKey) o;
        return hash == k.hash && oem.equals(k.oem) && sameFold(name, k.name);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return oem + "/" + name();
    }
}
