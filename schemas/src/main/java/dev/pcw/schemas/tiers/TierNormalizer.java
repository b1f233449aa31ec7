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
        List<TierProblem> problems = new ArrayList<>(0);
        for (String p : raw.problems()) {
            problems.add(new TierProblem(raw.position(), p, raw.values()));
        }
        String name = clean(raw.value("name"));
        String tier = clean(raw.value("tier"));
        String program = clean(raw.value("program"));
        String oem = clean(raw.value("oem"));
        String poc = clean(raw.value("poc"));
        String notes = clean(raw.value("notes"));
        String[] required = {name, tier, program, oem};
        for (int i = 0; i < required.length; i++) {
            if (required[i] == null) {
                problems.add(
                        new TierProblem(
                                raw.position(),
                                "missing " + RawTierRecord.REQUIRED.get(i),
                                raw.values()));
            }
        }
        // A line break would split the Obsidian note's heading or list item and the CLI's table.
        String[][] oneLine = {
            {"name", name}, {"tier", tier}, {"program", program}, {"oem", oem}, {"poc", poc}
        };
        for (String[] f : oneLine) {
            if (f[1] != null && (f[1].indexOf('\n') >= 0 || f[1].indexOf('\r') >= 0)) {
                problems.add(
                        new TierProblem(raw.position(), f[0] + " has a line break", raw.values()));
            }
        }
        Instant created = time(raw, "created_at", problems);
        Instant updated = time(raw, "updated_at", problems);
        if (!problems.isEmpty()) {
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

    private static Instant time(RawTierRecord raw, String field, List<TierProblem> problems) {
        String text = clean(raw.value(field));
        if (text == null) {
            return null;
        }
        try {
            return IsoTimes.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(
                    new TierProblem(
                            raw.position(),
                            "invalid " + field + ": " + e.getMessage(),
                            raw.values()));
            return null;
        }
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
