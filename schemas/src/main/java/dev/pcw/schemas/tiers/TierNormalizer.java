package dev.pcw.schemas.tiers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@link RawTierRecord} into a {@link PartnerTier}, or says why it cannot: every field is
 * trimmed and an empty one is absent; tiers and OEMs are written as the {@link TierVocabulary}
 * says; missing timestamps are {@code now}. Pure and thread-safe.
 */
public final class TierNormalizer {
    private final TierVocabulary vocabulary;

    public TierNormalizer(TierVocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    }

    public TierVocabulary vocabulary() {
        return vocabulary;
    }

    /** The outcome of one record: a partner tier, or the problems that refuse it. */
    public static final class Outcome {
        private final PartnerTier tier;
        private final List<TierProblem> problems;

        private Outcome(PartnerTier tier, List<TierProblem> problems) {
            this.tier = tier;
            this.problems = problems;
        }

        /** The normalized record; null when {@link #problems()} is not empty. */
        public PartnerTier tier() {
            return tier;
        }

        public List<TierProblem> problems() {
            return problems;
        }
    }

    /** Normalizes {@code raw}; {@code now} fills the timestamps it lacks. */
    public Outcome normalize(RawTierRecord raw, Instant now) {
        List<TierProblem> problems = null;
        for (String p : raw.problems()) {
            problems = add(problems, raw, p);
        }
        String name = clean(raw.value(0));
        String tier = clean(raw.value(1));
        String program = pooled(clean(raw.value(2)));
        String oem = clean(raw.value(3));
        String poc = clean(raw.value(4));
        String notes = clean(raw.value(5));
        String[] oneLine = {name, tier, program, oem, poc};
        for (int i = 0; i < 4; i++) {
            if (oneLine[i] == null) {
                problems = add(problems, raw, "missing " + RawTierRecord.REQUIRED.get(i));
            }
        }
        // A line break would split the Obsidian note's heading or list item and the CLI's table.
        for (int i = 0; i < oneLine.length; i++) {
            String v = oneLine[i];
            if (v != null && (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0)) {
                problems = add(problems, raw, RawTierRecord.FIELDS.get(i) + " has a line break");
            }
        }
        Instant created = null;
        Instant updated = null;
        String[] times = {clean(raw.value(6)), clean(raw.value(7))};
        for (int i = 0; i < 2; i++) {
            if (times[i] == null) {
                continue;
            }
            try {
                Instant t = IsoTimes.parse(times[i]);
                if (i == 0) {
                    created = t;
                } else {
                    updated = t;
                }
            } catch (IllegalArgumentException e) {
                problems =
                        add(
                                problems,
                                raw,
                                "invalid "
                                        + RawTierRecord.FIELDS.get(6 + i)
                                        + ": "
                                        + e.getMessage());
            }
        }
        if (problems != null) {
            return new Outcome(null, List.copyOf(problems));
        }
        if (created == null) {
            created = updated != null && updated.isBefore(now) ? updated : now;
        }
        if (updated == null) {
            updated = created.isAfter(now) ? created : now;
        }
        return new Outcome(
                new PartnerTier(
                        name,
                        vocabulary.tier(tier),
                        program,
                        vocabulary.oem(oem),
                        poc,
                        notes,
                        created,
                        updated),
                List.of());
    }

    private static List<TierProblem> add(
            List<TierProblem> problems, RawTierRecord raw, String message) {
        List<TierProblem> out = problems == null ? new ArrayList<>(2) : problems;
        out.add(new TierProblem(raw.position(), message, raw.values()));
        return out;
    }

    /** Programs repeat across a file: one copy of each (up to a bound). */
    private final java.util.concurrent.ConcurrentHashMap<String, String> programs =
            new java.util.concurrent.ConcurrentHashMap<>();

    private String pooled(String s) {
        if (s == null) {
            return null;
        }
        String p = programs.get(s);
        if (p != null) {
            return p;
        }
        if (programs.size() < 10_000) {
            programs.putIfAbsent(s, s);
        }
        return s;
    }

    /** Trimmed; null when absent or empty. */
    static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
