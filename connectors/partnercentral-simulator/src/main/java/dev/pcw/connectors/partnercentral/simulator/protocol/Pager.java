package dev.pcw.connectors.partnercentral.simulator.protocol;

import dev.pcw.connectors.partnercentral.simulator.data.EntityStore;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Keyset pagination over an {@link EntityStore}'s sorted view. */
final class Pager {
    private Pager() {}

    static final class Page {
        final List<StoredRecord> items;
        final String nextToken;

        Page(List<StoredRecord> items, String nextToken) {
            this.items = items;
            this.nextToken = nextToken;
        }
    }

    static Page page(
            EntityStore store,
            String operation,
            String requestHash,
            String sortKey,
            boolean descending,
            String token,
            Predicate<StoredRecord> filter,
            int max,
            long tokenTtlMillis) {
        StoredRecord[] sorted = store.sortedBy(sortKey);
        int start;
        if (token == null) {
            start = descending ? sorted.length - 1 : 0;
        } else {
            PageToken.Cursor c = PageToken.decode(token, operation, requestHash, tokenTtlMillis);
            if (descending) {
                start = firstIndex(sorted, sortKey, c, true) - 1;
            } else {
                start = firstIndex(sorted, sortKey, c, false);
            }
        }
        int step = descending ? -1 : 1;
        List<StoredRecord> items = new ArrayList<>(Math.min(max, 128));
        String next = null;
        for (int i = start; i >= 0 && i < sorted.length; i += step) {
            StoredRecord r = sorted[i];
            if (!filter.test(r)) {
                continue;
            }
            if (items.size() == max) {
                StoredRecord last = items.get(items.size() - 1);
                next = PageToken.encode(operation, requestHash, keyOf(last, sortKey), last.id());
                break;
            }
            items.add(r);
        }
        return new Page(items, next);
    }

    private static String keyOf(StoredRecord r, String sortKey) {
        if ("Identifier".equals(sortKey)) {
            return r.id();
        }
        String v = r.attr(sortKey);
        return v == null ? "" : v;
    }

    /** The first index whose record sorts after the cursor ({@code orEqual}: at or after it). */
    private static int firstIndex(
            StoredRecord[] sorted, String sortKey, PageToken.Cursor c, boolean orEqual) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = EntityStore.compareToCursor(sorted[mid], sortKey, c.key, c.id);
            if (orEqual ? cmp < 0 : cmp <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
