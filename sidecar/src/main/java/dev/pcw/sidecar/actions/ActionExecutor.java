package dev.pcw.sidecar.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.metadata.WriteActions;
import dev.pcw.connectors.partnercentral.client.PartnerCentralAccessException;
import dev.pcw.connectors.partnercentral.client.PartnerCentralApiException;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.RawResponse;
import dev.pcw.connectors.partnercentral.client.write.SellingRequests;
import dev.pcw.connectors.partnercentral.client.write.WriteAction;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Carries out one claimed action against Partner Central and says what came of it. Before every
 * call that has no {@code ClientToken}, the opportunity is read first: a submit of an opportunity
 * already submitted, or an association already made, is not sent again, and an update whose
 * opportunity changed since it was approved is not sent at all ({@code stale}).
 */
final class ActionExecutor {
    /** The writes AWS owns in an opportunity's LifeCycle: never sent back in an update. */
    private static final List<String> REVIEW_FIELDS =
            List.of("ReviewStatus", "ReviewComments", "ReviewStatusReason");

    /** How many entities of each type one opportunity may be associated with. */
    static final Map<String, Integer> ASSOCIATION_LIMITS =
            Map.of(
                    "Solutions", 10,
                    "AwsProducts", 20,
                    "AwsMarketplaceOffers", 1,
                    "AwsMarketplaceOfferSets", 1);

    /** What an execution led to. */
    enum Kind {
        SUCCEEDED,
        FAILED,
        STALE,
        WAIT_FOR_REVIEW,
        FOLLOW_TASK,
        WAIT_FOR_BUDGET,
        RETRY
    }

    static final class Result {
        final Kind kind;
        final String message;
        final ObjectNode result;
        final String awsRequestId;

        Result(Kind kind, String message, ObjectNode result, String awsRequestId) {
            this.kind = kind;
            this.message = message;
            this.result = result;
            this.awsRequestId = awsRequestId;
        }
    }

    /** Called right before the call to AWS, after the slot is reserved (test pause points). */
    interface BeforeCall {
        void beforeCall(WriteActions.Action a);
    }

    private final PartnerCentralClient client;

