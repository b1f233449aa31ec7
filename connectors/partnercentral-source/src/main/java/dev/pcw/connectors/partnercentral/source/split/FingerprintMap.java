package dev.pcw.connectors.partnercentral.source.split;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable map of record id → fingerprint that grows by one entry without copying: {@link
 * #with} returns a new map that shares its storage with this one. A pass over 100,000 invitations
 * makes a cursor per page and per record, each with the fingerprints listed so far; copying them
 * every time cost memory and CPU that grew with the square of the records.
 *
 * <p>Maps made by {@code with} from one another form a line over one shared, append-only store;
 * each map sees the entries appended before it was made. Adding to a map that is not the newest of
 * its line, or giving an id another fingerprint, copies once and starts a new line (rare: a record
 * listed twice with different content in one pass, a restored cursor). One thread appends (the
 * split's fetcher); maps may be read on any thread they were handed to.
 */
public final class FingerprintMap extends AbstractMap<String, String> implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final int CHUNK = 1024;

    /** The empty map. */
    public static final FingerprintMap EMPTY = new FingerprintMap(new Store(), 0);

    /** Storage shared by one line of maps: entries in the order they were added. */
    private static final class Store {
        /** id → its index in {@link #ids}; values in {@link #fingerprints}. */
        final ConcurrentHashMap<String, Integer> index = new ConcurrentHashMap<>();

        volatile String[][] ids = new String[0][];
        volatile String[][] fingerprints = new String[0][];

        /** Entries appended so far (only the appending thread writes it). */
        volatile int count;

        void append(String id, String fp) {
            int i = count;
            int chunk = i / CHUNK;
            if (chunk == ids.length) {
                String[][] moreIds = Arrays.copyOf(ids, chunk + 1);
                String[][] moreFps = Arrays.copyOf(fingerprints, chunk + 1);
                moreIds[chunk] = new String[CHUNK];
                moreFps[chunk] = new String[CHUNK];
                ids = moreIds;
                fingerprints = moreFps;
            }
            ids[chunk][i % CHUNK] = id;
            fingerprints[chunk][i % CHUNK] = fp;
            index.put(id, i);
            count = i + 1;
        }

        String id(int i) {
            return ids[i / CHUNK][i % CHUNK];
        }

        String fingerprint(int i) {
            return fingerprints[i / CHUNK][i % CHUNK];
        }
    }

    private final transient Store store;
    private final int size;

    private FingerprintMap(Store store, int size) {
        this.store = store;
        this.size = size;
    }

    /** {@code m} as a fingerprint map: itself when it is one, else a copy. */
    public static FingerprintMap of(Map<String, String> m) {
        if (m instanceof FingerprintMap) {
            return (FingerprintMap) m;
        }
        if (m.isEmpty()) {
            return EMPTY;
        }
        Store s = new Store();
        for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
            s.append(e.getKey(), e.getValue());
        }
        return new FingerprintMap(s, s.count);
    }

    /** This map with {@code id} → {@code fingerprint}; this map itself when it holds it already. */
    public FingerprintMap with(String id, String fingerprint) {
        Integer at = store.index.get(id);
        if (at != null && at < size) {
            if (store.fingerprint(at).equals(fingerprint)) {
                return this;
            }
            return copy(id, fingerprint);
        }
        synchronized (store) {
            if (store.count != size) {
                // Not the newest of its line (another map was made from it): a line of its own.
                return copy(id, fingerprint);
            }
            store.append(id, fingerprint);
            return new FingerprintMap(store, size + 1);
        }
    }

    private FingerprintMap copy(String id, String fingerprint) {
        Store s = new Store();
        for (int i = 0; i < size; i++) {
            String k = store.id(i);
            if (!k.equals(id)) {
                s.append(k, store.fingerprint(i));
            }
        }
        s.append(id, fingerprint);
        return new FingerprintMap(s, s.count);
    }

    @Override
    public String get(Object id) {
        Integer at = id == null ? null : store.index.get(id);
        return at != null && at < size ? store.fingerprint(at) : null;
    }

    @Override
    public boolean containsKey(Object id) {
        return get(id) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(store.id(i), store.fingerprint(i));
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Java serialization writes a plain sorted copy. */
    private Object writeReplace() throws ObjectStreamException {
        return new TreeMap<>(this);
    }
}
