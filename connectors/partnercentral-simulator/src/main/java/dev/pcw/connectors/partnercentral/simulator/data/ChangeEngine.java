package dev.pcw.connectors.partnercentral.simulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.partnercentral.PartnerCentralEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Changes one catalog's records the way partners and AWS do: stages progress, reviews are decided,
 * spend is re-estimated, new opportunities and invitations arrive. Every change of an opportunity
 * advances its LastModifiedDate to the simulator's clock (never backwards) and yields the
 * EventBridge event Partner Central would publish.
 */
public final class ChangeEngine {
    /** Opportunity change kinds the admin API accepts. */
    public static final List<String> OPPORTUNITY_KINDS =
            List.of("stage", "review", "spend", "next_steps", "close_date");

    private final Dataset dataset;
    private final LongSupplier clock;
    private final String region;
    private long lastIssued;

    public ChangeEngine(Dataset dataset, LongSupplier clockMillis, String region) {
        this.dataset = dataset;
        this.clock = clockMillis;
        this.region = region;
        for (StoredRecord r : dataset.opportunities().all()) {
            lastIssued = Math.max(lastIssued, r.modifiedMillis());
        }
    }

    /** Applies {@code n} random changes, weighted as real accounts see them. */
    public synchronized List<Change> randomChanges(int n) {
        // Published together: a page in flight sees all of them or none.
        return dataset.inBatch(() -> randomChangesLocked(n));
    }

