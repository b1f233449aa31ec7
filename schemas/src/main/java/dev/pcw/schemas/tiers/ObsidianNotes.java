package dev.pcw.schemas.tiers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Obsidian notes of the partner tiers: one note per OEM, in the seed's format.
 *
 * <pre>
 * # Cisco
 *
 * ## Partner Tiers
 *
 * ### Red River Technology
 * - **Tier**: Gold
 * - **Program**: Cisco PTP
 * - **POC**: John Doe
 * - **Notes**: Premier partner
 * - **Updated**: 2025-10-30T20:00:00Z
 * </pre>
 *
 * Lines with no value are left out; partners are in case-folded name order (then as written), so
 * the same store always gives the same bytes. With properties, the note starts with YAML front
 * matter ({@code oem}, {@code partners}, {@code updated}: the newest {@code updated_at}, {@code
 * tags}). Pure: writing the files is the caller's.
 */
public final class ObsidianNotes {
    /** The folder below the vault root that holds the OEM notes. */
    public static final String FOLDER = "30 Hubs/OEMs";

    /** Names Windows reserves for devices, which vaults synced to Windows cannot hold. */
    private static final Set<String> RESERVED =
            Set.of(
                    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6",
                    "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7",
                    "lpt8", "lpt9");

    private ObsidianNotes() {}

    /**
     * Every OEM's note: file name ({@code Cisco.md}) → content, in OEM order. File names are safe
     * on every platform Obsidian runs on; two OEMs whose safe names collide get {@code " (2)"}.
     */
    public static Map<String, String> render(Collection<PartnerTier> tiers, boolean properties) {
        Map<String, List<PartnerTier>> byOem =
                new TreeMap<>(Comparator.comparing(ObsidianNotes::foldThenExact));
        for (PartnerTier t : tiers) {
            byOem.computeIfAbsent(t.oem(), k -> new ArrayList<>()).add(t);
        }
        Map<String, String> notes = new LinkedHashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (Map.Entry<String, List<PartnerTier>> e : byOem.entrySet()) {
            String base = safeFileName(e.getKey());
            String folded = base.toLowerCase(Locale.ROOT);
            int n = used.merge(folded, 1, Integer::sum);
            String file = (n == 1 ? base : base + " (" + n + ")") + ".md";
            notes.put(file, note(e.getKey(), e.getValue(), properties));
        }
        return notes;
    }

    /** One OEM's note. */
    public static String note(String oem, List<PartnerTier> partners, boolean properties) {
        List<PartnerTier> sorted = new ArrayList<>(partners);
        sorted.sort(Comparator.comparing((PartnerTier p) -> foldThenExact(p.name())));
        StringBuilder b = new StringBuilder();
        if (properties) {
            Instant newest = null;
            for (PartnerTier p : sorted) {
                if (newest == null || p.updatedAt().isAfter(newest)) {
                    newest = p.updatedAt();
                }
            }
            b.append("---\n");
            b.append("oem: ").append(yamlString(oem)).append('\n');
            b.append("partners: ").append(sorted.size()).append('\n');
            if (newest != null) {
                b.append("updated: ").append(newest).append('\n');
            }
            b.append("tags:\n  - oem\n  - partner-tiers\n");
            b.append("---\n\n");
        }
        b.append("# ").append(oem).append("\n\n## Partner Tiers\n");
        for (PartnerTier p : sorted) {
            b.append("\n### ").append(p.name()).append('\n');
            line(b, "Tier", p.tier());
            line(b, "Program", p.program());
            line(b, "POC", p.poc());
            line(b, "Notes", p.notes());
            line(b, "Updated", p.updatedAt().toString());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        // Notes may span lines: continuation lines are indented so they stay in the list item.
        b.append("- **")
                .append(label)
                .append("**: ")
                .append(value.replace("\r\n", "\n").replace("\n", "\n  "))
                .append('\n');
    }

    /**
     * {@code oem} as a file name (without {@code .md}): characters that Windows, macOS, Linux or
     * Obsidian links refuse ({@code / \ : * ? " < > | # ^ [ ]} and control characters) become
     * {@code -}, leading and trailing dots and spaces are dropped, a reserved device name gets a
     * {@code _} suffix, and an empty result is {@code _}.
     */
    public static String safeFileName(String oem) {
        StringBuilder b = new StringBuilder(oem.length());
        for (int i = 0; i < oem.length(); i++) {
            char c = oem.charAt(i);
            b.append(c < 32 || "/\\:*?\"<>|#^[]".indexOf(c) >= 0 ? '-' : c);
        }
        String s = b.toString().strip();
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == '.' || s.charAt(start) == ' ')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        s = s.substring(start, end);
        if (s.length() > 120) {
            s = s.substring(0, 120).strip();
        }
        if (s.isEmpty()) {
            return "_";
        }
        return RESERVED.contains(s.toLowerCase(Locale.ROOT)) ? s + "_" : s;
    }

    private static String foldThenExact(String s) {
        return PartnerKey.fold(s) + "\u0000" + s;
    }

    private static String yamlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
