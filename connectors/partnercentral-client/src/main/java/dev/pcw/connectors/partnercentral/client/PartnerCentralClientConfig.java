package dev.pcw.connectors.partnercentral.client;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;

/**
 * How to reach Partner Central and how much of the account's quota this client may use.
 * Serializable, so a Flink job can ship it to every subtask; credentials are never part of it
 * except a static key pair for local simulators ({@link Builder#staticCredentials}).
 *
 * <pre>{@code
 * PartnerCentralClientConfig config = PartnerCentralClientConfig.builder()
 *         .endpoint(null)             // null = AWS; a URI for a simulator
 *         .readRate(10).readDaily(100_000)     // the account's read quota
 *         .writeRate(1).writeDaily(10_000)     // the account's write quota
 *         .share(1.0)                 // the part of the quota this client may use
 *         .maxAttempts(8)             // per call, 5xx and I/O errors (throttling: up to 100)
 *         .backoffMillis(250, 20_000) // exponential backoff with jitter, base and cap
 *         .build();
 * }</pre>
 */
public final class PartnerCentralClientConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Partner Central is served from this region only. */
    public static final String REGION = "us-east-1";

    private final String endpoint;
    private final String region;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String roleArn;
    private final String externalId;
    private final String stsEndpoint;
    private final double readRate;
    private final long readDaily;
    private final double writeRate;
    private final long writeDaily;
    private final double share;
    private final int maxAttempts;
    private final long backoffBaseMillis;
    private final long backoffCapMillis;
    private final java.util.TreeMap<String, CatalogCredentials> catalogCredentials;

    /**
     * The credentials of one catalog's calls, when they are not the client's: a role to assume (and
     * its external id), with base keys of their own (from the catalog's secret) or else the
     * client's base credentials (static keys or the default chain).
     */
    public static final class CatalogCredentials implements Serializable {
        private static final long serialVersionUID = 1L;

        final String roleArn;
        final String externalId;
        final String accessKeyId;
        final String secretAccessKey;

        public CatalogCredentials(
                String roleArn, String externalId, String accessKeyId, String secretAccessKey) {
            if (externalId != null && roleArn == null) {
                throw new IllegalArgumentException(
                        "an external id goes with a role to assume: set the role ARN too");
            }
            if (roleArn == null && accessKeyId == null) {
                throw new IllegalArgumentException(
                        "a catalog's credentials need a role to assume or keys of their own");
            }
            this.roleArn = roleArn;
            this.externalId = externalId;
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
        }

        /** For messages: the role, or that keys of its own are used (never the keys). */
        @Override
        public String toString() {
            return roleArn != null
                    ? "role " + roleArn + (accessKeyId != null ? " (with keys of its own)" : "")
                    : "keys of its own";
        }
    }

    private PartnerCentralClientConfig(Builder b) {
        if (!REGION.equals(b.region)) {
            throw new IllegalArgumentException(
                    "Partner Central is served from "
                            + REGION
                            + " only, but the client region is '"
                            + b.region
                            + "': set the region to "
                            + REGION
                            + " (pcw itself may run in any region)");
        }
        if (b.share <= 0 || b.share > 1) {
            throw new IllegalArgumentException("share must be in (0, 1], was " + b.share);
        }
        if (b.maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (b.readRate < 0 || b.readDaily < 0 || b.writeRate < 0 || b.writeDaily < 0) {
            throw new IllegalArgumentException("quotas must be 0 (unlimited) or positive");
        }
        this.endpoint = b.endpoint == null ? null : b.endpoint.toString();
        this.region = b.region;
        this.accessKeyId = b.accessKeyId;
        this.secretAccessKey = b.secretAccessKey;
        if (b.externalId != null && b.roleArn == null) {
            throw new IllegalArgumentException(
                    "an external id goes with a role to assume: set the role ARN too");
        }
        this.roleArn = b.roleArn;
        this.externalId = b.externalId;
        this.stsEndpoint = b.stsEndpoint == null ? null : b.stsEndpoint.toString();
        this.readRate = b.readRate;
        this.readDaily = b.readDaily;
        this.writeRate = b.writeRate;
        this.writeDaily = b.writeDaily;
        this.share = b.share;
        this.maxAttempts = b.maxAttempts;
        this.backoffBaseMillis = b.backoffBaseMillis;
        this.backoffCapMillis = b.backoffCapMillis;
        this.catalogCredentials = new java.util.TreeMap<>(b.catalogCredentials);
        new Backoff(backoffBaseMillis, backoffCapMillis); // validates
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoint = endpoint == null ? null : URI.create(endpoint);
        b.region = region;
        b.accessKeyId = accessKeyId;
        b.roleArn = roleArn;
        b.externalId = externalId;
        b.stsEndpoint = stsEndpoint == null ? null : URI.create(stsEndpoint);
        b.secretAccessKey = secretAccessKey;
        b.readRate = readRate;
        b.readDaily = readDaily;
        b.writeRate = writeRate;
        b.writeDaily = writeDaily;
        b.share = share;
        b.maxAttempts = maxAttempts;
        b.backoffBaseMillis = backoffBaseMillis;
        b.backoffCapMillis = backoffCapMillis;
        b.catalogCredentials.putAll(catalogCredentials);
        return b;
    }

    /**
     * Catalog → the credentials of its calls, for the catalogs whose calls do not use the client's
     * own (empty: every catalog uses them).
     */
    public java.util.SortedMap<String, CatalogCredentials> catalogCredentials() {
        return java.util.Collections.unmodifiableSortedMap(catalogCredentials);
    }

    /** This configuration with {@code c}'s credentials as its own (for one catalog's calls). */
    public PartnerCentralClientConfig forCatalog(CatalogCredentials c) {
        Builder b = toBuilder();
        b.catalogCredentials.clear();
        if (c.accessKeyId != null) {
            b.staticCredentials(c.accessKeyId, c.secretAccessKey);
        }
        b.roleArn = c.roleArn;
        b.externalId = c.externalId;
        return b.build();
    }

    /** The role pcw assumes (STS AssumeRole) with its base credentials, or null for none. */
    public String roleArn() {
        return roleArn;
    }

    /** The external id the role's trust policy asks for, or null. */
    public String externalId() {
        return externalId;
    }

    /** STS's endpoint override (for a local STS), or null for AWS's regional endpoint. */
    public URI stsEndpoint() {
        return stsEndpoint == null ? null : URI.create(stsEndpoint);
    }

    /** The endpoint override, or null for AWS's endpoint. */
    public URI endpoint() {
        return endpoint == null ? null : URI.create(endpoint);
    }

    public String region() {
        return region;
    }

    /** The static access key id, or null to use the default AWS credentials chain. */
    public String accessKeyId() {
        return accessKeyId;
    }

    String secretAccessKey() {
        return secretAccessKey;
    }

    public double readRate() {
        return readRate;
    }

    public long readDaily() {
        return readDaily;
    }

    public double writeRate() {
        return writeRate;
    }

    public long writeDaily() {
        return writeDaily;
    }

    /** The part of the account's quota this client may use (1/parallelism in a Flink job). */
    public double share() {
        return share;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public long backoffBaseMillis() {
        return backoffBaseMillis;
    }

    public long backoffCapMillis() {
        return backoffCapMillis;
    }

    @Override
    public String toString() {
        // Never the secret.
        return "PartnerCentralClientConfig{endpoint="
                + (endpoint == null ? "AWS" : endpoint)
                + ", reads "
                + readRate
                + "/s "
                + readDaily
                + "/24h, writes "
                + writeRate
                + "/s "
                + writeDaily
                + "/24h, share "
                + share
                + ", maxAttempts "
                + maxAttempts
                + ", credentials "
                + (accessKeyId == null ? "default chain" : "static")
                + (roleArn == null
                        ? ""
                        : ", assuming " + roleArn + (externalId == null ? "" : " (external id)"))
                + (catalogCredentials.isEmpty() ? "" : ", per catalog " + catalogCredentials)
                + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartnerCentralClientConfig && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }

    /** Builds a {@link PartnerCentralClientConfig}; defaults are AWS's quotas for one caller. */
    public static final class Builder {
        private URI endpoint;
        private String region = REGION;
        private String accessKeyId;
        private String roleArn;
        private String externalId;
        private URI stsEndpoint;
        private String secretAccessKey;
        private double readRate = 10;
        private long readDaily = 100_000;
        private double writeRate = 1;
        private long writeDaily = 10_000;
        private double share = 1.0;
        private int maxAttempts = 8;
        private long backoffBaseMillis = 250;
        private long backoffCapMillis = 20_000;
        private final java.util.Map<String, CatalogCredentials> catalogCredentials =
                new java.util.TreeMap<>();

        /** The credentials of {@code catalog}'s calls, instead of the client's own. */
        public Builder catalogCredentials(String catalog, CatalogCredentials c) {
            catalogCredentials.put(Objects.requireNonNull(catalog), Objects.requireNonNull(c));
            return this;
        }

        public Builder endpoint(URI v) {
            this.endpoint = v;
            return this;
        }

        public Builder region(String v) {
            this.region = v;
            return this;
        }

        /** A static key pair, for simulators; production uses the default credentials chain. */
        public Builder staticCredentials(String keyId, String secret) {
            this.accessKeyId = keyId;
            this.secretAccessKey = secret;
            return this;
        }

        /**
         * Assume {@code roleArn} with the base credentials (static keys or the default chain),
         * presenting {@code externalId} when not null; the temporary credentials are refreshed
         * before they expire.
         */
        public Builder assumeRole(String roleArn, String externalId) {
            this.roleArn = roleArn;
            this.externalId = externalId;
            return this;
        }

        /** An STS endpoint override (a local STS in tests); null for AWS's. */
        public Builder stsEndpoint(URI v) {
            this.stsEndpoint = v;
            return this;
        }

        public Builder readRate(double v) {
            this.readRate = v;
            return this;
        }

        public Builder readDaily(long v) {
            this.readDaily = v;
            return this;
        }

        public Builder writeRate(double v) {
            this.writeRate = v;
            return this;
        }

        public Builder writeDaily(long v) {
            this.writeDaily = v;
            return this;
        }

        public Builder share(double v) {
            this.share = v;
            return this;
        }

        public Builder maxAttempts(int v) {
            this.maxAttempts = v;
            return this;
        }

        public Builder backoffMillis(long base, long cap) {
            this.backoffBaseMillis = base;
            this.backoffCapMillis = cap;
            return this;
        }

        public PartnerCentralClientConfig build() {
            return new PartnerCentralClientConfig(this);
        }
    }
}