    private List<Change> randomChangesLocked(int n) {
        SplittableRandom rnd = dataset.generator().random();
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int x = rnd.nextInt(100);
            Change c;
            if (x < 8) {
                c = createOpportunityLocked();
            } else if (x < 80) {
                List<String> ids = dataset.opportunities().ids();
                c = changeOpportunityLocked(ids.get(rnd.nextInt(ids.size())), null);
            } else if (x < 92) {
                c = invitationChangeLocked();
            } else if (x < 97 && dataset.engagements().size() > 0) {
                c = engagementChangeLocked();
            } else if (dataset.solutions().size() > 0) {
                c = solutionChangeLocked();
            } else {
                c = createOpportunityLocked();
            }
            out.add(c);
        }
        return out;
    }

    /**
     * Changes one opportunity.
     *
     * @param kind one of {@link #OPPORTUNITY_KINDS}, or null for a random fitting one
     * @return null when no such opportunity exists
     */
    public synchronized Change changeOpportunity(String id, String kind) {
        if (kind != null && !OPPORTUNITY_KINDS.contains(kind)) {
            throw new IllegalArgumentException(
                    "unknown change kind '" + kind + "': use one of " + OPPORTUNITY_KINDS);
        }
        return dataset.opportunities().get(id) == null ? null : changeOpportunityLocked(id, kind);
    }

    public synchronized Change createOpportunity() {
        return createOpportunityLocked();
    }

    // ---------------------------------------------------------------- writes of callers

    /** The members of an opportunity that CreateOpportunity and UpdateOpportunity set. */
    private static final java.util.List<String> WRITABLE =
            java.util.List.of(
                    "PrimaryNeedsFromAws",
                    "NationalSecurity",
                    "PartnerOpportunityIdentifier",
                    "Customer",
                    "Project",
                    "OpportunityType",
                    "Marketing",
                    "SoftwareRevenue",
                    "LifeCycle",
                    "Origin",
                    "OpportunityTeam");

    /**
     * Creates an opportunity from a CreateOpportunity request (already validated): its members,
     * with the review status {@code Pending Submission} and stage {@code Prospect} unless given.
     */
    public synchronized Change createFromRequest(JsonNode request) {
        long now = nextModified();
        String[] idArn = dataset.generator().newOpportunityId();
        ObjectNode o = Json.object();
        o.put("Catalog", dataset.catalog());
        o.put("Id", idArn[0]);
        o.put("Arn", idArn[1]);
        o.put("CreatedDate", Json.dateTime(now));
        o.put("LastModifiedDate", Json.dateTime(now));
        copyWritable(request, o);
        ObjectNode lc = o.with("LifeCycle");
        lc.put("ReviewStatus", "Pending Submission");
        if (!lc.has("Stage")) {
            lc.put("Stage", "Prospect");
        }
        ObjectNode related = o.putObject("RelatedEntityIdentifiers");
        related.putArray("Solutions");
        related.putArray("AwsProducts");
        related.putArray("AwsMarketplaceOffers");
        return added(o, now);
    }

    /**
     * Replaces an opportunity's writable members with those of an UpdateOpportunity request:
     * members it leaves out become absent, as in Partner Central. The caller has checked the
     * LastModifiedDate and the review lock.
     */
    public synchronized Change updateFromRequest(String id, JsonNode request) {
        StoredRecord current = dataset.opportunities().get(id);
        ObjectNode before = Json.parseObject(current.detail());
        ObjectNode o = Json.object();
        for (String keep : List.of("Catalog", "Id", "Arn", "CreatedDate")) {
            o.set(keep, before.get(keep));
        }
        copyWritable(request, o);
        // AWS owns the review: a caller's LifeCycle cannot change it.
        ObjectNode lc = o.with("LifeCycle");
        JsonNode lcBefore = before.path("LifeCycle");
        for (String aws : List.of("ReviewStatus", "ReviewComments", "ReviewStatusReason")) {
            lc.remove(aws);
            if (lcBefore.has(aws)) {
                lc.set(aws, lcBefore.get(aws));
            }
        }
        if (before.has("RelatedEntityIdentifiers")) {
            o.set("RelatedEntityIdentifiers", before.get("RelatedEntityIdentifiers"));
        }
        return replace(current, o, "updated");
    }

    /** Sends an opportunity to AWS review. */
    public synchronized Change submit(String id, String involvementType, String visibility) {
        StoredRecord current = dataset.opportunities().get(id);
        ObjectNode o = Json.parseObject(current.detail());
        o.with("LifeCycle").put("ReviewStatus", "Submitted");
        o.put("InvolvementType", involvementType);
        if (visibility != null) {
            o.put("Visibility", visibility);
        }
        return replace(current, o, "review");
    }

    /** Adds a related entity to an opportunity; unchanged when it is there already. */
    public synchronized Change associate(String id, String type, String identifier) {
        StoredRecord current = dataset.opportunities().get(id);
        ObjectNode o = Json.parseObject(current.detail());
        ArrayNode list = o.with("RelatedEntityIdentifiers").withArray(type);
        for (JsonNode e : list) {
            if (e.asText().equals(identifier)) {
                return null;
            }
        }
        list.add(identifier);
        return replace(current, o, "associated");
    }

    /** Sets an opportunity's review status as AWS's reviewers would (tests, the admin API). */
    public synchronized Change review(String id, String status) {
        StoredRecord current = dataset.opportunities().get(id);
        ObjectNode o = Json.parseObject(current.detail());
        o.with("LifeCycle").put("ReviewStatus", status);
        return replace(current, o, "review");
    }

    private Change replace(StoredRecord current, ObjectNode o, String kind) {
        long now = nextModified();
        o.put("LastModifiedDate", Json.dateTime(now));
        StoredRecord r = Records.opportunity(o, current.version() + 1);
        dataset.opportunities().putAll(List.of(r));
        return new Change(
                dataset.catalog(),
                PartnerCentralEntity.OPPORTUNITIES,
                r.id(),
                kind,
                r,
                event(PartnerCentralEvent.OPPORTUNITY_UPDATED, "opportunity", r, now));
    }

    private static void copyWritable(JsonNode from, ObjectNode to) {
        for (String m : WRITABLE) {
            JsonNode v = from.get(m);
            if (v != null && !v.isNull()) {
                to.set(m, v.deepCopy());
            }
        }
    }

    private long nextModified() {
        lastIssued = Math.max(clock.getAsLong(), lastIssued + 1);
        return lastIssued;
    }

    private Change createOpportunityLocked() {
        long now = nextModified();
        return added(dataset.generator().opportunity(now, now), now);
    }

    /** Stores a new opportunity and says so, with its "Opportunity Created" event. */
    private Change added(ObjectNode detail, long now) {
        StoredRecord r = Records.opportunity(detail, 1);
        dataset.opportunities().putAll(List.of(r));
        return new Change(
                dataset.catalog(),
                PartnerCentralEntity.OPPORTUNITIES,
                r.id(),
                "created",
                r,
                event(PartnerCentralEvent.OPPORTUNITY_CREATED, "opportunity", r, now));
    }

    private Change changeOpportunityLocked(String id, String requested) {
        SplittableRandom rnd = dataset.generator().random();
        StoredRecord current = dataset.opportunities().get(id);
        ObjectNode o = Json.parseObject(current.detail());
        ObjectNode lc = o.with("LifeCycle");
        String stage = lc.path("Stage").asText();
        String review = lc.path("ReviewStatus").asText();
        String kind = requested;
        if (kind == null) {
            kind = OPPORTUNITY_KINDS.get(rnd.nextInt(OPPORTUNITY_KINDS.size()));
        }
        if ("stage".equals(kind) && ("Launched".equals(stage) || "Closed Lost".equals(stage))) {
            kind = requested == null ? "next_steps" : kind;
        }
        long now = nextModified();
        switch (kind) {
            case "stage":
                if ("Launched".equals(stage) || "Closed Lost".equals(stage)) {
                    // A closed record reopened by the partner.
                    lc.put("Stage", "Qualified");
                    lc.remove("ClosedLostReason");
                } else if (rnd.nextInt(100) < 15) {
                    lc.put("Stage", "Closed Lost");
                    lc.put(
                            "ClosedLostReason",
                            dataset.generator().pick(Vocabulary.CLOSED_LOST_REASONS));
                } else {
                    lc.put("Stage", Vocabulary.STAGES.get(Vocabulary.STAGES.indexOf(stage) + 1));
                }
                break;
            case "review":
                lc.put("ReviewStatus", nextReview(review, rnd));
                if ("Action Required".equals(lc.path("ReviewStatus").asText())) {
                    lc.put(
                            "ReviewComments",
                            "Please describe the customer's use case in more detail.");
                    lc.put("ReviewStatusReason", "Missing or invalid information");
                }
                break;
            case "spend":
                ArrayNode spend = o.with("Project").withArray("ExpectedCustomerSpend");
                if (spend.isEmpty()) {
                    spend.add(dataset.generator().spendLine());
                } else {
                    ObjectNode line = (ObjectNode) spend.get(0);
                    double amount = Double.parseDouble(line.path("Amount").asText("1000"));
                    long next = Math.max(100, Math.round(amount * (0.5 + rnd.nextDouble())));
                    line.put("Amount", next + ".00");
                }
                break;
            case "close_date":
                String date = lc.path("TargetCloseDate").asText("2026-12-31");
                lc.put("TargetCloseDate", java.time.LocalDate.parse(date).plusDays(30).toString());
                break;
            default:
                kind = "next_steps";
                ArrayNode history = lc.withArray("NextStepsHistory");
                if (lc.has("NextSteps")) {
                    ObjectNode h = Json.object();
                    h.put("Value", lc.path("NextSteps").asText());
                    h.put("Time", Json.dateTime(now));
                    history.insert(0, h);
                    while (history.size() > 50) {
                        history.remove(history.size() - 1);
                    }
                }
                lc.put("NextSteps", dataset.generator().pick(Vocabulary.NEXT_STEPS));
        }
        o.put("LastModifiedDate", Json.dateTime(now));
        StoredRecord r = Records.opportunity(o, current.version() + 1);
        dataset.opportunities().putAll(List.of(r));
        return new Change(
                dataset.catalog(),
                PartnerCentralEntity.OPPORTUNITIES,
                id,
                kind,
                r,
                event(PartnerCentralEvent.OPPORTUNITY_UPDATED, "opportunity", r, now));
    }

    private static String nextReview(String review, SplittableRandom rnd) {
        switch (review) {
            case "Pending Submission":
            case "Action Required":
                return "Submitted";
            case "Submitted":
                return "In review";
            case "In review":
                int x = rnd.nextInt(100);
                return x < 80 ? "Approved" : x < 95 ? "Action Required" : "Rejected";
            default:
                // Approved and Rejected are final; the partner re-submits an edited copy.
                return "Submitted";
        }
    }

    private Change invitationChangeLocked() {
        SplittableRandom rnd = dataset.generator().random();
        List<String> pending = new ArrayList<>();
        for (StoredRecord r : dataset.invitations().all()) {
            if ("PENDING".equals(r.attr("Status"))) {
                pending.add(r.id());
            }
        }
        long now = nextModified();
        if (pending.isEmpty() || rnd.nextInt(3) == 0) {
            StoredRecord r = dataset.generator().invitation(now, "PENDING");
            dataset.invitations().putAll(List.of(r));
            return new Change(
                    dataset.catalog(),
                    PartnerCentralEntity.ENGAGEMENT_INVITATIONS,
                    r.id(),
                    "created",
                    r,
                    event(PartnerCentralEvent.INVITATION_CREATED, "engagementInvitation", r, now));
        }
        java.util.Collections.sort(pending);
        StoredRecord current = dataset.invitations().get(pending.get(rnd.nextInt(pending.size())));
        ObjectNode i = Json.parseObject(current.detail());
        int x = rnd.nextInt(100);
        String status = x < 70 ? "ACCEPTED" : x < 85 ? "REJECTED" : "EXPIRED";
        i.put("Status", status);
        if ("REJECTED".equals(status)) {
            i.put("RejectionReason", dataset.generator().pick(Vocabulary.REJECTION_REASONS));
        }
        StoredRecord r =
                Records.invitation(i, current.attr("ParticipantType"), current.version() + 1);
        dataset.invitations().putAll(List.of(r));
        String type =
                "ACCEPTED".equals(status)
                        ? PartnerCentralEvent.INVITATION_ACCEPTED
                        : "REJECTED".equals(status)
                                ? PartnerCentralEvent.INVITATION_REJECTED
                                : PartnerCentralEvent.INVITATION_EXPIRED;
        return new Change(
                dataset.catalog(),
                PartnerCentralEntity.ENGAGEMENT_INVITATIONS,
                r.id(),
                status.toLowerCase(Locale.ROOT),
                r,
                event(type, "engagementInvitation", r, now));
    }

    private Change engagementChangeLocked() {
        SplittableRandom rnd = dataset.generator().random();
        List<String> ids = dataset.engagements().ids();
        StoredRecord current = dataset.engagements().get(ids.get(rnd.nextInt(ids.size())));
        ObjectNode e = Json.parseObject(current.detail());
        ArrayNode members = (ArrayNode) Json.MAPPER.valueToTree(parseArray(current.extra()));
        long now = nextModified();
        if (members.size() < 10) {
            ObjectNode m = members.addObject();
            m.put("CompanyName", "Member " + (members.size()) + " of " + e.path("Title").asText());
            m.put("WebsiteUrl", "https://member" + members.size() + ".example.com");
            m.put("AccountId", String.valueOf(100000000000L + rnd.nextLong(899999999999L)));
        }
        e.put("MemberCount", members.size());
        e.put("ModifiedAt", Json.dateTime(now));
        StoredRecord r = Records.engagement(e, members, current.version() + 1);
        dataset.engagements().putAll(List.of(r));
        return new Change(
                dataset.catalog(),
                PartnerCentralEntity.ENGAGEMENTS,
                r.id(),
                "member_added",
                r,
                null);
    }

    private Change solutionChangeLocked() {
        SplittableRandom rnd = dataset.generator().random();
        List<String> ids = dataset.solutions().ids();
        StoredRecord current = dataset.solutions().get(ids.get(rnd.nextInt(ids.size())));
        ObjectNode s = Json.parseObject(current.detail());
        s.put("Status", "Active".equals(s.path("Status").asText()) ? "Inactive" : "Active");
        StoredRecord r = Records.solution(s, current.version() + 1);
        dataset.solutions().putAll(List.of(r));
        nextModified();
        return new Change(
                dataset.catalog(), PartnerCentralEntity.SOLUTIONS, r.id(), "status", r, null);
    }

    private static JsonNode parseArray(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private PartnerCentralEvent event(String detailType, String key, StoredRecord r, long now) {
        SplittableRandom rnd = dataset.generator().random();
        String id = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        return PartnerCentralEvent.of(
                id,
                detailType,
                dataset.generator().accountId(),
                region,
                java.time.Instant.ofEpochMilli(now),
                dataset.catalog(),
                key,
                r.id(),
                r.attr("Arn"));
    }
}
