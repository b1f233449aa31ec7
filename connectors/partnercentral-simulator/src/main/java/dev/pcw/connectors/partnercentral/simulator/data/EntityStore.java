package dev.pcw.connectors.partnercentral.simulator.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records of one entity in one catalog. Reads are lock-free on an immutable snapshot; a change
 * publishes a new snapshot, so a page in flight never sees half a change. Sorted views are built
 * once per snapshot and sort key.
 *
 * <p>Publishing copies the id index, so many changes in a row are made in a batch ({@link
 * #openBatch}, {@link #closeBatch}): the thread that opened it sees its own changes at once, every
 * other reader sees them all together when it closes. A million records can then take a thousand
 * changes in about a second instead of minutes.
 */
public final class EntityStore {
    /** Sort keys compared case-insensitively, as people expect names to sort. */
    private static final Set<String> CASE_INSENSITIVE = Set.of("CustomerCompanyName", "Name");

    private volatile Snapshot snapshot = new Snapshot(Collections.emptyMap(), null);

    /** The open batch, or null; only its owner reads or writes {@code records}. */
    private volatile Batch batch;

    private static final class Snapshot {
        final Map<String, StoredRecord> byId;
        final ConcurrentHashMap<String, StoredRecord[]> views = new ConcurrentHashMap<>();

        /** Every id in ascending order, built on first use; carried over when no id is added. */
        volatile List<String> sortedIds;

        Snapshot(Map<String, StoredRecord> byId, List<String> sortedIds) {
            this.byId = byId;
            this.sortedIds = sortedIds;
        }

        List<String> sortedIds() {
            List<String> ids = sortedIds;
            if (ids == null) {
                List<String> sorted = new ArrayList<>(byId.keySet());
                Collections.sort(sorted);
                ids = Collections.unmodifiableList(sorted);
                sortedIds = ids;
            }
            return ids;
        }
    }

    private static final class Batch {
        final Thread owner = Thread.currentThread();
        final Map<String, StoredRecord> records = new HashMap<>();
    }

    /** The open batch when the calling thread owns it, else null. */
    private Batch mine() {
        Batch b = batch;
        return b != null && b.owner == Thread.currentThread() ? b : null;
    }

    public StoredRecord get(String id) {
        Batch b = mine();
        if (b != null) {
            StoredRecord r = b.records.get(id);
            if (r != null) {
                return r;
            }
        }
        return snapshot.byId.get(id);
    }

    public int size() {
        Batch b = mine();
        if (b == null) {
            return snapshot.byId.size();
        }
        return snapshot.byId.size() + added(b).size();
    }

    public Collection<StoredRecord> all() {
        Batch b = mine();
        if (b == null || b.records.isEmpty()) {
            return snapshot.byId.values();
        }
        Map<String, StoredRecord> merged = new HashMap<>(snapshot.byId);
        merged.putAll(b.records);
        return merged.values();
    }

    /** Adds or replaces records in one step (in the open batch, when this thread owns one). */
    public synchronized void putAll(Collection<StoredRecord> records) {
        Batch b = mine();
        if (b != null) {
            for (StoredRecord r : records) {
                b.records.put(r.id(), r);
            }
            return;
        }
        publish(records);
    }

    private void publish(Collection<StoredRecord> records) {
        Snapshot current = snapshot;
        Map<String, StoredRecord> next = new HashMap<>(current.byId);
        boolean added = false;
        for (StoredRecord r : records) {
            added |= next.put(r.id(), r) == null;
        }
        snapshot =
                new Snapshot(Collections.unmodifiableMap(next), added ? null : current.sortedIds);
    }

    /**
     * Opens a batch owned by the calling thread: its changes are published together by {@link
     * #closeBatch}.
     *
     * @throws IllegalStateException when a batch is open already
     */
    public synchronized void openBatch() {
        if (batch != null) {
            throw new IllegalStateException("a batch is open already");
        }
        batch = new Batch();
    }

    /** Publishes the calling thread's batch in one step and closes it. */
    public synchronized void closeBatch() {
        Batch b = mine();
        if (b == null) {
            throw new IllegalStateException("no batch of this thread is open");
        }
        batch = null;
        if (!b.records.isEmpty()) {
            publish(b.records.values());
        }
    }

    /** The batch's records whose ids the snapshot does not hold, in ascending id order. */
    private List<String> added(Batch b) {
        List<String> ids = new ArrayList<>();
        for (String id : b.records.keySet()) {
            if (!snapshot.byId.containsKey(id)) {
                ids.add(id);
            }
        }
        Collections.sort(ids);
        return ids;
    }

    /**
     * All records in ascending order of {@code (sortKey, id)}; the key {@code Identifier} sorts by
     * id alone. The returned array is shared: do not modify it.
     */
    public StoredRecord[] sortedBy(String sortKey) {
        Snapshot s = snapshot;
        return s.views.computeIfAbsent(
                sortKey,
                k -> {
                    StoredRecord[] arr = s.byId.values().toArray(new StoredRecord[0]);
                    Arrays.sort(arr, comparator(k));
                    return arr;
                });
    }

    /** The order of {@link #sortedBy}. */
    public static Comparator<StoredRecord> comparator(String sortKey) {
        if ("Identifier".equals(sortKey)) {
            return Comparator.comparing(StoredRecord::id);
        }
        Comparator<String> values =
                CASE_INSENSITIVE.contains(sortKey)
                        ? String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder())
                        : Comparator.naturalOrder();
        return Comparator.comparing((StoredRecord r) -> nullToEmpty(r.attr(sortKey)), values)
                .thenComparing(StoredRecord::id);
    }

    /** Compares a record with a cursor {@code (key, id)} in the order of {@link #comparator}. */
    public static int compareToCursor(StoredRecord r, String sortKey, String key, String id) {
        if ("Identifier".equals(sortKey)) {
            return r.id().compareTo(id);
        }
        String v = nullToEmpty(r.attr(sortKey));
        int c;
        if (CASE_INSENSITIVE.contains(sortKey)) {
            c = String.CASE_INSENSITIVE_ORDER.compare(v, key);
            if (c == 0) {
                c = v.compareTo(key);
            }
        } else {
            c = v.compareTo(key);
        }
        return c != 0 ? c : r.id().compareTo(id);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * The ids of every record in ascending order, for callers that pick records at random. The list
     * is shared: do not modify it.
     */
    public List<String> ids() {
        List<String> ids = snapshot.sortedIds();
        Batch b = mine();
        if (b == null) {
            return ids;
        }
        List<String> added = added(b);
        if (added.isEmpty()) {
            return ids;
        }
        return new Union(ids, added);
    }

    /**
     * Two disjoint ascending lists as one, without copying the large one: a batch's new ids among a
     * million others, picked at random by index once per change.
     */
    private static final class Union extends java.util.AbstractList<String>
            implements java.util.RandomAccess {
        private final List<String> base;
        private final List<String> added;

        /** Where each added id stands in the union. */
        private final int[] at;

        Union(List<String> base, List<String> added) {
            this.base = base;
            this.added = added;
            at = new int[added.size()];
            for (int j = 0; j < at.length; j++) {
                int r = Collections.binarySearch(base, added.get(j));
                at[j] = j + (r >= 0 ? r : -(r + 1));
            }
        }

        @Override
        public int size() {
            return base.size() + added.size();
        }

        @Override
        public String get(int index) {
            java.util.Objects.checkIndex(index, size());
            int before = 0;
            for (int j = 0; j < at.length && at[j] <= index; j++) {
                if (at[j] == index) {
                    return added.get(j);
                }
                before++;
            }
            return base.get(index - before);
        }
    }
}
