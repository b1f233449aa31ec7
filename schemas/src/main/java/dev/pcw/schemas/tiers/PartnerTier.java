package dev.pcw.schemas.tiers;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One partner's tier in one OEM's program, normalized: the seed's record ({@code name}, {@code
 * tier}, {@code program}, {@code oem} required; {@code poc}, {@code notes} optional; {@code
 * created_at}, {@code updated_at} in UTC). Immutable; its identity is {@link #key()}.
 */
public final class PartnerTier implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The fields a diff compares, in the order events and tables list them. */
    public static final String[] COMPARED_FIELDS = {
        "name", "tier", "program", "oem", "poc", "notes"
    };

    private final String name;
    private final String tier;
    private final String program;
    private final String oem;
    private final String poc;
    private final String notes;
    private final Instant createdAt;
    private final Instant updatedAt;

    /**
     * A normalized record; the four required fields are not null, the timestamps are at millisecond
     * precision.
     *
     * @throws NullPointerException when a required field or a timestamp is null
     */
    public PartnerTier(
            String name,
            String tier,
            String program,
            String oem,
            String poc,
            String notes,
            Instant createdAt,
            Instant updatedAt) {
        this.name = Objects.requireNonNull(name, "name");
        this.tier = Objects.requireNonNull(tier, "tier");
        this.program = Objects.requireNonNull(program, "program");
        this.oem = Objects.requireNonNull(oem, "oem");
        this.poc = poc;
        this.notes = notes;
        this.createdAt = IsoTimes.millis(Objects.requireNonNull(createdAt, "createdAt"));
        this.updatedAt = IsoTimes.millis(Objects.requireNonNull(updatedAt, "updatedAt"));
    }

    public String name() {
        return name;
    }

    public String tier() {
        return tier;
    }

    public String program() {
        return program;
    }

    public String oem() {
        return oem;
    }

    /** The point of contact; may be null. */
    public String poc() {
        return poc;
    }

    /** Free-text notes; may be null. */
    public String notes() {
        return notes;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The partner's identity: (oem, name) case-folded. */
    public PartnerKey key() {
        return PartnerKey.of(oem, name);
    }

    /** The value of one of {@link #COMPARED_FIELDS}. */
    public String field(String field) {
        switch (field) {
            case "name":
                return name;
            case "tier":
                return tier;
            case "program":
                return program;
            case "oem":
                return oem;
            case "poc":
                return poc;
            case "notes":
                return notes;
            default:
                throw new IllegalArgumentException("not a compared field: " + field);
        }
    }

    /** Whether the compared fields equal {@code other}'s (timestamps are not compared). */
    public boolean sameContent(PartnerTier other) {
        return name.equals(other.name)
                && tier.equals(other.tier)
                && program.equals(other.program)
                && oem.equals(other.oem)
                && Objects.equals(poc, other.poc)
                && Objects.equals(notes, other.notes);
    }

    /**
     * A 64-bit hash of the compared fields (FNV-1a over each field's UTF-16 code units, a separator
     * after each, a distinct marker for an absent one): equal content, equal hash, in every pcw
     * version (it is stored in {@code partner_tiers.content_hash}; never change it).
     */
    public long contentHash() {
        long h = 0xcbf29ce484222325L;
        for (String f : new String[] {name, tier, program, oem, poc, notes}) {
            if (f == null) {
                h = (h ^ 0xFFFF) * 0x100000001b3L;
            } else {
                for (int i = 0; i < f.length(); i++) {
                    h = (h ^ f.charAt(i)) * 0x100000001b3L;
                }
            }
            h = (h ^ 0x1F) * 0x100000001b3L;
        }
        return h;
    }

    /** This record with other timestamps. */
    public PartnerTier withTimes(Instant created, Instant updated) {
        return new PartnerTier(name, tier, program, oem, poc, notes, created, updated);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PartnerTier)) {
            return false;
        }
        PartnerTier p = (PartnerTier) o;
        return sameContent(p) && createdAt.equals(p.createdAt) && updatedAt.equals(p.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, tier, program, oem, poc, notes, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "PartnerTier{" + oem + "/" + name + ": " + tier + " in " + program + "}";
    }
}
