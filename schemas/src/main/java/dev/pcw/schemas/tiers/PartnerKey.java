package dev.pcw.schemas.tiers;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * A partner's identity: its OEM and name after normalization, Unicode NFC, trimmed, inner runs of
 * white space collapsed and case-folded. {@code ("Cisco", "Red River Technology")} and {@code
 * ("cisco", " red river technology")} are one partner; the same name under two OEMs is two.
 */
public final class PartnerKey implements Serializable, Comparable<PartnerKey> {
    private static final long serialVersionUID = 1L;

    private final String oem;
    private final String name;

    private PartnerKey(String oem, String name) {
        this.oem = oem;
        this.name = name;
    }

    /** The identity of the partner {@code name} of {@code oem}. */
    public static PartnerKey of(String oem, String name) {
        return new PartnerKey(fold(oem), fold(name));
    }

    /** Case-folds {@code s} for comparison: NFC, trimmed, spaces collapsed, lower case. */
    public static String fold(String s) {
        String n = Normalizer.normalize(Objects.requireNonNull(s), Normalizer.Form.NFC).trim();
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

    /** The case-folded OEM. */
    public String oem() {
        return oem;
    }

    /** The case-folded name. */
    public String name() {
        return name;
    }

    @Override
    public int compareTo(PartnerKey o) {
        int c = oem.compareTo(o.oem);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartnerKey
                && oem.equals(((PartnerKey) o).oem)
                && name.equals(((PartnerKey) o).name);
    }

    @Override
    public int hashCode() {
        return 31 * oem.hashCode() + name.hashCode();
    }

    @Override
    public String toString() {
        return oem + "/" + name;
    }
}