    ActionExecutor(PartnerCentralClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Executes {@code a} (as claimed); {@code previous} is its stored result (a task to follow, a
     * wait for review), {@code call} reserves the write slot and runs the pause points.
     */
    Result execute(WriteActions.Action a, ObjectNode previous, Runnable call) {
        WriteAction action = WriteAction.of(a.action).orElseThrow();
        ObjectNode request = ActionRequests.parse(a.requestJson);
        try {
            switch (action) {
                case CREATE_OPPORTUNITY:
                    return create(a, request, call);
                case UPDATE_OPPORTUNITY:
                    return update(a, request, previous, call);
                case SUBMIT_OPPORTUNITY:
                    return submit(a, request, call);
                case ASSOCIATE_OPPORTUNITY:
                    return associate(a, request, call);
                case START_ENGAGEMENT:
                    return startEngagement(a, request, previous, call);
                default:
                    return failed("unknown action " + a.action, null);
            }
        } catch (PartnerCentralAccessException e) {
            return failed(e.getMessage(), null);
        } catch (PartnerCentralApiException e) {
            if (e.unanswered() || e.errorCode().equals("SdkClientException")) {
                return new Result(
                        Kind.RETRY,
                        "no answer from Partner Central ("
                                + e.errorCode()
                                + "): the write may or may not have been carried out; the record"
                                + " is read again before anything is sent again",
                        null,
                        e.requestId());
            }
            if (e.errorCode().equals("InternalServerException")
                    || e.errorCode().startsWith("HTTP5")) {
                return new Result(Kind.RETRY, e.getMessage(), null, e.requestId());
            }
            if (action == WriteAction.UPDATE_OPPORTUNITY
                    && e.errorCode().equals("ConflictException")) {
                return new Result(
                        Kind.STALE,
                        "Partner Central refused the update as a conflict: the opportunity changed"
                                + " after it was read ("
                                + e.getMessage()
                                + ")",
                        null,
                        e.requestId());
            }
            ObjectNode detail = ActionRequests.JSON.createObjectNode();
            detail.put("error_code", e.errorCode());
            if (e.errorBody() != null) {
                detail.set("aws_error", ActionRequests.parse(e.errorBody()));
            }
            return new Result(Kind.FAILED, e.getMessage(), detail, e.requestId());
        }
    }

    // ---------------------------------------------------------------- per action

    private Result create(WriteActions.Action a, ObjectNode request, Runnable call) {
        ObjectNode body = request.deepCopy();
        body.put("ClientToken", a.clientToken);
        call.run();
        RawResponse r =
                client.write(
                        WriteAction.CREATE_OPPORTUNITY, bind(WriteAction.CREATE_OPPORTUNITY, body));
        ObjectNode out = ActionRequests.JSON.createObjectNode();
        out.put("opportunity_id", r.json().path("Id").asText());
        out.put("last_modified_date", r.json().path("LastModifiedDate").asText(null));
        return new Result(
                Kind.SUCCEEDED,
                "created opportunity " + r.json().path("Id").asText(),
                out,
                r.requestId());
    }

    private Result update(
            WriteActions.Action a, ObjectNode request, ObjectNode previous, Runnable call) {
        JsonNode current = get(a);
        String review = current.path("LifeCycle").path("ReviewStatus").asText("");
        if (ReviewLock.UNDER_REVIEW.contains(review)) {
            ObjectNode waiting = ActionRequests.JSON.createObjectNode();
            waiting.put("waited_for_review", true);
            return new Result(
                    Kind.WAIT_FOR_REVIEW,
                    "the opportunity is under AWS review (" + review + "); the update waits",
                    waiting,
                    null);
        }
        ObjectNode changes = changes(request);
        ObjectNode merged = ReviewLock.merge((ObjectNode) current, changes);
        String now = ActionService.version(current);
        boolean sameVersion = now.equals(a.opportunityVersion);
        boolean onlyReviewed =
                previous != null
                        && previous.path("waited_for_review").asBoolean()
                        && ActionService.content(current).equals(contentOf(a.opportunityVersion));
        if (!sameVersion && !onlyReviewed) {
            if (a.attempts > 1 && ReviewLock.changedPaths(current, merged).isEmpty()) {
                ObjectNode out = ActionRequests.JSON.createObjectNode();
                out.put("opportunity_id", a.opportunityId);
                out.put("last_modified_date", current.path("LastModifiedDate").asText());
                return new Result(
                        Kind.SUCCEEDED,
                        "the opportunity already holds the update (an earlier attempt was carried"
                                + " out)",
                        out,
                        null);
            }
            return stale(a, now);
        }
        Map<String, String> frozen =
                ReviewLock.frozen(review, ReviewLock.changedPaths(current, merged));
        if (!frozen.isEmpty()) {
            ObjectNode detail = ActionRequests.JSON.createObjectNode();
            frozen.forEach(detail.putObject("frozen")::put);
            return new Result(
                    Kind.FAILED,
                    "the review status "
                            + review
                            + " freezes "
                            + String.join(", ", frozen.keySet()),
                    detail,
                    null);
        }
        ObjectNode body = SellingRequests.keepKnown(WriteAction.UPDATE_OPPORTUNITY, merged);
        JsonNode lc = body.get("LifeCycle");
        if (lc instanceof ObjectNode) {
            REVIEW_FIELDS.forEach(((ObjectNode) lc)::remove);
        }
        body.put("Catalog", a.catalog);
        body.put("Identifier", a.opportunityId);
        body.put("LastModifiedDate", current.path("LastModifiedDate").asText());
        call.run();
        RawResponse r =
                client.write(
                        WriteAction.UPDATE_OPPORTUNITY, bind(WriteAction.UPDATE_OPPORTUNITY, body));
        ObjectNode out = ActionRequests.JSON.createObjectNode();
        out.put("opportunity_id", a.opportunityId);
        out.put("last_modified_date", r.json().path("LastModifiedDate").asText(null));
        return new Result(Kind.SUCCEEDED, "updated " + a.opportunityId, out, r.requestId());
    }

    private Result submit(WriteActions.Action a, ObjectNode request, Runnable call) {
        JsonNode current = get(a);
        String review = current.path("LifeCycle").path("ReviewStatus").asText("");
        ObjectNode out = ActionRequests.JSON.createObjectNode();
        out.put("opportunity_id", a.opportunityId);
        if (ReviewLock.UNDER_REVIEW.contains(review)) {
            out.put("review_status", review);
            return new Result(
                    Kind.SUCCEEDED,
                    "already submitted (" + review + "): SubmitOpportunity not sent again",
                    out,
                    null);
        }
        if (!review.equals("Pending Submission") && !review.equals("Action Required")) {
            return failed(
                    "opportunity " + a.opportunityId + " cannot be submitted from " + review, out);
        }
        call.run();
        RawResponse r =
                client.write(
                        WriteAction.SUBMIT_OPPORTUNITY,
                        bind(WriteAction.SUBMIT_OPPORTUNITY, request));
        out.put("review_status", "Submitted");
        return new Result(
                Kind.SUCCEEDED,
                "submitted " + a.opportunityId + " to AWS review",
                out,
                r.requestId());
    }

    private Result associate(WriteActions.Action a, ObjectNode request, Runnable call) {
        JsonNode current = get(a);
        String type = request.path("RelatedEntityType").asText();
        String related = request.path("RelatedEntityIdentifier").asText();
        JsonNode list = current.path("RelatedEntityIdentifiers").path(type);
        ObjectNode out = ActionRequests.JSON.createObjectNode();
        out.put("opportunity_id", a.opportunityId);
        out.put("related_entity_type", type);
        out.put("related_entity_identifier", related);
        for (JsonNode e : list) {
            if (e.asText().equals(related)) {
                return new Result(
                        Kind.SUCCEEDED,
                        related + " is associated already: AssociateOpportunity not sent again",
                        out,
                        null);
            }
        }
        int limit = ASSOCIATION_LIMITS.getOrDefault(type, Integer.MAX_VALUE);
        if (list.size() >= limit) {
            return failed(
                    "opportunity "
                            + a.opportunityId
                            + " has "
                            + list.size()
                            + " "
                            + type
                            + " associated, the most it may have ("
                            + limit
                            + ")",
                    out);
        }
        call.run();
        RawResponse r =
                client.write(
                        WriteAction.ASSOCIATE_OPPORTUNITY,
                        bind(WriteAction.ASSOCIATE_OPPORTUNITY, request));
        return new Result(
                Kind.SUCCEEDED,
                "associated " + type + " " + related + " with " + a.opportunityId,
                out,
                r.requestId());
    }

    private Result startEngagement(
            WriteActions.Action a, ObjectNode request, ObjectNode previous, Runnable call) {
        String taskId = previous == null ? null : previous.path("task_id").asText(null);
        ObjectNode out =
                previous == null ? ActionRequests.JSON.createObjectNode() : previous.deepCopy();
        String requestId = null;
        if (taskId == null) {
            ObjectNode body = request.deepCopy();
            body.put("ClientToken", a.clientToken);
            call.run();
            RawResponse r =
                    client.write(
                            WriteAction.START_ENGAGEMENT, bind(WriteAction.START_ENGAGEMENT, body));
            taskId = r.json().path("TaskId").asText();
            requestId = r.requestId();
            out.put("opportunity_id", a.opportunityId);
            out.put("task_id", taskId);
            out.put("task_status", r.json().path("TaskStatus").asText());
        }
        RawResponse t = client.listEngagementFromOpportunityTasks(a.catalog, taskId);
        JsonNode summary = t.json().path("TaskSummaries").path(0);
        String status = summary.path("TaskStatus").asText("IN_PROGRESS");
        out.put("task_status", status);
        if (status.equals("COMPLETE")) {
            out.put("engagement_id", summary.path("EngagementId").asText(null));
            out.put(
                    "engagement_invitation_id",
                    summary.path("EngagementInvitationId").asText(null));
            return new Result(
                    Kind.SUCCEEDED, "engagement task " + taskId + " complete", out, requestId);
        }
        if (status.equals("FAILED")) {
            out.put("reason_code", summary.path("ReasonCode").asText(null));
            out.put("task_message", summary.path("Message").asText(null));
            return new Result(
                    Kind.FAILED,
                    "engagement task "
                            + taskId
                            + " failed: "
                            + summary.path("ReasonCode").asText("")
                            + " "
                            + summary.path("Message").asText(""),
                    out,
                    requestId);
        }
        return new Result(
                Kind.FOLLOW_TASK, "engagement task " + taskId + " is " + status, out, requestId);
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode get(WriteActions.Action a) {
        RawResponse r = client.getOpportunity(a.catalog, a.opportunityId);
        if (r.json() == null) {
            throw new PartnerCentralApiException(
                    "GetOpportunity",
                    "SdkClientException",
                    1,
                    "GetOpportunity " + a.opportunityId + " answered: " + r.parseError(),
                    null);
        }
        return r.json();
    }

    private static Result stale(WriteActions.Action a, String now) {
        String[] was =
                a.opportunityVersion == null ? new String[0] : a.opportunityVersion.split("\\|");
        String[] is = now.split("\\|");
        StringBuilder what =
                new StringBuilder(
                        "opportunity " + a.opportunityId + " changed since it was approved:");
        if (was.length > 0 && !was[0].equals(is[0])) {
            what.append(" LastModifiedDate ").append(was[0]).append(" → ").append(is[0]);
        }
        if (was.length > 1 && is.length > 1 && !was[1].equals(is[1])) {
            what.append("; ReviewStatus ").append(was[1]).append(" → ").append(is[1]);
        }
        what.append("; request it again");
        ObjectNode detail = ActionRequests.JSON.createObjectNode();
        detail.put("approved_version", a.opportunityVersion);
        detail.put("live_version", now);
        return new Result(Kind.STALE, what.toString(), detail, null);
    }

    private static Result failed(String message, ObjectNode result) {
        return new Result(Kind.FAILED, message, result, null);
    }

    /** An update's requested changes: its body without the members that name the record. */
    static ObjectNode changes(ObjectNode request) {
        ObjectNode c = request.deepCopy();
        c.remove("Catalog");
        c.remove("Identifier");
        c.remove("LastModifiedDate");
        return c;
    }

    private static String contentOf(String version) {
        if (version == null) {
            return "";
        }
        String[] parts = version.split("\\|");
        return parts.length > 2 ? parts[2] : "";
    }

    private static software.amazon.awssdk.services.partnercentralselling.model
                    .PartnerCentralSellingRequest
            bind(WriteAction action, ObjectNode body) {
        SellingRequests.Bound b = SellingRequests.bind(action, body);
        if (!b.valid()) {
            throw new PartnerCentralApiException(
                    action.operation(),
                    "ValidationException",
                    0,
                    action.operation() + " request not valid: " + b.errors(),
                    null);
        }
        return b.request();
    }
}
