package dev.pcw.connectors.partnercentral.source.split;

import java.io.Serializable;
import java.util.Objects;

/**
 * A record listed on the current page whose details are still to fetch: its id, the
 * LastModifiedDate the listing showed (null for entities without one), and the step reached (0:
 * fetch the record; 1: fetch its AWS opportunity summary).
 */
public final class PendingItem implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String listedModified;
    private final int step;

    public PendingItem(String id, String listedModified, int step) {
        this.id = Objects.requireNonNull(id, "id");
        this.listedModified = listedModified;
        this.step = step;
    }

    public String id() {
        return id;
    }

    /** The LastModifiedDate as listed (ISO-8601 text, AWS's value), or null. */
    public String listedModified() {
        return listedModified;
    }

    public int step() {
        return step;
    }

    public PendingItem nextStep() {
        return new PendingItem(id, listedModified, step + 1);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PendingItem)) {
            return false;
        }
        PendingItem p = (PendingItem) o;
        return id.equals(p.id)
                && Objects.equals(listedModified, p.listedModified)
                && step == p.step;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, listedModified, step);
    }

    @Override
    public String toString() {
        return id + "@" + listedModified + (step > 0 ? "#" + step : "");
    }
}
