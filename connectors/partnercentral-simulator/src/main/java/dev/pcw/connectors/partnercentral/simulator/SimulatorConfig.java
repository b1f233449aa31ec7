package dev.pcw.connectors.partnercentral.simulator;

import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Everything a {@link PartnerCentralSimulator} starts from. Immutable; build one with {@link
 * #builder()}:
 *
 * <pre>{@code
 * SimulatorConfig config = SimulatorConfig.builder()
 *         .host("127.0.0.1")            // loopback only
 *         .port(0)                      // 0 = a free port
 *         .seed(42)                     // same seed + anchor = same records
 *         .opportunities(2_000)         // AWS catalog; Sandbox gets a tenth
 *         .changesPerMinute(0)          // background changes; 0 = only on demand
 *         .quotas(QuotaSettings.AWS_DEFAULTS)
 *         .faults(FaultSettings.NONE)
 *         .build();
 * }</pre>
 *
 * Solutions, engagements and invitations default to fixed shares of the opportunity count (1/20,
 * 1/4 and 1/5) unless set.
 */
public final class SimulatorConfig {
    public static final int DEFAULT_PORT = 8729;
    public static final String DEFAULT_ACCOUNT = "111122223333";

    private final String host;
    private final int port;
    private final long seed;
    private final int opportunities;
    private final int sandboxOpportunities;
    private final int solutions;
    private final int engagements;
    private final int invitations;
    private final Instant anchor;
    private final double changesPerMinute;
    private final String accountId;
    private final boolean requireUsEast1;
    private final QuotaSettings quotas;
    private final FaultSettings faults;

    private SimulatorConfig(Builder b) {
        if (b.opportunities < 0) {
            throw new IllegalArgumentException("record counts must not be negative");
        }
        if (b.port < 0 || b.port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + b.port);
        }
        if (b.changesPerMinute < 0) {
            throw new IllegalArgumentException("changesPerMinute must not be negative");
        }
        if (!b.accountId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException(
                    "accountId must be a 12-digit AWS account id, was '" + b.accountId + "'");
        }
        this.host = b.host;
        this.port = b.port;
        this.seed = b.seed;
        this.opportunities = b.opportunities;
        this.sandboxOpportunities =
                b.sandboxOpportunities >= 0
                        ? b.sandboxOpportunities
                        : Math.max(10, b.opportunities / 10);
        this.solutions = b.solutions >= 0 ? b.solutions : Math.max(5, b.opportunities / 20);
        this.engagements = b.engagements >= 0 ? b.engagements : Math.max(4, b.opportunities / 4);
        this.invitations = b.invitations >= 0 ? b.invitations : Math.max(4, b.opportunities / 5);
        this.anchor = b.anchor != null ? b.anchor : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        this.changesPerMinute = b.changesPerMinute;
        this.accountId = b.accountId;
        this.requireUsEast1 = b.requireUsEast1;
        this.quotas = b.quotas;
        this.faults = b.faults;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public long seed() {
        return seed;
    }

    public int opportunities() {
        return opportunities;
    }

    public int sandboxOpportunities() {
        return sandboxOpportunities;
    }

    public int solutions() {
        return solutions;
    }

    public int engagements() {
        return engagements;
    }

    public int invitations() {
        return invitations;
    }

    /** Generated history ends at this instant; changes made later carry the clock's time. */
    public Instant anchor() {
        return anchor;
    }

    public double changesPerMinute() {
        return changesPerMinute;
    }

    /** The partner's AWS account id, used in ARNs, receivers and events. */
    public String accountId() {
        return accountId;
    }

    /**
     * When true (the default), a request signed for another region than us-east-1 gets AWS's
     * InvalidSignatureException: Partner Central is served from us-east-1 only.
     */
    public boolean requireUsEast1() {
        return requireUsEast1;
    }

    public QuotaSettings quotas() {
        return quotas;
    }

    public FaultSettings faults() {
        return faults;
    }

    /** Builds a {@link SimulatorConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private long seed = 42;
        private int opportunities = 2_000;
        private int sandboxOpportunities = -1;
        private int solutions = -1;
        private int engagements = -1;
        private int invitations = -1;
        private Instant anchor;
        private double changesPerMinute;
        private String accountId = DEFAULT_ACCOUNT;
        private boolean requireUsEast1 = true;
        private QuotaSettings quotas = QuotaSettings.AWS_DEFAULTS;
        private FaultSettings faults = FaultSettings.NONE;

        public Builder host(String v) {
            this.host = v;
            return this;
        }

        public Builder port(int v) {
            this.port = v;
            return this;
        }

        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public Builder opportunities(int v) {
            this.opportunities = v;
            return this;
        }

        public Builder sandboxOpportunities(int v) {
            this.sandboxOpportunities = v;
            return this;
        }

        public Builder solutions(int v) {
            this.solutions = v;
            return this;
        }

        public Builder engagements(int v) {
            this.engagements = v;
            return this;
        }

        public Builder invitations(int v) {
            this.invitations = v;
            return this;
        }

        public Builder anchor(Instant v) {
            this.anchor = v;
            return this;
        }

        public Builder changesPerMinute(double v) {
            this.changesPerMinute = v;
            return this;
        }

        public Builder accountId(String v) {
            this.accountId = v;
            return this;
        }

        public Builder requireUsEast1(boolean v) {
            this.requireUsEast1 = v;
            return this;
        }

        public Builder quotas(QuotaSettings v) {
            this.quotas = v;
            return this;
        }

        public Builder faults(FaultSettings v) {
            this.faults = v;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(this);
        }
    }
}
