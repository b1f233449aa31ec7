package dev.pcw.sidecar.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.client.write.SellingRequests;
import dev.pcw.connectors.partnercentral.client.write.WriteAction;
import dev.pcw.sidecar.ApiError;
import dev.pcw.sidecar.SidecarSettings;
import dev.pcw.sidecar.approval.ApprovalPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a write request before anything is stored, as pure logic: the action is enabled and not
 * disabled, the body is one JSON object, {@code ticketId} has the configured form, the catalog is
 * one the sidecar may write to, and the rest is a valid request of the action's Selling API
 * operation ({@link SellingRequests}). A {@code ClientToken} the caller sent is dropped: pcw
 * derives its own from the action, and the prepared request says it ignored one.
 */
public final class ActionRequests {
    static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The member a requester names the ticket with. */
    public static final String TICKET = "ticketId";

    /** The ClientToken placeholder bound while validating (the real one is the action's). */
    private static final String TOKEN_PLACEHOLDER = "pcw-validation";

    private ActionRequests() {}

    /** A request that passed every check, ready to be stored. */
    public static final class Prepared {
        public final WriteAction action;
        public final String ticketId;
        public final String catalog;
        public final String opportunityId;

        /** The operation's request as stored: without ticketId and ClientToken, Catalog set. */
        public final ObjectNode request;

        /** SHA-256 of the action, catalog, opportunity and canonical request. */
        public final String requestHash;

        /** What pcw changed or ignored in the request, said to the caller and the audit. */
        public final List<String> notes;

        Prepared(
                WriteAction action,
                String ticketId,
                String catalog,
                String opportunityId,
                ObjectNode request,
                String requestHash,
                List<String> notes) {
            this.action = action;
            this.ticketId = ticketId;
            this.catalog = catalog;
            this.opportunityId = opportunityId;
            this.request = request;
            this.requestHash = requestHash;
            this.notes = List.copyOf(notes);
        }
    }

    /**
     * Checks a request of {@code action}.
     *
     * @param opportunityId the opportunity of the path ({@code /actions/opportunity/{id}/…}), null
     *     for a create
     * @param body the parsed body (any JSON; refused unless an object)
     * @throws ApiError 400 with per-field errors, 403 for an action or catalog not allowed
     */
    public static Prepared prepare(
            WriteAction action, String opportunityId, JsonNode body, SidecarSettings settings) {
        Objects.requireNonNull(action, "action");
        if (!settings.writeActions().contains(action)) {
            throw new ApiError(
                    403,
                    "action_not_enabled",
                    action.key()
                            + " is not enabled: add it to connectors.partner_central.write_actions"
                            + " (enabled: "
                            + enabledList(settings)
                            + ")");
        }
        if (settings.approvals().mode(action.key()) == ApprovalPolicy.Mode.DISABLED) {
            throw new ApiError(
                    403,
                    "action_disabled",
                    action.key()
                            + " is disabled by action_approval_mode: no request of it is"
                            + " accepted");
        }
        if (body == null || !body.isObject()) {
            throw new ApiError(
                    400,
                    "invalid_request",
                    "the body must be one JSON object: the "
                            + action.operation()
                            + " request with a ticketId");
        }
        ObjectNode request = ((ObjectNode) body).deepCopy();
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();

        JsonNode ticket = request.remove(TICKET);
        String ticketId = null;
        if (ticket == null || ticket.isNull()) {
            errors.put(
                    TICKET,
                    "required: the ticket this write is done for, e.g. " + example(settings));
        } else if (!ticket.isTextual()) {
            errors.put(TICKET, "must be a string");
        } else if (!settings.ticketPattern().matcher(ticket.asText()).matches()) {
            errors.put(
                    TICKET,
                    "'"
                            + ticket.asText()
                            + "' does not match "
                            + settings.ticketPattern().pattern()
                            + " (connectors.partner_central.ticket_pattern)");
        } else {
            ticketId = ticket.asText();
        }

        if (action.takesClientToken() || request.has("ClientToken")) {
            if (request.hasNonNull("ClientToken")) {
                notes.add(
                        "the ClientToken sent was ignored: pcw sends its own, derived from the"
                                + " action, so that a retry never creates a duplicate");
            }
            request.remove("ClientToken");
        }

        JsonNode catalogNode = request.get("Catalog");
        String catalog;
        if (catalogNode == null || catalogNode.isNull()) {
            catalog = settings.defaultCatalog();
            request.put("Catalog", catalog);
        } else if (!catalogNode.isTextual()) {
            errors.put("Catalog", "must be a string");
            catalog = null;
        } else {
            catalog = catalogNode.asText();
        }
        if (catalog != null && !settings.catalogs().contains(catalog)) {
            throw new ApiError(
                    403,
                    "catalog_not_allowed",
                    "this sidecar may write to catalog "
                            + String.join(" or ", settings.catalogs())
                            + ", not "
                            + catalog
                            + " (connectors.partner_central.catalogs)");
        }

        String member = action.opportunityMember();
        if (member != null) {
            JsonNode given = request.get(member);
            if (given != null
                    && !given.isNull()
                    && !(given.isTextual() && given.asText().equals(opportunityId))) {
                errors.put(
                        member,
                        "names another opportunity than the path ("
                                + opportunityId
                                + "): leave it out or make them equal");
            }
            request.put(member, opportunityId);
        }

        ObjectNode toBind = request.deepCopy();
        if (action.takesClientToken()) {
            toBind.put("ClientToken", TOKEN_PLACEHOLDER);
        }
        if (action == WriteAction.UPDATE_OPPORTUNITY && !toBind.has("LastModifiedDate")) {
            // pcw sets it from the opportunity read when the update is executed.
            toBind.put("LastModifiedDate", "1970-01-01T00:00:00Z");
        }
        SellingRequests.Bound bound = SellingRequests.bind(action, toBind);
        bound.errors().forEach(errors::putIfAbsent);
        if (!errors.isEmpty()) {
            throw new ApiError(
                    400,
                    "invalid_request",
                    "the "
                            + action.operation()
                            + " request is not valid: "
                            + errors.size()
                            + " member(s) to fix, each named in errors",
                    errors);
        }
        String hash = hash(action, catalog, opportunityId, request);
        return new Prepared(action, ticketId, catalog, opportunityId, request, hash, notes);
    }

    /** The hash an approval names: over the action, catalog, opportunity and canonical request. */
    public static String hash(
            WriteAction action, String catalog, String opportunityId, ObjectNode request) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("action", action.key());
        all.put("catalog", catalog);
        all.put("opportunity", opportunityId);
        all.put("request", JSON.convertValue(request, Object.class));
        try {
            byte[] canonical = JSON.writeValueAsBytes(all);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of a text, in hex. */
    static String hashText(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored JSON object. */
    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalStateException("stored JSON is not an object: " + e.getMessage(), e);
        }
    }

    /** The canonical text of a stored request (keys sorted), as hashed. */
    public static String canonical(ObjectNode request) {
        try {
            return new String(
                    JSON.writeValueAsBytes(JSON.convertValue(request, Object.class)),
                    StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enabledList(SidecarSettings settings) {
        List<String> out = new ArrayList<>();
        for (WriteAction a : WriteAction.values()) {
            if (settings.writeActions().contains(a)) {
                out.add(a.key());
            }
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static String example(SidecarSettings settings) {
        return settings.ticketPattern().pattern().equals(SidecarSettings.DEFAULT_TICKET_PATTERN)
                ? "\"ticketId\": \"SALES-123\""
                : "one matching " + settings.ticketPattern().pattern();
    }
}
