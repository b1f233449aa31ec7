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
 */
public final class EntityStore {
    /** Sort keys compared case-insensitively, as people expect names to sort. */
    private static final Set<String> CASE_INSENSITIVE = Set.of("CustomerCompanyName", "Name");

    private volatile Snapshot snapshot = new Snapshot(Collections.emptyMap());

    private static final class Snapshot {
        final Map<String, StoredRecord> byId;
        final ConcurrentHashMap<String, StoredRecord[]> views = new ConcurrentHashMap<>();

        Snapshot(Map<String, StoredRecord> byId) {
            this.byId = byId;
        }
    }

    public StoredRecord get(String id) {
        return snapshot.byId.get(id);
    }

    public int size() {
        return snapshot.byId.size();
    }

    public Collection<StoredRecord> all() {
        return snapshot.byId.values();
    }

    /** Adds or replaces records in one step. */
    public synchronized void putAll(Collection<StoredRecord> records) {
        Map<String, StoredRecord> next = new HashMap<>(snapshot.byId);
        for (StoredRecord r : records) {
            next.put(r.id(), r);
        }
        snapshot = new Snapshot(Collections.unmodifiableMap(next));
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

    /** The ids of every record, for callers that pick records at random. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>(snapshot.byId.keySet());
        Collections.sort(ids);
        return ids;
    }
}
