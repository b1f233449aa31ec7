package dev.pcw.connectors.partnercentral.simulator.protocol;

import static dev.pcw.connectors.partnercentral.simulator.data.Vocabulary.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.data.ChangeEngine;
import dev.pcw.connectors.partnercentral.simulator.data.Dataset;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The write operations pcw's sidecar performs, over the simulator's datasets with the rules Partner
 * Central applies: {@code ClientToken} idempotency (the same token and body answer the first answer
 * again; the same token with another body is a {@code ConflictException}), UpdateOpportunity's
 * optimistic lock on {@code LastModifiedDate} and the review lock, the limits on associations, and
 * StartEngagementFromOpportunityTask as a task that moves from {@code IN_PROGRESS} to {@code
 * COMPLETE} (or {@code FAILED} without an associated solution). Every write that changes an
 * opportunity emits its Partner Central event.
 */
final class SellingWrites {
    private static final Pattern CATALOG = Pattern.compile("^[a-zA-Z]+$");
    private static final Pattern TOKEN = Pattern.compile("(?s).{1,255}");
    private static final Pattern OPPORTUNITY_ID = Pattern.compile("^O[0-9]{1,19}$");
    private static final Pattern RELATED_ID = Pattern.compile("(?s).{1,255}");
    private static final Pattern TASK_ID = Pattern.compile(".*task-[0-9a-z]{13}");

    /** The review states during which AWS refuses edits. */
    static final Set<String> UNDER_REVIEW = Set.of("Submitted", "In review");

    /** How many entities of each type one opportunity may be associated with. */
    static final Map<String, Integer> ASSOCIATION_LIMITS =
            Map.of(
                    "Solutions", 10,
                    "AwsProducts", 20,
                    "AwsMarketplaceOffers", 1,
                    "AwsMarketplaceOfferSets", 1);

    /** How long an engagement task stays IN_PROGRESS. */
    static final long TASK_MILLIS = 1_500;

    private final Map<String, Dataset> datasets;
    private final Function<String, ChangeEngine> engines;
    private final Consumer<Change> publish;
    private final LongSupplier clock;

    /** Per catalog, operation and token: the request's canonical text and the answer. */
    private final Map<String, String[]> tokens = new ConcurrentHashMap<>();

    /** Engagement tasks by id. */
    private final Map<String, ObjectNode> tasks = new ConcurrentHashMap<>();

    SellingWrites(
            Map<String, Dataset> datasets,
            Function<String, ChangeEngine> engines,
            Consumer<Change> publish,
            LongSupplier clock) {
        this.datasets = datasets;
        this.engines = engines;
        this.publish = publish;
        this.clock = clock;
    }

    static final Set<String> OPERATIONS =
            Set.of(
                    "CreateOpportunity",
                    "UpdateOpportunity",
                    "SubmitOpportunity",
                    "AssociateOpportunity",
                    "StartEngagementFromOpportunityTask",
                    "ListEngagementFromOpportunityTasks");

    byte[] handle(String operation, JsonNode body) {
        switch (operation) {
            case "CreateOpportunity":
                return idempotent(operation, body, () -> create(body));
            case "UpdateOpportunity":
                return update(body);
            case "SubmitOpportunity":
                return submit(body);
            case "AssociateOpportunity":
                return associate(body);
            case "StartEngagementFromOpportunityTask":
                return idempotent(operation, body, () -> startEngagement(body));
            case "ListEngagementFromOpportunityTasks":
                return listTasks(body);
            default:
                throw ApiException.unknownOperation("Operation " + operation + " is not a write");
        }
    }

