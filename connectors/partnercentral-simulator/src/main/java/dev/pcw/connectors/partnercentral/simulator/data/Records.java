package dev.pcw.connectors.partnercentral.simulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a record's full form (its Get response) into a {@link StoredRecord}: the List item is a
 * projection of it, so the two can never disagree, and the filter attributes are read from it.
 */
public final class Records {
    private Records() {}

    /** An opportunity from its GetOpportunity body. */
    public static StoredRecord opportunity(ObjectNode detail, long version) {
        ObjectNode summary = Json.object();
        copy(detail, summary, "Catalog", "Id", "Arn", "PartnerOpportunityIdentifier");
        copy(detail, summary, "OpportunityType", "LastModifiedDate", "CreatedDate");
        JsonNode lifeCycle = detail.path("LifeCycle");
        if (lifeCycle.isObject()) {
            ObjectNode lc = summary.putObject("LifeCycle");
            copy(lifeCycle, lc, "Stage", "ClosedLostReason", "NextSteps", "TargetCloseDate");
            copy(lifeCycle, lc, "ReviewStatus", "ReviewComments", "ReviewStatusReason");
        }
        JsonNode account = detail.path("Customer").path("Account");
        if (account.isObject()) {
            ObjectNode acc = summary.putObject("Customer").putObject("Account");
            copy(account, acc, "Industry", "OtherIndustry", "CompanyName", "WebsiteUrl");
            JsonNode address = account.path("Address");
            if (address.isObject()) {
                copy(address, acc.putObject("Address"), "City", "PostalCode", "StateOrRegion");
                copy(address, (ObjectNode) acc.get("Address"), "CountryCode");
            }
        }
        JsonNode project = detail.path("Project");
        if (project.isObject()) {
            ObjectNode p = summary.putObject("Project");
            copy(project, p, "DeliveryModels", "ExpectedCustomerSpend");
        }
        Map<String, String> attrs = new HashMap<>();
        attrs.put("LastModifiedDate", detail.path("LastModifiedDate").asText());
        attrs.put("CustomerCompanyName", account.path("CompanyName").asText(""));
        attrs.put("Stage", lifeCycle.path("Stage").asText(null));
        attrs.put("ReviewStatus", lifeCycle.path("ReviewStatus").asText(null));
        attrs.put("Arn", detail.path("Arn").asText(null));
        return new StoredRecord(
                detail.path("Id").asText(),
                version,
                millis(detail.path("LastModifiedDate").asText()),
                attrs,
                Json.bytes(detail),
                Json.bytes(summary),
                null);
    }

    /** A solution: ListSolutions is the only read, so detail and summary are the same. */
    public static StoredRecord solution(ObjectNode item, long version) {
        Map<String, String> attrs = new HashMap<>();
        for (String k : new String[] {"Name", "Status", "Category", "CreatedDate"}) {
            attrs.put(k, item.path(k).asText(null));
        }
        byte[] bytes = Json.bytes(item);
        return new StoredRecord(
                item.path("Id").asText(),
                version,
                millis(item.path("CreatedDate").asText()),
                attrs,
                bytes,
                bytes,
                null);
    }

    /**
     * An engagement invitation from its GetEngagementInvitation body; the summary adds the
     * participant type, which the Get response does not carry.
     */
    public static StoredRecord invitation(ObjectNode detail, String participantType, long version) {
        ObjectNode summary = Json.object();
        copy(detail, summary, "Arn", "PayloadType", "Id", "EngagementId", "EngagementTitle");
        copy(detail, summary, "Status", "InvitationDate", "ExpirationDate");
        copy(detail, summary, "SenderAwsAccountId", "SenderCompanyName", "Receiver", "Catalog");
        summary.put("ParticipantType", participantType);
        Map<String, String> attrs = new HashMap<>();
        attrs.put("InvitationDate", detail.path("InvitationDate").asText());
        attrs.put("ParticipantType", participantType);
        attrs.put("PayloadType", detail.path("PayloadType").asText(null));
        attrs.put("Status", detail.path("Status").asText(null));
        attrs.put("EngagementId", detail.path("EngagementId").asText(null));
        attrs.put("SenderAwsAccountId", detail.path("SenderAwsAccountId").asText(null));
        attrs.put("Arn", detail.path("Arn").asText(null));
        return new StoredRecord(
                detail.path("Id").asText(),
                version,
                millis(detail.path("InvitationDate").asText()),
                attrs,
                Json.bytes(detail),
                Json.bytes(summary),
                null);
    }

    /** An engagement from its GetEngagement body and its members (ListEngagementMembers). */
    public static StoredRecord engagement(ObjectNode detail, ArrayNode members, long version) {
        ObjectNode summary = Json.object();
        copy(detail, summary, "Arn", "Id", "Title", "CreatedAt", "CreatedBy", "MemberCount");
        copy(detail, summary, "ModifiedAt", "ModifiedBy");
        ArrayNode types = summary.putArray("ContextTypes");
        StringBuilder joined = new StringBuilder();
        for (JsonNode ctx : detail.path("Contexts")) {
            String type = ctx.path("Type").asText();
            types.add(type);
            joined.append(joined.length() == 0 ? "" : ",").append(type);
        }
        Map<String, String> attrs = new HashMap<>();
        attrs.put("CreatedDate", detail.path("CreatedAt").asText());
        attrs.put("CreatedBy", detail.path("CreatedBy").asText(null));
        attrs.put("ContextTypes", joined.toString());
        return new StoredRecord(
                detail.path("Id").asText(),
                version,
                millis(detail.path("ModifiedAt").asText(detail.path("CreatedAt").asText())),
                attrs,
                Json.bytes(detail),
                Json.bytes(summary),
                Json.bytes(members));
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String f : fields) {
            JsonNode v = from.get(f);
            if (v != null && !v.isNull()) {
                to.set(f, v.deepCopy());
            }
        }
    }

    private static long millis(String iso) {
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (RuntimeException e) {
            return 0L;
        }
    }
}
