package dev.pcw.schemas.partnercentral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An event that Partner Central publishes to the default EventBridge bus (source {@value #SOURCE}),
 * in EventBridge's envelope. Opportunity events carry only the opportunity's identifier in {@code
 * detail.opportunity.identifier}; engagement invitation events carry the invitation's in {@code
 * detail.engagementInvitation.identifier}.
 */
public final class PartnerCentralEvent {

    /** The EventBridge {@code source} of every Partner Central Selling event. */
    public static final String SOURCE = "aws.partnercentral-selling";

    /** Detail-types Partner Central documents for the selling API. */
    public static final String OPPORTUNITY_CREATED = "Opportunity Created";

    public static final String OPPORTUNITY_UPDATED = "Opportunity Updated";
    public static final String INVITATION_CREATED = "Engagement Invitation Created";
    public static final String INVITATION_ACCEPTED = "Engagement Invitation Accepted";
    public static final String INVITATION_REJECTED = "Engagement Invitation Rejected";
    public static final String INVITATION_EXPIRED = "Engagement Invitation Expired";

    private final String id;
    private final String detailType;
    private final String account;
    private final String region;
    private final Instant time;
    private final List<String> resources;
    private final String catalog;
    private final String entityKey;
    private final String identifier;
    private final ObjectNode detail;

    private PartnerCentralEvent(
            String id,
            String detailType,
            String account,
            String region,
            Instant time,
            List<String> resources,
            String catalog,
            String entityKey,
            String identifier,
            ObjectNode detail) {
        this.id = id;
        this.detailType = detailType;
        this.account = account;
        this.region = region;
        this.time = time;
        this.resources = Collections.unmodifiableList(new ArrayList<>(resources));
        this.catalog = catalog;
        this.entityKey = entityKey;
        this.identifier = identifier;
        this.detail = detail.deepCopy();
    }

    /**
     * Builds the event Partner Central would publish for a change of one record.
     *
     * @param entityKey {@code opportunity} or {@code engagementInvitation}
     */
    public static PartnerCentralEvent of(
            String id,
            String detailType,
            String account,
            String region,
            Instant time,
            String catalog,
            String entityKey,
            String identifier,
            String arn) {
        ObjectNode detail = MAPPER.createObjectNode();
        detail.put("schemaVersion", "1");
        detail.put("catalog", catalog);
        ObjectNode subject = detail.putObject(entityKey);
        subject.put("identifier", identifier);
        List<String> resources = arn == null ? List.of() : List.of(arn);
        return new PartnerCentralEvent(
                id,
                detailType,
                account,
                region,
                time,
                resources,
                catalog,
                entityKey,
                identifier,
                detail);
    }

    /**
     * Reads an event as EventBridge delivers it (for example from a Kinesis record).
     *
     * @throws IllegalArgumentException saying what is wrong: not JSON, another source, no
     *     detail-type, no catalog, or no record identifier
     */
    public static PartnerCentralEvent parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("event is not a JSON object");
        }
        String source = text(root, "source");
        if (!SOURCE.equals(source)) {
            throw new IllegalArgumentException(
                    "event source is '" + source + "', expected '" + SOURCE + "'");
        }
        String detailType = text(root, "detail-type");
        if (detailType == null || detailType.isEmpty()) {
            throw new IllegalArgumentException("event has no detail-type");
        }
        JsonNode detail = root.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new IllegalArgumentException("event '" + detailType + "' has no detail object");
        }
        String catalog = text(detail, "catalog");
        if (catalog == null || catalog.isEmpty()) {
            throw new IllegalArgumentException("event '" + detailType + "' has no detail.catalog");
        }
        String entityKey = null;
        String identifier = null;
        for (String key : new String[] {"opportunity", "engagementInvitation"}) {
            JsonNode subject = detail.get(key);
            if (subject != null && subject.isObject()) {
                entityKey = key;
                identifier = text(subject, "identifier");
                if (identifier == null) {
                    identifier = text(subject, "id");
                }
                break;
            }
        }
        Instant time = null;
        String t = text(root, "time");
        if (t != null) {
            try {
                time = Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("event time '" + t + "' is not ISO-8601");
            }
        }
        List<String> resources = new ArrayList<>();
        JsonNode r = root.get("resources");
        if (r != null && r.isArray()) {
            r.forEach(n -> resources.add(n.asText()));
        }
        return new PartnerCentralEvent(
                text(root, "id"),
                detailType,
                text(root, "account"),
                text(root, "region"),
                time,
                resources,
                catalog,
                entityKey,
                identifier,
                (ObjectNode) detail);
    }

    /** The event as EventBridge delivers it. */
    public ObjectNode toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", "0");
        root.put("id", id);
        root.put("detail-type", detailType);
        root.put("source", SOURCE);
        root.put("account", account);
        root.put("time", time == null ? null : time.toString());
        root.put("region", region);
        resources.forEach(root.putArray("resources")::add);
        root.set("detail", detail.deepCopy());
        return root;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    public String id() {
        return id;
    }

    public String detailType() {
        return detailType;
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    /** When EventBridge received the event; may be null on hand-made events. */
    public Instant time() {
        return time;
    }

    public List<String> resources() {
        return resources;
    }

    public String catalog() {
        return catalog;
    }

    /** {@code opportunity}, {@code engagementInvitation}, or null for other events. */
    public String entityKey() {
        return entityKey;
    }

    /** The changed record's identifier, or null when the event names none. */
    public String identifier() {
        return identifier;
    }

    public ObjectNode detail() {
        return detail.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PartnerCentralEvent)) {
            return false;
        }
        PartnerCentralEvent other = (PartnerCentralEvent) o;
        return toJson().equals(other.toJson());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, detailType, identifier);
    }

    @Override
    public String toString() {
        return detailType + " " + catalog + "/" + identifier + " (" + id + ")";
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
}
