package dev.pcw.sidecar.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.metadata.AuditLog;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.WriteActions;
import dev.pcw.connectors.partnercentral.client.PartnerCentralApiException;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.RawResponse;
import dev.pcw.connectors.partnercentral.client.write.WriteAction;
import dev.pcw.sidecar.ApiError;
import dev.pcw.sidecar.SidecarSettings;
import dev.pcw.sidecar.approval.ApprovalPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The life of a write action up to its execution: requested (checked, stored, audited), approved or
 * rejected by principals other than the requester, expired or stale. Every change of state commits
 * together with its audit row; every refusal is audited and changes nothing else.
 *
 * <p>An approval approves exactly what was shown: it must name the request hash and, for an action
 * on an existing opportunity, the opportunity version ({@code LastModifiedDate|ReviewStatus}) the
 * action was requested at; the live opportunity is read again, and an action whose opportunity
 * changed since is marked {@code stale} instead of approved.
 */
public final class ActionService {
    /** The actor of the rows the service writes on its own (expiry, auto-approval). */
    public static final String SERVICE = "pcw";

    private final MetadataDb db;
    private final WriteActions actions;
    private final AuditLog audit;
    private final SidecarSettings settings;
    private final PartnerCentralClient client;
    private final Clock clock;

    /**
     * @param client reads the opportunities actions are about; null when the sidecar has no Partner
     *     Central connection (actions on existing opportunities are then refused)
     */
    public ActionService(
            MetadataDb db, SidecarSettings settings, PartnerCentralClient client, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.actions = new WriteActions(db);
        this.audit = new AuditLog(db, clock);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = client;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public WriteActions actions() {
        return actions;
    }

    public AuditLog audit() {
        return audit;
    }

    /** What a request, approval or rejection led to. */
    public static final class Outcome {
        public final WriteActions.Action action;

        /** Said to the caller: e.g. "approval 1 of 2 counted". */
        public final String message;

        public final List<String> notes;

        Outcome(WriteActions.Action action, String message, List<String> notes) {
            this.action = action;
            this.message = message;
            this.notes = List.copyOf(notes);
        }
    }

    // ---------------------------------------------------------------- request

    /**
     * Checks and stores a request of {@code action} by {@code principal}.
     *
     * @throws ApiError when it is refused (audited)
     */
    public Outcome request(
            WriteAction action,
            String opportunityId,
            JsonNode body,
            String principal,
            String requestId) {
        ActionRequests.Prepared p;
        try {
            p = ActionRequests.prepare(action, opportunityId, body, settings);
        } catch (ApiError e) {
            throw refused(principal, action.key(), null, ticketOf(body), requestId, e);
        }
        String version = null;
        if (opportunityId != null) {
            JsonNode current =
                    read(p.catalog, opportunityId, principal, action.key(), p.ticketId, requestId);
            version = version(current);
            checkAgainst(current, p, principal, requestId);
        }
        ApprovalPolicy policy = settings.approvals();
        boolean auto = policy.mode(action.key()) == ApprovalPolicy.Mode.AUTO;
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        WriteActions.Action stored =
                new WriteActions.Action(
                        id,
                        action.key(),
                        p.ticketId,
                        principal,
                        auto ? WriteActions.APPROVED : WriteActions.PENDING,
                        clientToken(id),
                        ActionRequests.canonical(p.request),
                        p.catalog,
                        opportunityId,
                        p.requestHash,
                        version,
                        auto ? 0 : policy.approversNeeded(action.key()),
                        now,
                        now.plus(policy.expiry()),
                        requestId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", action.operation());
        details.put("catalog", p.catalog);
        details.put("request_hash", p.requestHash);
        details.put("opportunity_version", version);
        details.put("approval_mode", policy.mode(action.key()).name().toLowerCase());
        details.put("approvals_needed", stored.approvalsNeeded);
        if (!p.notes.isEmpty()) {
            details.put("notes", p.notes);
        }
        db.write(
                "Storing write action " + id,
                c -> {
                    actions.insert(c, stored);
                    audit.append(
                            c,
                            principal,
                            "action.requested",
                            id,
                            p.ticketId,
                            "stored",
                            requestId,
                            details);
                    if (auto) {
                        audit.append(
                                c,
                                SERVICE,
                                "action.approved",
                                id,
                                p.ticketId,
                                "auto",
                                requestId,
                                Map.of("reason", "action_approval_mode is auto"));
                    }
                    return null;
                });
        return new Outcome(
                stored,
                auto
                        ? "approved at once (action_approval_mode auto): it is executed next"
                        : "stored; it needs "
                                + stored.approvalsNeeded
                                + " approval(s) by principals other than "
                                + principal,
                p.notes);
    }

    /** The ClientToken of an action: derived from its id, fixed before any call. */
    public static String clientToken(String actionId) {
        return "pcw-" + actionId;
    }

    /**
     * The version of an opportunity as an approval names it, from a GetOpportunity answer: {@code
     * LastModifiedDate|ReviewStatus|content}, where content is a hash of everything but those (so
     * that an update that waited for AWS's review can tell a review from an edit).
     */
    public static String version(JsonNode opportunity) {
        return opportunity.path("LastModifiedDate").asText("")
                + "|"
                + opportunity.path("LifeCycle").path("ReviewStatus").asText("")
                + "|"
                + content(opportunity);
    }

    /** A hash of an opportunity without its LastModifiedDate and AWS's review fields. */
    static String content(JsonNode opportunity) {
        ObjectNode o = opportunity.deepCopy();
        o.remove("LastModifiedDate");
        JsonNode lc = o.get("LifeCycle");
        if (lc instanceof ObjectNode) {
            ((ObjectNode) lc)
                    .remove(List.of("ReviewStatus", "ReviewComments", "ReviewStatusReason"));
        }
        return ActionRequests.hashText(ActionRequests.canonical(o)).substring(0, 16);
    }

    /**
     * Checks a request against the opportunity as it stands: an update must change something and
     * nothing its review status freezes; a submit needs an opportunity that can be submitted.
     */
    private void checkAgainst(
            JsonNode current, ActionRequests.Prepared p, String principal, String requestId) {
        String review = current.path("LifeCycle").path("ReviewStatus").asText("");
        java.util.function.UnaryOperator<ApiError> refuse =
                e -> refused(principal, p.action.key(), null, p.ticketId, requestId, e);
        if (p.action == WriteAction.UPDATE_OPPORTUNITY) {
            ObjectNode merged =
                    ReviewLock.merge((ObjectNode) current, ActionExecutor.changes(p.request));
            List<String> changed = ReviewLock.changedPaths(current, merged);
            if (changed.isEmpty()) {
                throw refuse.apply(
                        new ApiError(
                                400,
                                "invalid_request",
                                "the update changes nothing: opportunity "
                                        + p.opportunityId
                                        + " already holds every value given"));
            }
            if (!ReviewLock.UNDER_REVIEW.contains(review)) {
                Map<String, String> frozen = ReviewLock.frozen(review, changed);
                if (!frozen.isEmpty()) {
                    throw refuse.apply(
                            new ApiError(
                                    409,
                                    "review_locked",
                                    "opportunity "
                                            + p.opportunityId
                                            + " is "
                                            + review
                                            + ": "
                                            + frozen.size()
                                            + " field(s) cannot change, each named in errors",
                                    frozen));
                }
            }
        } else if (p.action == WriteAction.SUBMIT_OPPORTUNITY
                && !review.equals("Pending Submission")
                && !review.equals("Action Required")) {
            throw refuse.apply(
                    new ApiError(
                            409,
                            "not_submittable",
                            "opportunity "
                                    + p.opportunityId
                                    + " is "
                                    + review
                                    + ": only Pending Submission and Action Required can be"
                                    + " submitted"));
        } else if (p.action == WriteAction.ASSOCIATE_OPPORTUNITY) {
            String type = p.request.path("RelatedEntityType").asText();
            String related = p.request.path("RelatedEntityIdentifier").asText();
            JsonNode list = current.path("RelatedEntityIdentifiers").path(type);
            boolean already = false;
            for (JsonNode e : list) {
                already |= e.asText().equals(related);
            }
            int limit = ActionExecutor.ASSOCIATION_LIMITS.getOrDefault(type, Integer.MAX_VALUE);
            if (!already && list.size() >= limit) {
                throw refuse.apply(
                        new ApiError(
                                409,
                                "association_limit",
                                "opportunity "
                                        + p.opportunityId
                                        + " has "
                                        + list.size()
                                        + " "
                                        + type
                                        + " associated, the most it may have ("
                                        + limit
                                        + "): disassociate one first"));
            }
        }
    }

    /** The live opportunity; refusals (audited) when it cannot be read. */
    JsonNode read(
            String catalog,
            String opportunityId,
            String principal,
            String what,
            String ticketId,
            String requestId) {
        if (client == null) {
            throw refused(
                    principal,
                    what,
                    null,
                    ticketId,
                    requestId,
                    new ApiError(
                            503,
                            "partner_central_unavailable",
                            "this sidecar has no Partner Central connection configured, so it"
                                    + " cannot read opportunity "
                                    + opportunityId));
        }
        try {
            RawResponse r = client.getOpportunity(catalog, opportunityId);
            if (r.json() == null) {
                throw new ApiError(
                        502,
                        "partner_central_error",
                        "GetOpportunity " + opportunityId + " answered: " + r.parseError());
            }
            return r.json();
        } catch (PartnerCentralApiException e) {
            ApiError err =
                    e.isNotFound()
                            ? new ApiError(
                                    404,
                                    "opportunity_not_found",
                                    "opportunity "
                                            + opportunityId
                                            + " does not exist in catalog "
                                            + catalog)
                            : new ApiError(
                                    502,
                                    "partner_central_error",
                                    "reading opportunity "
                                            + opportunityId
                                            + " failed: "
                                            + e.getMessage());
            throw refused(principal, what, null, ticketId, requestId, err);
        } catch (dev.pcw.connectors.partnercentral.client.PartnerCentralAccessException e) {
            throw refused(
                    principal,
                    what,
                    null,
                    ticketId,
                    requestId,
                    new ApiError(502, "partner_central_access", e.getMessage()));
        } catch (ApiError e) {
            throw refused(principal, what, null, ticketId, requestId, e);
        }
    }

    // ---------------------------------------------------------------- decisions

    /**
     * {@code principal} approves action {@code id}; the body names what they saw: {@code
     * request_hash} and, for an action on an existing opportunity, {@code opportunity_version}.
     *
     * @throws ApiError when the approval is refused (audited)
     */
    public Outcome approve(String id, JsonNode body, String principal, String requestId) {
        WriteActions.Action a = existing(id, principal, "approve", requestId);
        String seenHash = text(body, "request_hash");
        String seenVersion = text(body, "opportunity_version");
        Map<String, String> missing = new LinkedHashMap<>();
        if (seenHash == null) {
            missing.put(
                    "request_hash",
                    "required: the request_hash of the action you reviewed (GET /actions/"
                            + id
                            + ")");
        }
        if (a.opportunityVersion != null && seenVersion == null) {
            missing.put(
                    "opportunity_version",
                    "required: the opportunity_version of the action you reviewed");
        }
        if (!missing.isEmpty()) {
            throw refused(
                    principal,
                    "approve",
                    id,
                    a.ticketId,
                    requestId,
                    new ApiError(
                            400, "invalid_request", "an approval names what it approves", missing));
        }
        String comment = text(body, "comment");
        if (a.opportunityId != null && WriteActions.PENDING.equals(a.status)) {
            // The opportunity may have changed since the request: an approval must not approve
            // what nobody saw.
            JsonNode live =
                    read(a.catalog, a.opportunityId, principal, "approve", a.ticketId, requestId);
            String now = version(live);
            if (!now.equals(a.opportunityVersion)) {
                markStale(a, now, principal, requestId);
                throw new ApiError(
                        409,
                        "stale",
                        "opportunity "
                                + a.opportunityId
                                + " changed since the action was requested (version "
                                + a.opportunityVersion
                                + ", now "
                                + now
                                + "): the action is stale and must be requested again");
            }
        }
        Instant now = clock.instant();
        Object result =
                db.write(
                        "Approving write action " + id,
                        c -> {
                            WriteActions.Action locked = actions.lock(c, id).orElseThrow();
                            ApiError notPending = notPending(locked, now, c);
                            if (notPending != null) {
                                appendRefusal(
                                        c, principal, "approve", locked, requestId, notPending);
                                return notPending;
                            }
                            Set<String> approvedBy = new LinkedHashSet<>();
                            for (WriteActions.Decision d : actions.decisions(c, id)) {
                                if (d.decision.equals("approved")) {
                                    approvedBy.add(d.approver);
                                }
                            }
                            ApprovalPolicy.Decision d =
                                    settings.approvals()
                                            .approve(
                                                    new ApprovalPolicy.Pending(
                                                            locked.action,
                                                            locked.requester,
                                                            locked.requestHash,
                                                            locked.opportunityVersion,
                                                            locked.createdAt,
                                                            approvedBy),
                                                    principal,
                                                    seenHash,
                                                    locked.opportunityVersion == null
                                                            ? null
                                                            : seenVersion,
                                                    now);
                            if (d.refused()) {
                                ApiError e =
                                        new ApiError(statusOf(d.outcome), d.outcome, d.message);
                                appendRefusal(c, principal, "approve", locked, requestId, e);
                                return e;
                            }
                            actions.decide(
                                    c,
                                    id,
                                    new WriteActions.Decision(
                                            principal,
                                            "approved",
                                            seenHash,
                                            seenVersion,
                                            comment,
                                            now,
                                            requestId));
                            Map<String, Object> details = new LinkedHashMap<>();
                            details.put("approved_by", d.approvedBy);
                            details.put("approvals_needed", locked.approvalsNeeded);
                            details.put("request_hash", seenHash);
                            if (comment != null) {
                                details.put("comment", comment);
                            }
                            if (d.outcome.equals("approved")) {
                                actions.transition(
                                        c,
                                        id,
                                        Set.of(WriteActions.PENDING),
                                        WriteActions.APPROVED,
                                        now,
                                        Map.of("approver", principal));
                                audit.append(
                                        c,
                                        principal,
                                        "action.approved",
                                        id,
                                        locked.ticketId,
                                        "approved",
                                        requestId,
                                        details);
                            } else {
                                audit.append(
                                        c,
                                        principal,
                                        "action.approval_counted",
                                        id,
                                        locked.ticketId,
                                        "counted",
                                        requestId,
                                        details);
                            }
                            return d.message;
                        });
        if (result instanceof ApiError) {
            throw audited((ApiError) result);
        }
        return new Outcome(actions.get(id).orElseThrow(), (String) result, List.of());
    }

    /**
     * {@code principal} rejects action {@code id} (before it executes) with a {@code reason}.
     *
     * @throws ApiError when the rejection is refused (audited)
     */
    public Outcome reject(String id, JsonNode body, String principal, String requestId) {
        WriteActions.Action a = existing(id, principal, "reject", requestId);
        String reason = text(body, "reason");
        if (reason == null) {
            throw refused(
                    principal,
                    "reject",
                    id,
                    a.ticketId,
                    requestId,
                    new ApiError(
                            400,
                            "invalid_request",
                            "a rejection says why",
                            Map.of("reason", "required: why the action must not be executed")));
        }
        Instant now = clock.instant();
        Object result =
                db.write(
                        "Rejecting write action " + id,
                        c -> {
                            WriteActions.Action locked = actions.lock(c, id).orElseThrow();
                            ApiError refusal = null;
                            if (WriteActions.EXECUTING.equals(locked.status) || locked.isFinal()) {
                                refusal =
                                        new ApiError(
                                                409,
                                                "already_decided",
                                                "action "
                                                        + id
                                                        + " is "
                                                        + locked.status
                                                        + " and can no longer be rejected");
                            } else {
                                for (WriteActions.Decision d : actions.decisions(c, id)) {
                                    if (d.approver.equals(principal)) {
                                        refusal =
                                                new ApiError(
                                                        409,
                                                        "already_decided",
                                                        principal
                                                                + " "
                                                                + d.decision
                                                                + " this action already");
                                    }
                                }
                            }
                            if (refusal != null) {
                                appendRefusal(c, principal, "reject", locked, requestId, refusal);
                                return refusal;
                            }
                            actions.decide(
                                    c,
                                    id,
                                    new WriteActions.Decision(
                                            principal,
                                            "rejected",
                                            locked.requestHash,
                                            locked.opportunityVersion,
                                            reason,
                                            now,
                                            requestId));
                            actions.transition(
                                    c,
                                    id,
                                    Set.of(
                                            WriteActions.PENDING,
                                            WriteActions.APPROVED,
                                            WriteActions.WAITING_FOR_REVIEW),
                                    WriteActions.REJECTED,
                                    now,
                                    Map.of());
                            audit.append(
                                    c,
                                    principal,
                                    "action.rejected",
                                    id,
                                    locked.ticketId,
                                    "rejected",
                                    requestId,
                                    Map.of("reason", reason, "was", locked.status));
                            return "rejected";
                        });
        if (result instanceof ApiError) {
            throw audited((ApiError) result);
        }
        return new Outcome(actions.get(id).orElseThrow(), "rejected: " + reason, List.of());
    }

    /** Marks pending actions past their expiry as expired; returns how many. */
    public int expireDue() {
        Instant now = clock.instant();
        int n = 0;
        for (WriteActions.Action a : actions.list(WriteActions.PENDING, 1000)) {
            if (!now.isBefore(a.expiresAt)) {
                boolean moved =
                        db.write(
                                "Expiring write action " + a.id,
                                c -> {
                                    WriteActions.Action locked =
                                            actions.lock(c, a.id).orElseThrow();
                                    ApiError e = notPending(locked, now, c);
                                    return e != null && e.code().equals("expired");
                                });
                n += moved ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * Why a locked action cannot be decided on: not pending, or expired (which it is then marked,
     * with its audit row, in the same transaction). Null when it is pending.
     */
    private ApiError notPending(WriteActions.Action a, Instant now, java.sql.Connection c)
            throws java.sql.SQLException {
        if (!WriteActions.PENDING.equals(a.status)) {
            return new ApiError(
                    409,
                    "already_decided",
                    "action " + a.id + " is " + a.status + ", not pending approval");
        }
        if (!now.isBefore(a.expiresAt)) {
            actions.transition(
                    c, a.id, Set.of(WriteActions.PENDING), WriteActions.EXPIRED, now, Map.of());
            audit.append(
                    c,
                    SERVICE,
                    "action.expired",
                    a.id,
                    a.ticketId,
                    "expired",
                    null,
                    Map.of("expires_at", a.expiresAt.toString()));
            return new ApiError(
                    409,
                    "expired",
                    "action "
                            + a.id
                            + " expired at "
                            + a.expiresAt
                            + " without enough approvals; request it again");
        }
        return null;
    }

    private void markStale(WriteActions.Action a, String now, String principal, String requestId) {
        db.write(
                "Marking write action " + a.id + " stale",
                c -> {
                    if (actions.transition(
                            c,
                            a.id,
                            Set.of(WriteActions.PENDING),
                            WriteActions.STALE,
                            clock.instant(),
                            Map.of("error", "opportunity changed: " + now))) {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("requested_at_version", a.opportunityVersion);
                        details.put("live_version", now);
                        audit.append(
                                c,
                                principal,
                                "action.stale",
                                a.id,
                                a.ticketId,
                                "stale",
                                requestId,
                                details);
                    }
                    return null;
                });
    }

    private WriteActions.Action existing(
            String id, String principal, String what, String requestId) {
        return actions.get(id)
                .orElseThrow(
                        () ->
                                refused(
                                        principal,
                                        what,
                                        null,
                                        null,
                                        requestId,
                                        new ApiError(
                                                404, "action_not_found", "no write action " + id)));
    }

    // ---------------------------------------------------------------- refusals

    /**
     * Audits a refusal of {@code what} by {@code principal} (in its own transaction) and returns it
     * marked audited, to be thrown.
     */
    public ApiError refused(
            String principal,
            String what,
            String subject,
            String ticketId,
            String requestId,
            ApiError e) {
        if (e.audited()) {
            return e;
        }
        audit.append(
                principal == null ? "anonymous" : principal,
                "action.refused",
                subject,
                ticketId,
                e.code(),
                requestId,
                refusalDetails(what, e));
        return audited(e);
    }

    private void appendRefusal(
            java.sql.Connection c,
            String principal,
            String what,
            WriteActions.Action a,
            String requestId,
            ApiError e)
            throws java.sql.SQLException {
        audit.append(
                c,
                principal,
                "action.refused",
                a.id,
                a.ticketId,
                e.code(),
                requestId,
                refusalDetails(what, e));
    }

    private static Map<String, Object> refusalDetails(String what, ApiError e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempted", what);
        details.put("status", e.status());
        details.put("message", e.getMessage());
        if (!e.fieldErrors().isEmpty()) {
            details.put("errors", e.fieldErrors());
        }
        return details;
    }

    private static ApiError audited(ApiError e) {
        return e.markAudited();
    }

    private static int statusOf(String code) {
        switch (code) {
            case "self_approval":
            case "disabled":
                return 403;
            default:
                return 409;
        }
    }

    private static String text(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode v = body.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }

    private static String ticketOf(JsonNode body) {
        return body instanceof ObjectNode ? text(body, ActionRequests.TICKET) : null;
    }
}
