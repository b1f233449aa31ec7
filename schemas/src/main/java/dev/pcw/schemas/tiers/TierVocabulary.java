package dev.pcw.schemas.tiers;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How tier and OEM names are written in the store: a map from the way a file may write a name
 * (compared case-folded, see {@link PartnerKey#fold}) to the stored spelling.
 *
 * <p>Tiers: {@code platinum}, {@code gold}, {@code silver}, {@code bronze} become {@code Platinum},
 * {@code Gold}, {@code Silver}, {@code Bronze}; any other tier is title-cased as Python's {@code
 * str.title()} does ({@code preferred partner} → {@code Preferred Partner}). OEMs: {@code cisco} →
 * {@code Cisco}, {@code nutanix} → {@code Nutanix}, {@code dell} → {@code Dell}, {@code hp} →
 * {@code HP}, {@code hpe} → {@code HPE}, {@code vmware} → {@code VMware}, {@code microsoft} →
 * {@code Microsoft}, {@code aws} → {@code AWS}, {@code red hat} → {@code Red Hat}; any other OEM is
 * kept as written (trimmed).
 *
 * <p>Both maps take more entries, and aliases, from configuration ({@code partner_tiers.tiers.*},
 * {@code partner_tiers.oems.*}), because programs rename their tiers:
 *
 * <pre>{@code
 * TierVocabulary v = TierVocabulary.defaults()
 *     .withTier("premier tier services", "Premier")   // an alias
 *     .withTier("msp", "MSP")                         // title case would write Msp
 *     .withOem("cisco systems", "Cisco");
 * }</pre>
 *
 * Immutable.
 */
public final class TierVocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final TierVocabulary DEFAULTS;

    static {
        Map<String, String> tiers = new LinkedHashMap<>();
        for (String t : new String[] {"Platinum", "Gold", "Silver", "Bronze"}) {
            tiers.put(PartnerKey.fold(t), t);
        }
        Map<String, String> oems = new LinkedHashMap<>();
        for (String o :
                new String[] {
                    "Cisco", "Nutanix", "Dell", "HP", "HPE", "VMware", "Microsoft", "AWS", "Red Hat"
                }) {
            oems.put(PartnerKey.fold(o), o);
        }
        DEFAULTS = new TierVocabulary(tiers, oems);
    }

    private final Map<String, String> tiers;
    private final Map<String, String> oems;

    /** Written form → stored spelling, remembered: files repeat a few tiers and OEMs a lot. */
    private transient java.util.concurrent.ConcurrentHashMap<String, String> tierMemo;

    private transient java.util.concurrent.ConcurrentHashMap<String, String> oemMemo;

    private static final int MEMO_LIMIT = 10_000;

    private TierVocabulary(Map<String, String> tiers, Map<String, String> oems) {
        this.tiers = Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        this.oems = Collections.unmodifiableMap(new LinkedHashMap<>(oems));
    }

    /** The seed's maps. */
    public static TierVocabulary defaults() {
        return DEFAULTS;
    }

    /**
     * The defaults plus the entries of a flat configuration: {@code {prefix}tiers.<written>} and
     * {@code {prefix}oems.<written>} → stored spelling.
     *
     * @throws IllegalArgumentException naming the key whose stored spelling is blank
     */
    public static TierVocabulary fromConfig(Map<String, String> config, String prefix) {
        TierVocabulary v = DEFAULTS;
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(config).entrySet()) {
            String key = e.getKey();
            if (key.startsWith(prefix + "tiers.")) {
                v = v.withTier(key.substring(prefix.length() + 6), check(key, e.getValue()));
            } else if (key.startsWith(prefix + "oems.")) {
                v = v.withOem(key.substring(prefix.length() + 5), check(key, e.getValue()));
            }
        }
        return v;
    }

    private static String check(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    key + " is empty: give the tier or OEM name to store, e.g. Premier");
        }
        return value.trim();
    }

    /** This vocabulary where a tier written {@code written} (any case) is stored as {@code as}. */
    public TierVocabulary withTier(String written, String as) {
        Map<String, String> t = new LinkedHashMap<>(tiers);
        t.put(PartnerKey.fold(written), Objects.requireNonNull(as).trim());
        return new TierVocabulary(t, oems);
    }

    /** This vocabulary where an OEM written {@code written} (any case) is stored as {@code as}. */
    public TierVocabulary withOem(String written, String as) {
        Map<String, String> o = new LinkedHashMap<>(oems);
        o.put(PartnerKey.fold(written), Objects.requireNonNull(as).trim());
        return new TierVocabulary(tiers, o);
    }

    /** Case-folded written form → stored tier name. */
    public Map<String, String> tiers() {
        return tiers;
    }

    /** Case-folded written form → stored OEM name. */
    public Map<String, String> oems() {
        return oems;
    }

    /** The stored spelling of the (trimmed, non-empty) tier {@code tier}. */
    public String tier(String tier) {
        if (tierMemo == null) {
            tierMemo = new java.util.concurrent.ConcurrentHashMap<>();
        }
        String memo = tierMemo.get(tier);
        if (memo != null) {
            return memo;
        }
        String known = tiers.get(PartnerKey.fold(tier));
        String out = known != null ? known : titleCase(tier.trim());
        if (tierMemo.size() < MEMO_LIMIT) {
            tierMemo.put(tier, out);
        }
        return out;
    }

    /** The stored spelling of the (trimmed, non-empty) OEM {@code oem}. */
    public String oem(String oem) {
        if (oemMemo == null) {
            oemMemo = new java.util.concurrent.ConcurrentHashMap<>();
        }
        String memo = oemMemo.get(oem);
        if (memo != null) {
            return memo;
        }
        String known = oems.get(PartnerKey.fold(oem));
        String out = known != null ? known : oem.trim();
        if (oemMemo.size() < MEMO_LIMIT) {
            oemMemo.put(oem, out);
        }
        return out;
    }

    /**
     * Title case as Python's {@code str.title()}: a letter that follows a letter is lower case, any
     * other letter upper case ({@code co-sell} → {@code Co-Sell}, {@code PREMIER} → {@code
     * Premier}).
     */
    static String titleCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean afterLetter = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean letter = Character.isLetter(cp);
            b.appendCodePoint(
                    letter
                            ? (afterLetter ? Character.toLowerCase(cp) : Character.toTitleCase(cp))
                            : cp);
            afterLetter = letter;
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TierVocabulary
                && tiers.equals(((TierVocabulary) o).tiers)
                && oems.equals(((TierVocabulary) o).oems);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tiers, oems);
    }
}
