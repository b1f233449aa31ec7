package dev.pcw.schemas.tiers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

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

        /**
         * The stored version it replaces; null when added, or when the diff read only the store's
         * content hashes (a dry run through the API).
         */
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

    private final Future<Map<PartnerKey, StoredTier>> pendingStore;
    private Map<PartnerKey, StoredTier> store;
    private final List<Object[]> buffered = new ArrayList<>();
    private final TierNormalizer normalizer;
    private final Instant now;
    private final Map<PartnerKey, TierPosition> fresh = new HashMap<>();
    private boolean sorted = true;
    private final List<Change> added = new ArrayList<>();
    private final List<Change> updated = new ArrayList<>();
    private final List<PartnerTier> unchanged = new ArrayList<>();
    private final List<TierProblem> problems = new ArrayList<>();
    private long records;

    private TierDiff(
            Future<Map<PartnerKey, StoredTier>> store, TierNormalizer normalizer, Instant now) {
        this.pendingStore = Objects.requireNonNull(store, "store");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.now = IsoTimes.millis(Objects.requireNonNull(now, "now"));
    }

    /** An empty diff against {@code store} (identity → stored version; not copied, not changed). */
    public static TierDiff against(
            Map<PartnerKey, PartnerTier> store, TierNormalizer normalizer, Instant now) {
        Map<PartnerKey, StoredTier> stored = new java.util.HashMap<>();
        Objects.requireNonNull(store, "store").forEach((k, v) -> stored.put(k, StoredTier.of(v)));
        return new TierDiff(CompletableFuture.completedFuture(stored), normalizer, now);
    }

    /**
     * An empty diff against a store still being read: records accepted before it is ready are
     * normalized, checked and held, then classified once it is (so reading the store and the input
     * overlap).
     */
    public static TierDiff against(
            Future<Map<PartnerKey, StoredTier>> store, TierNormalizer normalizer, Instant now) {
        return new TierDiff(store, normalizer, now);
    }

    private void resolve() {
        if (store != null) {
            return;
        }
        try {
            store = Objects.requireNonNull(pendingStore.get(), "store");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the store", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException
                    ? (RuntimeException) c
                    : new IllegalStateException("cannot read the store: " + c.getMessage(), c);
        }
        for (Object[] b : buffered) {
            classify((PartnerTier) b[0], (PartnerKey) b[1], (RawTierRecord) b[2]);
        }
        buffered.clear();
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
        PartnerKey key = keyOf(tier);
        if (store == null && pendingStore.isDone()) {
            resolve();
        }
        if (store == null) {
            buffered.add(new Object[] {tier, key, raw});
        } else {
            classify(tier, key, raw);
        }
    }

    /** Folded OEM names: a file repeats a few OEMs a million times. */
    private final Map<String, String> foldedOems = new HashMap<>();

    private PartnerKey keyOf(PartnerTier tier) {
        String oem = foldedOems.computeIfAbsent(tier.oem(), PartnerKey::fold);
        return PartnerKey.ofFoldedOem(oem, tier.name());
    }

    private void classify(PartnerTier tier, PartnerKey key, RawTierRecord raw) {
        TierPosition position = raw.position();
        StoredTier stored = store.get(key);
        // One partner per identity: the first position of each is kept on its stored version, or
        // for a partner new to the store in a map of its own.
        TierPosition first;
        if (stored != null) {
            first = stored.seenAt;
            if (first == null) {
                stored.seenAt = position;
            }
        } else {
            first = fresh.putIfAbsent(key, position);
        }
        if (first != null) {
            problems.add(
                    new TierProblem(
                            position,
                            "duplicate of "
                                    + first.record()
                                    + (first.file().equals(position.file())
                                            ? ""
                                            : " of " + first.file())
                                    + ": both are "
                                    + tier.oem()
                                    + " / "
                                    + tier.name()
                                    + " (one partner per OEM and name, compared ignoring case)",
                            raw.values()));
            sorted = false;
            return;
        }
        if (stored == null) {
            added.add(new Change(tier, null, position));
        } else if (stored.full() != null
                ? stored.full().sameContent(tier)
                : stored.contentHash() == tier.contentHash()) {
            unchanged.add(
                    stored.full() != null
                            ? stored.full()
                            : tier.withTimes(stored.createdAt(), stored.updatedAt()));
        } else {
            updated.add(
                    new Change(tier.withTimes(stored.createdAt(), now), stored.full(), position));
        }
    }

    /** Adds a problem found outside any record (a file that cannot be read). */
    public void fail(TierProblem problem) {
        problems.add(problem);
        sorted = false;
    }

    /** Records accepted so far, valid or not. */
    public long records() {
        return records;
    }

    public List<Change> added() {
        resolve();
        return Collections.unmodifiableList(added);
    }

    public List<Change> updated() {
        resolve();
        return Collections.unmodifiableList(updated);
    }

    /** The stored versions of the partners the input leaves as they are. */
    public List<PartnerTier> unchanged() {
        resolve();
        return Collections.unmodifiableList(unchanged);
    }

    /** Why the input must not be applied, in file and record order; empty when it may be. */
    public List<TierProblem> problems() {
        resolve();
        if (!sorted) {
            // Duplicates are found as records are classified, which may be after later records'
            // normalization problems: put them back in input order (a stable sort).
            problems.sort(
                    java.util.Comparator.comparing(
                                    (TierProblem p) ->
                                            p.position().file().toLowerCase(java.util.Locale.ROOT))
                            .thenComparingInt(p -> p.position().index()));
            sorted = true;
        }
        return Collections.unmodifiableList(problems);
    }

    /** Whether applying would change the store. */
    public boolean hasChanges() {
        resolve();
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
        List<TierProblem> problems = problems();
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
