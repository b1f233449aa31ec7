package dev.pcw.sidecar;

import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.client.write.WriteAction;
import dev.pcw.sidecar.approval.ApprovalPolicy;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the sidecar is allowed to do: the write actions enabled ({@code
 * connectors.partner_central.write_actions}), the catalogs it may write to (its configured
 * catalogs; the first is the default), the form of a ticket id, the approval rules, and how it
 * reaches Partner Central.
 *
 * <pre>{@code
 * SidecarSettings s = SidecarSettings.builder()
 *     .writeActions(EnumSet.of(WriteAction.CREATE_OPPORTUNITY))   // default: all five
 *     .catalogs(List.of("Sandbox"))                              // default: AWS
 *     .ticketPattern("^[A-Z][A-Z0-9]*-[0-9]+$")                  // the default
 *     .approvals(ApprovalPolicy.DEFAULT)                          // required, 1 approver, 7 days
 *     .client(clientConfig)                                       // none: writes cannot run
 *     .build();
 * }</pre>
 */
public final class SidecarSettings {
    /** A ticket id as most trackers write them: {@code PROJ-123}. */
    public static final String DEFAULT_TICKET_PATTERN = "^[A-Z][A-Z0-9]*-[0-9]+$";

    /** The largest request body accepted, in bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    private final Set<WriteAction> writeActions;
    private final List<String> catalogs;
    private final Pattern ticketPattern;
    private final ApprovalPolicy approvals;
    private final PartnerCentralClientConfig client;
    private final int maxBodyBytes;
    private final boolean execute;
    private final dev.pcw.sidecar.auth.OidcVerifier.Settings oidc;
    private final dev.pcw.sidecar.actions.ActionWorker.Settings worker;
    private final dev.pcw.sidecar.partners.TierSettings tiers;

    private SidecarSettings(Builder b) {
        this.tiers = b.tiers;
        this.writeActions = Set.copyOf(b.writeActions);
        this.catalogs = List.copyOf(b.catalogs);
        this.ticketPattern = b.ticketPattern;
        this.approvals = b.approvals;
        this.client = b.client;
        this.maxBodyBytes = b.maxBodyBytes;
        this.execute = b.execute;
        this.oidc = b.oidc;
        this.worker =
                b.worker != null
                        ? b.worker
                        : dev.pcw.sidecar.actions.ActionWorker.Settings.defaults(
                                b.client == null ? 1 : b.client.writeRate(),
                                b.client == null ? 10_000 : b.client.writeDaily());
    }

    /** Whether this sidecar executes approved actions (needs {@link #client()}). */
    public boolean execute() {
        return execute && client != null;
    }

    /** The partner tier routes' settings; null when they are not configured (they answer 503). */
    public dev.pcw.sidecar.partners.TierSettings tiers() {
        return tiers;
    }

    /** OIDC token verification; null when only API keys are accepted. */
    public dev.pcw.sidecar.auth.OidcVerifier.Settings oidc() {
        return oidc;
    }

    /** How the execution worker claims, paces and follows up. */
    public dev.pcw.sidecar.actions.ActionWorker.Settings worker() {
        return worker;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults only: every action, catalog AWS, no Partner Central client. */
    public static SidecarSettings defaults() {
        return builder().build();
    }

    public Set<WriteAction> writeActions() {
        return writeActions;
    }

    /** The catalogs writes may go to; the first is the one a request without Catalog uses. */
    public List<String> catalogs() {
        return catalogs;
    }

    public String defaultCatalog() {
        return catalogs.get(0);
    }

    public Pattern ticketPattern() {
        return ticketPattern;
    }

    public ApprovalPolicy approvals() {
        return approvals;
    }

    /** How to reach Partner Central; null when the sidecar was started without it. */
    public PartnerCentralClientConfig client() {
        return client;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Builds {@link SidecarSettings}. */
    public static final class Builder {
        private Set<WriteAction> writeActions = EnumSet.allOf(WriteAction.class);
        private List<String> catalogs = List.of("AWS");
        private Pattern ticketPattern = Pattern.compile(DEFAULT_TICKET_PATTERN);
        private ApprovalPolicy approvals = ApprovalPolicy.DEFAULT;
        private PartnerCentralClientConfig client;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean execute = true;
        private dev.pcw.sidecar.auth.OidcVerifier.Settings oidc;
        private dev.pcw.sidecar.actions.ActionWorker.Settings worker;
        private dev.pcw.sidecar.partners.TierSettings tiers;

        private Builder() {}

        /** Serve the partner tier routes with these settings (default: not configured). */
        public Builder tiers(dev.pcw.sidecar.partners.TierSettings v) {
            tiers = v;
            return this;
        }

        /** Also accept OIDC JWTs verified with these settings (default: API keys only). */
        public Builder oidc(dev.pcw.sidecar.auth.OidcVerifier.Settings v) {
            oidc = v;
            return this;
        }

        /** Whether to execute approved actions (default true, when a client is set). */
        public Builder execute(boolean v) {
            execute = v;
            return this;
        }

        /** The execution worker's settings (default: a 60 s lease, the client's write quota). */
        public Builder worker(dev.pcw.sidecar.actions.ActionWorker.Settings v) {
            worker = v;
            return this;
        }

        public Builder writeActions(Set<WriteAction> v) {
            writeActions = EnumSet.noneOf(WriteAction.class);
            writeActions.addAll(v);
            return this;
        }

        public Builder catalogs(List<String> v) {
            if (v.isEmpty()) {
                throw new IllegalArgumentException("the sidecar needs at least one catalog");
            }
            catalogs = List.copyOf(v);
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the setting when {@code regex} does not compile
         */
        public Builder ticketPattern(String regex) {
            try {
                ticketPattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "ticket_pattern '"
                                + regex
                                + "' is not a regular expression: "
                                + e.getDescription());
            }
            return this;
        }

        public Builder approvals(ApprovalPolicy v) {
            approvals = Objects.requireNonNull(v, "approvals");
            return this;
        }

        public Builder client(PartnerCentralClientConfig v) {
            client = v;
            return this;
        }

        public Builder maxBodyBytes(int v) {
            if (v < 1024) {
                throw new IllegalArgumentException("maxBodyBytes is " + v + ": at least 1024");
            }
            maxBodyBytes = v;
            return this;
        }

        public SidecarSettings build() {
            return new SidecarSettings(this);
        }
    }
}
