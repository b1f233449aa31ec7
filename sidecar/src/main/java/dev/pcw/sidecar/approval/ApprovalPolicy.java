package dev.pcw.sidecar.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who may approve a write action, and when it is approved: the rules alone, no storage or HTTP.
 *
 * <p>{@code action_approval_mode} decides per action: {@code required} (the default: N distinct
 * approvers, none of them the requester), {@code auto} (approved when requested), {@code disabled}
 * (refused when requested). An approval approves exactly what was shown: it names the hash of the
 * request and, for actions on an existing opportunity, the version read when the action was
 * requested; a different hash or version refuses it as stale. Approvals expire ({@link #expiry()},
 * 7 days by default) and each approver counts once.
 */
public final class ApprovalPolicy {
    /** How an action is approved. */
    public enum Mode {
        REQUIRED,
        AUTO,
        DISABLED;

        static Mode parse(String key, String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        key + " is '" + value + "': use required, auto or disabled");
            }
        }
    }

    private final Mode defaultMode;
    private final Map<String, Mode> modes;
    private final Map<String, Integer> approvers;
    private final Duration expiry;

    private ApprovalPolicy(
            Mode defaultMode,
            Map<String, Mode> modes,
            Map<String, Integer> approvers,
            Duration expiry) {
        this.defaultMode = defaultMode;
        this.modes = modes;
        this.approvers = approvers;
        this.expiry = expiry;
    }

    /** Every action {@code required}, one approver, approvals valid 7 days. */
    public static final ApprovalPolicy DEFAULT =
            new ApprovalPolicy(Mode.REQUIRED, Map.of(), Map.of(), Duration.ofDays(7));

    /**
     * A policy from settings: {@code mode} (the default mode), {@code mode.<action>}, {@code
     * approvers.<action>} (1 to 5) and {@code expiry_days} (1 to 90). Unknown keys are refused,
     * naming the key.
     */
    public static ApprovalPolicy of(Map<String, String> settings) {
        Mode defaultMode = Mode.REQUIRED;
        Map<String, Mode> modes = new TreeMap<>();
        Map<String, Integer> approvers = new TreeMap<>();
        Duration expiry = Duration.ofDays(7);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key.equals("mode")) {
                defaultMode = Mode.parse("action_approval_mode", value);
            } else if (key.startsWith("mode.")) {
                modes.put(
                        key.substring(5),
                        Mode.parse("action_approval_mode." + key.substring(5), value));
            } else if (key.startsWith("approvers.")) {
                approvers.put(
                        key.substring(10),
                        bounded("action_approvers." + key.substring(10), value, 1, 5));
            } else if (key.equals("expiry_days")) {
                expiry = Duration.ofDays(bounded("action_approval_expiry_days", value, 1, 90));
            } else {
                throw new IllegalArgumentException(
                        "unknown approval setting '"
                                + key
                                + "': use mode, mode.<action>, approvers.<action> or"
                                + " expiry_days");
            }
        }
        return new ApprovalPolicy(defaultMode, Map.copyOf(modes), Map.copyOf(approvers), expiry);
    }

    private static int bounded(String key, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is '" + value + "': use a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + " is " + n + ": use " + min + " to " + max);
        }
        return n;
    }

    public Mode mode(String action) {
        return modes.getOrDefault(action, defaultMode);
    }

    /** Distinct approvers an action needs in mode {@code required}. */
    public int approversNeeded(String action) {
        return approvers.getOrDefault(action, 1);
    }

    public Duration expiry() {
        return expiry;
    }

    /** An action waiting for approval, as it was requested. */
    public static final class Pending {
        final String action;
        final String requester;
        final String requestHash;
        final String version;
        final Instant requestedAt;
        final Set<String> approvedBy;

        /**
         * @param version the opportunity's version (LastModifiedDate and review status) read when
         *     the action was requested; null for a create
         * @param approvedBy who approved it so far
         */
        public Pending(
                String action,
                String requester,
                String requestHash,
                String version,
                Instant requestedAt,
                Set<String> approvedBy) {
            this.action = Objects.requireNonNull(action, "action");
            this.requester = Objects.requireNonNull(requester, "requester");
            this.requestHash = Objects.requireNonNull(requestHash, "requestHash");
            this.version = version;
            this.requestedAt = Objects.requireNonNull(requestedAt, "requestedAt");
            this.approvedBy = Set.copyOf(approvedBy);
        }
    }

    /** What an approval leads to. */
    public static final class Decision {
        /**
         * {@code approved} (enough approvers), {@code counted} (more needed), or a refusal code.
         */
        public final String outcome;

        /** What happened, in a sentence for the caller and the audit log. */
        public final String message;

        /** The approvers after this decision. */
        public final Set<String> approvedBy;

        Decision(String outcome, String message, Set<String> approvedBy) {
            this.outcome = outcome;
            this.message = message;
            this.approvedBy = approvedBy;
        }

        public boolean refused() {
            return !outcome.equals("approved") && !outcome.equals("counted");
        }
    }

    /**
     * Decides on {@code approver}'s approval of {@code pending}, which names the request hash and
     * version the approver saw.
     */
    public Decision approve(
            Pending pending, String approver, String seenHash, String seenVersion, Instant now) {
        Mode mode = mode(pending.action);
        if (mode == Mode.DISABLED) {
            return refuse(
                    pending, "disabled", pending.action + " is disabled (action_approval_mode)");
        }
        if (approver.equals(pending.requester)) {
            return refuse(
                    pending,
                    "self_approval",
                    approver
                            + " requested this action and cannot approve it: another principal"
                            + " must");
        }
        if (pending.approvedBy.contains(approver)) {
            return refuse(pending, "already_approved", approver + " approved this action already");
        }
        if (!now.isBefore(pending.requestedAt.plus(expiry))) {
            return refuse(
                    pending,
                    "expired",
                    "the action expired at "
                            + pending.requestedAt.plus(expiry)
                            + "; request it again");
        }
        if (!pending.requestHash.equals(seenHash)) {
            return refuse(
                    pending,
                    "stale",
                    "the request approved is not the one stored (its hash differs): read the"
                            + " action again and approve what it holds");
        }
        if (!Objects.equals(pending.version, seenVersion)) {
            return refuse(
                    pending,
                    "stale",
                    "the approval names opportunity version "
                            + seenVersion
                            + ", the action was requested at "
                            + pending.version);
        }
        Set<String> after = new LinkedHashSet<>(pending.approvedBy);
        after.add(approver);
        int needed = approversNeeded(pending.action);
        if (mode == Mode.AUTO || after.size() >= needed) {
            return new Decision(
                    "approved", "approved by " + String.join(", ", after), Set.copyOf(after));
        }
        return new Decision(
                "counted",
                "approval " + after.size() + " of " + needed + " counted",
                Set.copyOf(after));
    }

    private static Decision refuse(Pending pending, String code, String message) {
        return new Decision(code, message, pending.approvedBy);
    }
}
