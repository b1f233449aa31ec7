package dev.pcw.sidecar.actions;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.metadata.AuditLog;
import dev.pcw.connectors.metadata.WriteActions;
import dev.pcw.connectors.partnercentral.client.write.WriteAction;
import dev.pcw.sidecar.ApiError;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code /actions} routes: requests of write actions, their listing, approvals and rejections.
 * Thin: {@link ActionRequests} checks, {@link ActionService} decides and stores, this class reads
 * bodies and renders actions.
 */
public final class ActionsResource {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ActionService service;
    private final int maxBodyBytes;

    public ActionsResource(ActionService service, int maxBodyBytes) {
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** {@code POST /actions/opportunity} and {@code /actions/opportunity/{id}/<verb>}. */
    public void request(Context ctx, WriteAction action, String principal) {
        String opportunityId = action.opportunityMember() == null ? null : ctx.pathParam("id");
        String requestId = requestId(ctx);
        JsonNode body;
        try {
            body = body(ctx);
        } catch (ApiError e) {
            throw service.refused(principal, action.key(), null, null, requestId, e);
        }
        ActionService.Outcome o =
                service.request(action, opportunityId, body, principal, requestId);
        // A new action has no decisions yet and one audit row: its request is all there is to add.
        ObjectNode out = render(o.action, false);
        out.set("request", parse(o.action.requestJson));
        out.put("message", o.message);
        if (!o.notes.isEmpty()) {
            ArrayNode notes = out.putArray("notes");
            o.notes.forEach(notes::add);
        }
        ctx.header("Location", "/actions/" + o.action.id);
        dev.pcw.sidecar.Responses.json(ctx, 202, out);
    }

    /** {@code GET /actions?status=…&limit=…}. */
    public void list(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && !WriteActions.STATES.contains(status)) {
            throw new ApiError(
                    400,
                    "invalid_request",
                    "unknown status '" + status + "'",
                    java.util.Map.of("status", "one of " + String.join(", ", WriteActions.STATES)));
        }
        int limit = 100;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw new ApiError(
                        400,
                        "invalid_request",
                        "limit is '" + l + "'",
                        java.util.Map.of("limit", "a whole number from 1 to 1000"));
            }
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("actions");
        for (WriteActions.Action a : service.actions().list(status, limit)) {
            items.add(render(a, false));
        }
        dev.pcw.sidecar.Responses.json(ctx, 200, out);
    }

    /** {@code GET /actions/{id}}: the action, its decisions and its audit trail. */
    public void show(Context ctx) {
        String id = ctx.pathParam("id");
        WriteActions.Action a =
                service.actions()
                        .get(id)
                        .orElseThrow(
                                () ->
                                        new ApiError(
                                                404, "action_not_found", "no write action " + id));
        dev.pcw.sidecar.Responses.json(ctx, 200, render(a, true));
    }

    /** {@code POST /actions/{id}/approve}. */
    public void approve(Context ctx, String principal) {
        String requestId = requestId(ctx);
        String id = ctx.pathParam("id");
        JsonNode body = decisionBody(ctx, principal, "approve", id, requestId);
        ActionService.Outcome o = service.approve(id, body, principal, requestId);
        ObjectNode out = render(o.action, true);
        out.put("message", o.message);
        dev.pcw.sidecar.Responses.json(ctx, 200, out);
    }

    /** {@code POST /actions/{id}/reject}. */
    public void reject(Context ctx, String principal) {
        String requestId = requestId(ctx);
        String id = ctx.pathParam("id");
        JsonNode body = decisionBody(ctx, principal, "reject", id, requestId);
        ActionService.Outcome o = service.reject(id, body, principal, requestId);
        ObjectNode out = render(o.action, true);
        out.put("message", o.message);
        dev.pcw.sidecar.Responses.json(ctx, 200, out);
    }

    // ---------------------------------------------------------------- bodies

    /** The body of a decision; a body refused (not JSON, too large…) is audited on the action. */
    private JsonNode decisionBody(
            Context ctx, String principal, String what, String id, String requestId) {
        try {
            return body(ctx);
        } catch (ApiError e) {
            throw service.refused(principal, what, id, null, requestId, e);
        }
    }

    /** The body as JSON: refused when it is not JSON, too large or of another media type. */
    JsonNode body(Context ctx) {
        String type = ctx.contentType();
        if (type == null
                || !type.toLowerCase(Locale.ROOT)
                        .split(";", 2)[0]
                        .trim()
                        .equals("application/json")) {
            throw new ApiError(
                    415,
                    "unsupported_media_type",
                    "send the body as JSON with 'Content-Type: application/json'"
                            + (type == null ? "" : " (not " + type + ")"));
        }
        long declared = ctx.contentLength();
        if (declared > maxBodyBytes) {
            throw tooLarge(declared);
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > maxBodyBytes) {
            throw tooLarge(bytes.length);
        }
        if (bytes.length == 0) {
            throw new ApiError(400, "invalid_json", "the body is empty: send one JSON object");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new ApiError(400, "invalid_json", "the body is empty: send one JSON object");
            }
            return node;
        } catch (JsonParseException e) {
            throw new ApiError(
                    400,
                    "invalid_json",
                    "the body is not valid JSON: "
                            + e.getOriginalMessage()
                            + " at line "
                            + e.getLocation().getLineNr()
                            + ", column "
                            + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new ApiError(400, "invalid_json", "the body is not valid JSON");
        }
    }

    private ApiError tooLarge(long size) {
        return new ApiError(
                413,
                "payload_too_large",
                "the body is " + size + " bytes; at most " + maxBodyBytes + " are accepted");
    }

    // ---------------------------------------------------------------- rendering

    /** An action as the API shows it; with {@code full}, its request, decisions and history. */
    ObjectNode render(WriteActions.Action a, boolean full) {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", a.id);
        out.put("action", a.action);
        out.put("status", a.status);
        out.put("ticket_id", a.ticketId);
        out.put("catalog", a.catalog);
        out.put("opportunity_id", a.opportunityId);
        out.put("requester", a.requester);
        out.put("approver", a.approver);
        out.put("request_hash", a.requestHash);
        out.put("opportunity_version", a.opportunityVersion);
        out.put("approvals_needed", a.approvalsNeeded);
        out.put("client_token", a.clientToken);
        out.put("created_at", a.createdAt.toString());
        out.put("updated_at", a.updatedAt.toString());
        out.put("expires_at", a.expiresAt.toString());
        out.put("attempts", a.attempts);
        if (a.error != null) {
            out.put("error", a.error);
        }
        if (a.resultJson != null) {
            out.set("result", parse(a.resultJson));
        }
        if (!full) {
            return out;
        }
        out.set("request", parse(a.requestJson));
        ArrayNode decisions = out.putArray("decisions");
        for (WriteActions.Decision d : service.actions().decisions(a.id)) {
            ObjectNode n = decisions.addObject();
            n.put("by", d.approver);
            n.put("decision", d.decision);
            n.put("at", d.decidedAt.toString());
            n.put("request_hash", d.requestHash);
            n.put("opportunity_version", d.opportunityVersion);
            if (d.comment != null) {
                n.put("comment", d.comment);
            }
        }
        ArrayNode history = out.putArray("history");
        List<AuditLog.Entry> rows = service.audit().about(a.id);
        for (AuditLog.Entry e : rows) {
            ObjectNode n = history.addObject();
            n.put("seq", e.seq);
            n.put("at", e.at.toString());
            n.put("actor", e.actor);
            n.put("event", e.action);
            n.put("outcome", e.outcome);
            n.put("request_id", e.requestId);
            if (e.detailsJson != null) {
                n.set("details", parse(e.detailsJson));
            }
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    static String requestId(Context ctx) {
        return ctx.res().getHeader("x-request-id");
    }
}
