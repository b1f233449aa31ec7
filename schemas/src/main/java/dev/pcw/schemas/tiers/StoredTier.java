package dev.pcw.schemas.tiers;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored partner as a diff needs it: the hash of its compared fields ({@link
 * PartnerTier#contentHash()}) and its timestamps, with the whole record when it was read (a dry run
 * reads only the hash: {@code partner_tiers.content_hash}). Immutable but for the position at which
 * the one diff that reads it saw the partner first (a store read serves one diff).
 */
public final class StoredTier {
    private final long contentHash;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final PartnerTier full;

    /** Where the diff saw this partner first; null until then. */
    TierPosition seenAt;

    private StoredTier(long contentHash, Instant createdAt, Instant updatedAt, PartnerTier full) {
        this.contentHash = contentHash;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        this.full = full;
    }

    /** A stored record read whole. */
    public static StoredTier of(PartnerTier full) {
        return new StoredTier(full.contentHash(), full.createdAt(), full.updatedAt(), full);
    }

    /** A stored record of which only the content hash and timestamps were read. */
    public static StoredTier slim(long contentHash, Instant createdAt, Instant updatedAt) {
        return new StoredTier(contentHash, createdAt, updatedAt, null);
    }

    public long contentHash() {
        return contentHash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The whole record; null when only its hash was read. */
    public PartnerTier full() {
        return full;
    }
}
