package dev.pcw.connectors.partnercentral.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The faults the simulator injects, each a knob; {@link #NONE} injects nothing. Immutable: the
 * admin API swaps in a new instance.
 *
 * <pre>{@code
 * FaultSettings f = FaultSettings.builder()
 *         .throttleRatio(0.3)      // 30% of calls answer ThrottlingException (429)
 *         .errorRatio(0.05)        // 5% answer InternalServerException (500)
 *         .errorAfterRatio(0.05)   // 5% answer 500 after the operation was carried out
 *         .latencyMillis(20)       // every call waits 20 ms (+ up to latencyJitterMillis)
 *         .deny(Deny.NONE)         // or ACCESS_DENIED (403) / UNRECOGNIZED_CLIENT (403)
 *         .malformedRatio(0.0)     // share of record versions whose Get response is broken
 *         .build();
 * }</pre>
 */
public final class FaultSettings {
    /** How the simulator refuses callers. */
    public enum Deny {
        NONE,
        /** AccessDeniedException: the account is not linked or IAM lacks the action. */
        ACCESS_DENIED,
        /** UnrecognizedClientException: the credentials are not known to AWS. */
        UNRECOGNIZED_CLIENT;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Deny parse(String s) {
            for (Deny d : values()) {
                if (d.cliName().equalsIgnoreCase(s.trim()) || d.name().equalsIgnoreCase(s.trim())) {
                    return d;
                }
            }
            throw new IllegalArgumentException(
                    "unknown deny mode '"
                            + s
                            + "': use none, access-denied or unrecognized-client");
        }
    }

    public static final FaultSettings NONE = builder().build();

    private final double throttleRatio;
    private final double errorRatio;
    private final double errorAfterRatio;
    private final long latencyMillis;
    private final long latencyJitterMillis;
    private final Deny deny;
    private final double malformedRatio;
    private final Set<MalformedKind> malformedKinds;
    private final Set<String> operations;
    private final long pageTokenTtlMillis;

    private FaultSettings(Builder b) {
        this.throttleRatio = ratio("throttleRatio", b.throttleRatio);
        this.errorRatio = ratio("errorRatio", b.errorRatio);
        this.errorAfterRatio = ratio("errorAfterRatio", b.errorAfterRatio);
        if (b.latencyMillis < 0 || b.latencyJitterMillis < 0) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latencyMillis = b.latencyMillis;
        this.latencyJitterMillis = b.latencyJitterMillis;
        this.deny = b.deny;
        this.malformedRatio = ratio("malformedRatio", b.malformedRatio);
        if (b.malformedKinds.isEmpty()) {
            throw new IllegalArgumentException("malformedKinds must name at least one kind");
        }
        this.malformedKinds = Collections.unmodifiableSet(EnumSet.copyOf(b.malformedKinds));
        this.operations = Collections.unmodifiableSet(new TreeSet<>(b.operations));
        if (b.pageTokenTtlMillis < 0) {
            throw new IllegalArgumentException("pageTokenTtlMillis must not be negative");
        }
        this.pageTokenTtlMillis = b.pageTokenTtlMillis;
    }

    private static double ratio(String name, double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + v);
        }
        return v;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.throttleRatio = throttleRatio;
        b.errorRatio = errorRatio;
        b.errorAfterRatio = errorAfterRatio;
        b.latencyMillis = latencyMillis;
        b.latencyJitterMillis = latencyJitterMillis;
        b.deny = deny;
        b.malformedRatio = malformedRatio;
        b.malformedKinds = EnumSet.copyOf(malformedKinds);
        b.operations = new TreeSet<>(operations);
        b.pageTokenTtlMillis = pageTokenTtlMillis;
        return b;
    }

    public double throttleRatio() {
        return throttleRatio;
    }

    public double errorRatio() {
        return errorRatio;
    }

    /**
     * The share of calls answered with a 500 after they were carried out (the caller cannot tell
     * whether its write happened).
     */
    public double errorAfterRatio() {
        return errorAfterRatio;
    }

    public long latencyMillis() {
        return latencyMillis;
    }

    public long latencyJitterMillis() {
        return latencyJitterMillis;
    }

    public Deny deny() {
        return deny;
    }

    public double malformedRatio() {
        return malformedRatio;
    }

    public Set<MalformedKind> malformedKinds() {
        return malformedKinds;
    }

    /** The operations the faults apply to; empty means every operation. */
    public Set<String> operations() {
        return operations;
    }

    /**
     * How long a list call's {@code NextToken} stays valid, in millis; 0 (the default) means
     * forever. An older token is answered ValidationException "NextToken has expired".
     */
    public long pageTokenTtlMillis() {
        return pageTokenTtlMillis;
    }

    public boolean appliesTo(String operation) {
        return operations.isEmpty() || operations.contains(operation);
    }

    /** These settings with the members present in {@code patch} (admin API JSON) replaced. */
    public FaultSettings merge(JsonNode patch) {
        Builder b = toBuilder();
        if (patch.has("throttleRatio")) {
            b.throttleRatio(patch.get("throttleRatio").asDouble());
        }
        if (patch.has("errorAfterRatio")) {
            b.errorAfterRatio(patch.get("errorAfterRatio").asDouble());
        }
        if (patch.has("errorRatio")) {
            b.errorRatio(patch.get("errorRatio").asDouble());
        }
        if (patch.has("latencyMillis")) {
            b.latencyMillis(patch.get("latencyMillis").asLong());
        }
        if (patch.has("latencyJitterMillis")) {
            b.latencyJitterMillis(patch.get("latencyJitterMillis").asLong());
        }
        if (patch.has("deny")) {
            b.deny(Deny.parse(patch.get("deny").asText()));
        }
        if (patch.has("malformedRatio")) {
            b.malformedRatio(patch.get("malformedRatio").asDouble());
        }
        if (patch.has("malformedKinds")) {
            Set<MalformedKind> kinds = EnumSet.noneOf(MalformedKind.class);
            patch.get("malformedKinds").forEach(k -> kinds.add(MalformedKind.parse(k.asText())));
            b.malformedKinds(kinds);
        }
        if (patch.has("pageTokenTtlMillis")) {
            b.pageTokenTtlMillis(patch.get("pageTokenTtlMillis").asLong());
        }
        if (patch.has("operations")) {
            Set<String> ops = new TreeSet<>();
            patch.get("operations").forEach(o -> ops.add(o.asText()));
            b.operations(ops);
        }
        return b.build();
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("throttleRatio", throttleRatio);
        n.put("errorRatio", errorRatio);
        n.put("errorAfterRatio", errorAfterRatio);
        n.put("latencyMillis", latencyMillis);
        n.put("latencyJitterMillis", latencyJitterMillis);
        n.put("deny", deny.cliName());
        n.put("malformedRatio", malformedRatio);
        ArrayNode kinds = n.putArray("malformedKinds");
        malformedKinds.forEach(k -> kinds.add(k.cliName()));
        ArrayNode ops = n.putArray("operations");
        operations.forEach(ops::add);
        n.put("pageTokenTtlMillis", pageTokenTtlMillis);
        return n;
    }

    /** A one-line description for the startup banner. */
    public String describe() {
        if (throttleRatio == 0
                && errorRatio == 0
                && errorAfterRatio == 0
                && latencyMillis == 0
                && latencyJitterMillis == 0
                && deny == Deny.NONE
                && malformedRatio == 0
                && pageTokenTtlMillis == 0) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        if (throttleRatio > 0) {
            sb.append("throttle ").append(throttleRatio).append(' ');
        }
        if (errorAfterRatio > 0) {
            sb.append("5xx-after ").append(errorAfterRatio).append(' ');
        }
        if (errorRatio > 0) {
            sb.append("5xx ").append(errorRatio).append(' ');
        }
        if (latencyMillis > 0 || latencyJitterMillis > 0) {
            sb.append("latency ")
                    .append(latencyMillis)
                    .append("+")
                    .append(latencyJitterMillis)
                    .append("ms ");
        }
        if (deny != Deny.NONE) {
            sb.append("deny ").append(deny.cliName()).append(' ');
        }
        if (malformedRatio > 0) {
            sb.append("malformed ")
                    .append(malformedRatio)
                    .append(' ')
                    .append(malformedKinds)
                    .append(' ');
        }
        if (pageTokenTtlMillis > 0) {
            sb.append("page tokens expire after ").append(pageTokenTtlMillis).append("ms ");
        }
        if (!operations.isEmpty()) {
            sb.append("on ").append(operations);
        }
        return sb.toString().trim();
    }

    /** Builds {@link FaultSettings}; every knob defaults to off. */
    public static final class Builder {
        private double throttleRatio;
        private double errorRatio;
        private double errorAfterRatio;
        private long latencyMillis;
        private long latencyJitterMillis;
        private Deny deny = Deny.NONE;
        private double malformedRatio;
        private Set<MalformedKind> malformedKinds = EnumSet.allOf(MalformedKind.class);
        private Set<String> operations = new TreeSet<>();
        private long pageTokenTtlMillis;

        public Builder throttleRatio(double v) {
            this.throttleRatio = v;
            return this;
        }

        public Builder errorAfterRatio(double v) {
            this.errorAfterRatio = v;
            return this;
        }

        public Builder errorRatio(double v) {
            this.errorRatio = v;
            return this;
        }

        public Builder latencyMillis(long v) {
            this.latencyMillis = v;
            return this;
        }

        public Builder latencyJitterMillis(long v) {
            this.latencyJitterMillis = v;
            return this;
        }

        public Builder deny(Deny v) {
            this.deny = v;
            return this;
        }

        public Builder malformedRatio(double v) {
            this.malformedRatio = v;
            return this;
        }

        public Builder malformedKinds(Set<MalformedKind> v) {
            this.malformedKinds =
                    v.isEmpty() ? EnumSet.noneOf(MalformedKind.class) : EnumSet.copyOf(v);
            return this;
        }

        /** Restricts the faults to these operations (for example {@code GetOpportunity}). */
        public Builder operations(Set<String> v) {
            this.operations = new TreeSet<>(v);
            return this;
        }

        /** Page tokens older than this answer ValidationException; 0 means they never expire. */
        public Builder pageTokenTtlMillis(long v) {
            this.pageTokenTtlMillis = v;
            return this;
        }

        public FaultSettings build() {
            return new FaultSettings(this);
        }
    }
}
