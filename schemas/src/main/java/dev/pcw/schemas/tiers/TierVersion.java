package dev.pcw.schemas.tiers;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One version of a partner's tier as an apply stored it: the record, whether the apply added or
 * updated it, the apply's id and time, the file it came from, and the version it replaced. A row of
 * {@code partner_tier_history}, and what a {@code pcw.partners.tier.*} event announces.
 */
public final class TierVersion implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What an apply did to a partner. */
    public enum Change {
        ADDED,
        UPDATED;

        /** {@code added} or {@code updated}, as tables and events write it. */
        public String wireName() {
            return this == ADDED ? "added" : "updated";
        }

        /** The change named {@code added} or {@code updated}. */
        public static Change parse(String s) {
            if ("added".equals(s)) {
                return ADDED;
            }
            if ("updated".equals(s)) {
                return UPDATED;
            }
            throw new IllegalArgumentException("not a tier change: " + s);
        }
    }

    private final PartnerTier tier;
    private final Change change;
    private final String applyId;
    private final Instant appliedAt;
    private final String sourceFile;
    private final PartnerTier previous;

    /**
     * A stored version.
     *
     * @param previous the version it replaced; null when added (or unknown)
     */
    public TierVersion(
            PartnerTier tier,
            Change change,
            String applyId,
            Instant appliedAt,
            String sourceFile,
            PartnerTier previous) {
        this.tier = Objects.requireNonNull(tier, "tier");
        this.change = Objects.requireNonNull(change, "change");
        this.applyId = Objects.requireNonNull(applyId, "applyId");
        this.appliedAt = IsoTimes.millis(Objects.requireNonNull(appliedAt, "appliedAt"));
        this.sourceFile = sourceFile;
        this.previous = previous;
    }

    public PartnerTier tier() {
        return tier;
    }

    public Change change() {
        return change;
    }

    /** The apply that stored this version. */
    public String applyId() {
        return applyId;
    }

    public Instant appliedAt() {
        return appliedAt;
    }

    /** The input file the record came from; may be null (an API caller's records). */
    public String sourceFile() {
        return sourceFile;
    }

    /** The version this one replaced; null when added. */
    public PartnerTier previous() {
        return previous;
    }

    /** This version with the one it replaced. */
    public TierVersion withPrevious(PartnerTier p) {
        return new TierVersion(tier, change, applyId, appliedAt, sourceFile, p);
    }

    /** The compared fields that differ from {@link #previous()} (empty when there is none). */
    public List<String> changedFields() {
        List<String> out = new ArrayList<>(2);
        if (previous != null) {
            for (String f : PartnerTier.COMPARED_FIELDS) {
                if (!Objects.equals(previous.field(f), tier.field(f))) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TierVersion)) {
            return false;
        }
        TierVersion v = (TierVersion) o;
        return tier.equals(v.tier)
                && change == v.change
                && applyId.equals(v.applyId)
                && appliedAt.equals(v.appliedAt)
                && Objects.equals(sourceFile, v.sourceFile)
                && Objects.equals(previous, v.previous);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tier, change, applyId);
    }

    @Override
    public String toString() {
        return "TierVersion{" + change.wireName() + " " + tier + " by " + applyId + "}";
    }
}