    /**
     * Answers a repeated token with the first answer when the request is the same, refuses it when
     * it differs. The check and the write are one step per token.
     */
    private byte[] idempotent(
            String operation, JsonNode body, java.util.function.Supplier<byte[]> write) {
        RequestReader r = new RequestReader(body);
        String catalog = r.requiredString("Catalog", CATALOG);
        String token = r.requiredString("ClientToken", TOKEN);
        r.throwIfInvalid();
        String key = catalog + "|" + operation + "|" + token;
        String canonical = canonical(body);
        synchronized (tokens) {
            String[] seen = tokens.get(key);
            if (seen != null) {
                if (!seen[0].equals(canonical)) {
                    throw ApiException.conflict(
                            "Conflicting client token submitted for a new request body.");
                }
                return seen[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            byte[] answer = write.get();
            tokens.put(
                    key,
                    new String[] {
                        canonical, new String(answer, java.nio.charset.StandardCharsets.UTF_8)
                    });
            return answer;
        }
    }

    private static String canonical(JsonNode body) {
        try {
            return Json.MAPPER
                    .copy()
                    .configure(
                            com.fasterxml.jackson.databind.SerializationFeature
                                    .ORDER_MAP_ENTRIES_BY_KEYS,
                            true)
                    .writeValueAsString(Json.MAPPER.convertValue(body, Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- opportunities

    private byte[] create(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        checkOpportunityMembers(r, body);
        r.throwIfInvalid();
        Change c = engines.apply(d.catalog()).createFromRequest(body);
        publish.accept(c);
        ObjectNode out = Json.object();
        out.put("Id", c.id());
        JsonNode detail = Json.parseObject(c.record().detail());
        if (detail.has("PartnerOpportunityIdentifier")) {
            out.set("PartnerOpportunityIdentifier", detail.get("PartnerOpportunityIdentifier"));
        }
        out.put("LastModifiedDate", detail.path("LastModifiedDate").asText());
        return Json.bytes(out);
    }

    private byte[] update(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        String id = r.requiredString("Identifier", OPPORTUNITY_ID);
        Instant lastModified = r.optionalDateTime("LastModifiedDate");
        if (!r.has("LastModifiedDate")) {
            r.requiredString("LastModifiedDate", null);
        }
        checkOpportunityMembers(r, body);
        r.throwIfInvalid();
        StoredRecord current = find(d, id);
        if (lastModified == null || lastModified.toEpochMilli() != current.modifiedMillis()) {
            throw ApiException.conflict(
                    "The opportunity was modified since the LastModifiedDate given ("
                            + (lastModified == null ? "none" : lastModified)
                            + "); read it again and retry with its current LastModifiedDate");
        }
        String review = current.attr("ReviewStatus");
        if (review != null && UNDER_REVIEW.contains(review)) {
            throw ApiException.conflict(
                    "Opportunity "
                            + id
                            + " is under AWS review ("
                            + review
                            + ") and cannot be updated until the review ends");
        }
        Change c = engines.apply(d.catalog()).updateFromRequest(id, body);
        publish.accept(c);
        ObjectNode out = Json.object();
        out.put("Id", id);
        out.put("LastModifiedDate", Json.dateTime(c.record().modifiedMillis()));
        return Json.bytes(out);
    }

    private byte[] submit(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        String id = r.requiredString("Identifier", OPPORTUNITY_ID);
        String involvement = r.requiredEnum("InvolvementType", set(INVOLVEMENT_TYPES));
        String visibility = r.optionalEnum("Visibility", set(VISIBILITIES));
        r.throwIfInvalid();
        StoredRecord current = find(d, id);
        String review = current.attr("ReviewStatus");
        if (!"Pending Submission".equals(review) && !"Action Required".equals(review)) {
            throw ApiException.conflict(
                    "Opportunity "
                            + id
                            + " cannot be submitted: its review status is "
                            + review
                            + " (only Pending Submission and Action Required can be)");
        }
        Change c = engines.apply(d.catalog()).submit(id, involvement, visibility);
        publish.accept(c);
        return Json.bytes(Json.object());
    }

    private byte[] associate(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        String id = r.requiredString("OpportunityIdentifier", OPPORTUNITY_ID);
        String type = r.requiredEnum("RelatedEntityType", ASSOCIATION_LIMITS.keySet());
        String related = r.requiredString("RelatedEntityIdentifier", RELATED_ID);
        r.throwIfInvalid();
        StoredRecord current = find(d, id);
        JsonNode list =
                Json.parseObject(current.detail()).path("RelatedEntityIdentifiers").path(type);
        boolean already = false;
        for (JsonNode e : list) {
            already |= e.asText().equals(related);
        }
        if (!already && list.size() >= ASSOCIATION_LIMITS.get(type)) {
            throw ApiException.serviceQuotaExceeded(
                    "Opportunity "
                            + id
                            + " has "
                            + list.size()
                            + " "
                            + type
                            + " associated already, the most it may have");
        }
        if (type.equals("Solutions")
                && d.solutions().get(related) == null
                && !related.equals("Other")) {
            throw ApiException.notFound("Solution " + related + " does not exist");
        }
        Change c = engines.apply(d.catalog()).associate(id, type, related);
        if (c != null) {
            publish.accept(c);
        }
        return Json.bytes(Json.object());
    }

    // ---------------------------------------------------------------- engagement tasks

    private byte[] startEngagement(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        String id = r.requiredString("Identifier", OPPORTUNITY_ID);
        r.requiredEnum("AwsSubmission.InvolvementType", set(INVOLVEMENT_TYPES));
        r.optionalEnum("AwsSubmission.Visibility", set(VISIBILITIES));
        r.throwIfInvalid();
        StoredRecord current = find(d, id);
        long now = clock.getAsLong();
        String taskId = "task-" + randomId(13);
        ObjectNode task = Json.object();
        task.put("TaskId", taskId);
        task.put(
                "TaskArn",
                current.attr("Arn")
                        .replace(
                                "/opportunity/" + id,
                                "/engagement-from-opportunity-task/" + taskId));
        task.put("StartTime", Json.dateTime(now));
        task.put("TaskStatus", "IN_PROGRESS");
        task.put("OpportunityId", id);
        task.put("Catalog", d.catalog());
        JsonNode solutions =
                Json.parseObject(current.detail())
                        .path("RelatedEntityIdentifiers")
                        .path("Solutions");
        task.put("pcw.fails", solutions.size() == 0);
        task.put("pcw.startMillis", now);
        tasks.put(taskId, task);
        return Json.bytes(view(task));
    }

    private byte[] listTasks(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        List<String> ids = r.optionalStringList("TaskIdentifier", 1, 10, null, TASK_ID);
        List<String> opps =
                r.optionalStringList("OpportunityIdentifier", 1, 10, null, OPPORTUNITY_ID);
        r.throwIfInvalid();
        ObjectNode out = Json.object();
        ArrayNode summaries = out.putArray("TaskSummaries");
        for (ObjectNode t : tasks.values()) {
            if (!t.path("Catalog").asText().equals(d.catalog())) {
                continue;
            }
            if (!ids.isEmpty() && !ids.contains(t.path("TaskId").asText())) {
                continue;
            }
            if (!opps.isEmpty() && !opps.contains(t.path("OpportunityId").asText())) {
                continue;
            }
            summaries.add(view(t));
        }
        return Json.bytes(out);
    }

    /** A task as the API shows it, its status moved on with time. */
    private ObjectNode view(ObjectNode t) {
        synchronized (t) {
            if (t.path("TaskStatus").asText().equals("IN_PROGRESS")
                    && clock.getAsLong() - t.path("pcw.startMillis").asLong() >= TASK_MILLIS) {
                if (t.path("pcw.fails").asBoolean()) {
                    t.put("TaskStatus", "FAILED");
                    t.put("ReasonCode", "OpportunityValidationFailed");
                    t.put(
                            "Message",
                            "An engagement needs at least one solution associated with the"
                                    + " opportunity");
                } else {
                    t.put("TaskStatus", "COMPLETE");
                    t.put("EngagementId", "eng-" + randomId(14));
                    t.put("EngagementInvitationId", "engi-" + randomId(13));
                    t.put("ResourceSnapshotJobId", "job-" + randomId(13));
                }
            }
            ObjectNode v = t.deepCopy();
            v.remove("pcw.fails");
            v.remove("pcw.startMillis");
            v.remove("Catalog");
            return v;
        }
    }

    // ---------------------------------------------------------------- checks

    /** The rules CreateOpportunity and UpdateOpportunity share for the opportunity's members. */
    private static void checkOpportunityMembers(RequestReader r, JsonNode body) {
        r.optionalEnum("OpportunityType", set(OPPORTUNITY_TYPES));
        r.optionalEnum("Origin", set(ORIGINS));
        r.optionalEnum("LifeCycle.Stage", set(STAGES));
        r.optionalEnum("Customer.Account.Industry", set(INDUSTRIES));
        if (r.has("Customer.Account")) {
            r.requiredString("Customer.Account.CompanyName", null);
        }
        JsonNode spend = body.path("Project").path("ExpectedCustomerSpend");
        for (int i = 0; i < spend.size(); i++) {
            RequestReader line = new RequestReader(spend.get(i));
            String at = "Project.ExpectedCustomerSpend[" + i + "].";
            if (line.optionalString("CurrencyCode", null) == null) {
                r.requiredString("Project.ExpectedCustomerSpend." + i + ".CurrencyCode", null);
            }
            String frequency = spend.get(i).path("Frequency").asText(null);
            if (frequency == null || !frequency.equals("Monthly")) {
                r.fieldError(
                        at + "Frequency",
                        frequency == null ? "REQUIRED_FIELD_MISSING" : "INVALID_ENUM_VALUE",
                        "Value at '"
                                + at
                                + "Frequency' failed to satisfy constraint: Member must satisfy"
                                + " enum value set: [Monthly]");
            }
            if (!spend.get(i).hasNonNull("TargetCompany")) {
                r.fieldError(
                        at + "TargetCompany",
                        "REQUIRED_FIELD_MISSING",
                        "Value at '" + at + "TargetCompany' must not be null");
            }
        }
    }

    /** {@code n} random characters of [0-9a-z]. */
    private static String randomId(int n) {
        java.util.concurrent.ThreadLocalRandom rnd =
                java.util.concurrent.ThreadLocalRandom.current();
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(Character.forDigit(rnd.nextInt(36), 36));
        }
        return b.toString();
    }

    private Dataset dataset(RequestReader r) {
        String catalog = r.requiredString("Catalog", CATALOG);
        r.throwIfInvalid();
        Dataset d = datasets.get(catalog);
        if (d == null) {
            throw ApiException.validation(
                    "Catalog",
                    "INVALID_ENUM_VALUE",
                    "Value '"
                            + catalog
                            + "' at 'Catalog' failed to satisfy constraint: AWS or Sandbox");
        }
        return d;
    }

    private static StoredRecord find(Dataset d, String id) {
        StoredRecord rec = d.opportunities().get(id);
        if (rec == null) {
            throw ApiException.notFound(
                    "Opportunity " + id + " not found in catalog " + d.catalog());
        }
        return rec;
    }

    private static Set<String> set(List<String> values) {
        return Set.copyOf(values);
    }
}
