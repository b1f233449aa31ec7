package dev.pcw.schemas.tiers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The diff of an input (one file, or every file of a folder) against the store, built one record at
 * a time so a million-row file never needs a second copy in memory.
 *
 * <ul>
 *   <li>{@code added}: the partner's (oem, name) is not in the store; its timestamps are the
 *       record's, else {@code now}.
 *   <li>{@code updated}: name, tier, program, oem, poc or notes differ from the stored version (a
 *       change of a name's case is an update too); {@code created_at} is the stored one, {@code
 *       updated_at} is {@code now}.
 *   <li>{@code unchanged}: all of them are equal; the stored version is kept as it is.
 * </ul>
 *
 * Records that fail normalization, and a second record of an identity already seen in the same
 * input, are {@link #problems()}; an input with any problem must not be applied. Partners in the
 * store that the input does not mention are left alone: files add and update, they never delete.
 *
 * <pre>{@code
 * TierDiff diff = TierDiff.against(store, normalizer, now);
 * reader.read(file, diff::accept);
 * if (diff.problems().isEmpty()) { apply(diff.added(), diff.updated()); }
 * }</pre>
 */
public final class TierDiff {
    /** One change: the new version, and for an update the stored one it replaces. */
    public static final class Change {
        private final PartnerTier tier;
        private final PartnerTier previous;
        private final TierPosition position;

        Change(PartnerTier tier, PartnerTier previous, TierPosition position) {
            this.tier = tier;
            this.previous = previous;
            this.position = position;
        }

        /** The version to store. */
        public PartnerTier tier() {
            return tier;
        }

        /** The stored version it replaces; null when added. */
        public PartnerTier previous() {
            return previous;
        }

        /** Where the record came from. */
        public TierPosition position() {
            return position;
        }

        /**
         * The compared fields whose value changed, in {@link PartnerTier#COMPARED_FIELDS} order.
         */
        public List<String> changedFields() {
            if (previous == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>(2);
            for (String f : PartnerTier.COMPARED_FIELDS) {
                if (!Objects.equals(previous.field(f), tier.field(f))) {
                    out.add(f);
                }
            }
            return out;
        }
    }

    private final Map<PartnerKey, PartnerTier> store;
    private final TierNormalizer normalizer;
    private final Instant now;
    private final Map<PartnerKey, TierPosition> seen = new HashMap<>();
    private final List<Change> added = new ArrayList<>();
    private final List<Change> updated = new ArrayList<>();
    private final List<PartnerTier> unchanged = new ArrayList<>();
    private final List<TierProblem> problems = new ArrayList<>();
    private long records;

    private TierDiff(Map<PartnerKey, PartnerTier> store, TierNormalizer normalizer, Instant now) {
        this.store = Objects.requireNonNull(store, "store");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.now = IsoTimes.millis(Objects.requireNonNull(now, "now"));
    }

    /** An empty diff against {@code store} (identity → stored version; not copied, not changed). */
    public static TierDiff against(
            Map<PartnerKey, PartnerTier> store, TierNormalizer normalizer, Instant now) {
        return new TierDiff(store, normalizer, now);
    }

    /** Adds one record of the input. */
    public void accept(RawTierRecord raw) {
        records++;
        TierNormalizer.Outcome outcome = normalizer.normalize(raw, now);
        if (outcome.tier() == null) {
            problems.addAll(outcome.problems());
            return;
        }
        PartnerTier tier = outcome.tier();
        PartnerKey key = tier.key();
        TierPosition first = seen.putIfAbsent(key, raw.position());
        if (first != null) {
            problems.add(
                    new TierProblem(
                            raw.position(),
                            "duplicate of "
                                    + first.record()
                                    + (first.file().equals(raw.position().file())
                                            ? ""
                                            : " of " + first.file())
                                    + ": both are "
                                    + tier.oem()
                                    + " / "
                                    + tier.name()
                                    + " (one partner per OEM and name, compared ignoring case)",
                            raw.values()));
            return;
        }
        PartnerTier stored = store.get(key);
        if (stored == null) {
            added.add(new Change(tier, null, raw.position()));
        } else if (stored.sameContent(tier)) {
            unchanged.add(stored);
        } else {
            updated.add(
                    new Change(tier.withTimes(stored.createdAt(), now), stored, raw.position()));
        }
    }

    /** Adds a problem found outside any record (a file that cannot be read). */
    public void fail(TierProblem problem) {
        problems.add(problem);
    }

    /** Records accepted so far, valid or not. */
    public long records() {
        return records;
    }

    public List<Change> added() {
        return Collections.unmodifiableList(added);
    }

    public List<Change> updated() {
        return Collections.unmodifiableList(updated);
    }

    /** The stored versions of the partners the input leaves as they are. */
    public List<PartnerTier> unchanged() {
        return Collections.unmodifiableList(unchanged);
    }

    /** Why the input must not be applied; empty when it may be. */
    public List<TierProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** Whether applying would change the store. */
    public boolean hasChanges() {
        return !added.isEmpty() || !updated.isEmpty();
    }

    /** The time the diff stamps on what it changes. */
    public Instant now() {
        return now;
    }

    /**
     * The seed's error text for {@link #problems()}: {@code Validation failed: Record 0: missing
     * name (partners.csv line 2); …}, at most {@code limit} problems then how many more.
     */
    public String validationMessage(int limit) {
        StringBuilder b = new StringBuilder("Validation failed: ");
        for (int i = 0; i < problems.size() && i < limit; i++) {
            if (i > 0) {
                b.append("; ");
            }
            b.append(problems.get(i));
        }
        if (problems.size() > limit) {
            b.append("; and ").append(problems.size() - limit).append(" more");
        }
        return b.toString();
    }
}
