package dev.pcw.connectors.partnercentral.simulator.protocol;

import static dev.pcw.connectors.partnercentral.simulator.data.Vocabulary.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.MalformedKind;
import dev.pcw.connectors.partnercentral.simulator.data.DataGenerator;
import dev.pcw.connectors.partnercentral.simulator.data.Dataset;
import dev.pcw.connectors.partnercentral.simulator.data.EntityStore;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The read operations of the Partner Central Selling API over the simulator's datasets, with the
 * model's validation rules, and the writes pcw's sidecar makes ({@link SellingWrites}). Each
 * operation takes the parsed request body and returns the response body.
 */
public final class SellingApi {
    /** Operations this simulator serves. */
    public static final Set<String> IMPLEMENTED =
            Set.of(
                    "ListOpportunities",
                    "GetOpportunity",
                    "GetAwsOpportunitySummary",
                    "ListSolutions",
                    "ListEngagementInvitations",
                    "GetEngagementInvitation",
                    "ListEngagements",
                    "GetEngagement",
                    "ListEngagementMembers",
                    "CreateOpportunity",
                    "UpdateOpportunity",
                    "SubmitOpportunity",
                    "AssociateOpportunity",
                    "StartEngagementFromOpportunityTask",
                    "ListEngagementFromOpportunityTasks");

    /** The writes among them (see {@link SellingWrites}). */
    public static final Set<String> WRITES = SellingWrites.OPERATIONS;

    /** The reads among them. */
    public static final Set<String> READS;

    static {
        Set<String> reads = new java.util.TreeSet<>(IMPLEMENTED);
        reads.removeAll(SellingWrites.OPERATIONS);
        READS = java.util.Collections.unmodifiableSet(reads);
    }

    /**
     * Every operation of the API, so that the rest answer "not implemented" rather than "unknown".
     */
    public static final Set<String> KNOWN =
            Set.of(
                    "AcceptEngagementInvitation",
                    "AssignOpportunity",
                    "AssociateOpportunity",
                    "CreateEngagement",
                    "CreateEngagementContext",
                    "CreateEngagementInvitation",
                    "CreateOpportunity",
                    "CreateResourceSnapshot",
                    "CreateResourceSnapshotJob",
                    "DeleteResourceSnapshotJob",
                    "DisassociateOpportunity",
                    "GetAwsOpportunitySummary",
                    "GetEngagement",
                    "GetEngagementInvitation",
                    "GetOpportunity",
                    "GetResourceSnapshot",
                    "GetResourceSnapshotJob",
                    "GetSellingSystemSettings",
                    "ListEngagementByAcceptingInvitationTasks",
                    "ListEngagementFromOpportunityTasks",
                    "ListEngagementInvitations",
                    "ListEngagementMembers",
                    "ListEngagementResourceAssociations",
                    "ListEngagements",
                    "ListOpportunities",
                    "ListResourceSnapshotJobs",
                    "ListResourceSnapshots",
                    "ListSolutions",
                    "ListTagsForResource",
                    "PutSellingSystemSettings",
                    "RejectEngagementInvitation",
                    "StartEngagementByAcceptingInvitationTask",
                    "StartEngagementFromOpportunityTask",
                    "StartResourceSnapshotJob",
                    "StopResourceSnapshotJob",
                    "SubmitOpportunity",
                    "TagResource",
                    "UntagResource",
                    "UpdateEngagementContext",
                    "UpdateOpportunity",
                    "ListOpportunityFromEngagementTasks",
                    "StartOpportunityFromEngagementTask");

    private static final Pattern CATALOG = Pattern.compile("^[a-zA-Z]+$");
    private static final Pattern OPPORTUNITY_ID = Pattern.compile("^O[0-9]{1,19}$");
    private static final Pattern SOLUTION_ID = Pattern.compile("^S-[0-9]{1,19}$");
    private static final Pattern ENGAGEMENT_REF = Pattern.compile("^(arn:.*|eng-[0-9a-z]{14})$");
    private static final Pattern ENGAGEMENT_ID = Pattern.compile("^eng-[0-9a-z]{14}$");
    private static final Pattern INVITATION_REF = Pattern.compile("^(arn:.*|engi-[0-9a-z]{13})$");
    private static final Pattern ACCOUNT = Pattern.compile("^([0-9]{12}|\\w{1,12})$");
    private static final Set<String> ORDERS = Set.of("ASCENDING", "DESCENDING");

    private final Map<String, Dataset> datasets;
    private final Supplier<FaultSettings> faults;
    private final Malformer malformer;
    private final Map<String, Function<JsonNode, byte[]>> operations;

    private final SellingWrites writes;

    /**
     * @param engines the change engine of each catalog, which carries out writes
     * @param publish where the Partner Central events of writes go
     */
    public SellingApi(
            Map<String, Dataset> datasets,
            Supplier<FaultSettings> faults,
            Malformer malformer,
            Function<String, dev.pcw.connectors.partnercentral.simulator.data.ChangeEngine> engines,
            java.util.function.Consumer<dev.pcw.connectors.partnercentral.simulator.data.Change>
                    publish) {
        this.datasets = datasets;
        this.faults = faults;
        this.malformer = malformer;
        this.writes = new SellingWrites(datasets, engines, publish, System::currentTimeMillis);
        this.operations =
                Map.of(
                        "ListOpportunities", this::listOpportunities,
                        "GetOpportunity", this::getOpportunity,
                        "GetAwsOpportunitySummary", this::getAwsOpportunitySummary,
                        "ListSolutions", this::listSolutions,
                        "ListEngagementInvitations", this::listInvitations,
                        "GetEngagementInvitation", this::getInvitation,
                        "ListEngagements", this::listEngagements,
                        "GetEngagement", this::getEngagement,
                        "ListEngagementMembers", this::listMembers);
    }

    /** Answers one implemented operation; throws {@link ApiException} for modeled errors. */
    public byte[] handle(String operation, JsonNode body) {
        if (SellingWrites.OPERATIONS.contains(operation)) {
            return writes.handle(operation, body);
        }
        Function<JsonNode, byte[]> op = operations.get(operation);
        if (op == null) {
            throw ApiException.unknownOperation("Operation " + operation + " is not implemented");
        }
        return op.apply(body);
    }

    // ---------------------------------------------------------------- opportunities

    private byte[] listOpportunities(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        int max = r.optionalInt("MaxResults", 1, 100, 20);
        String token = r.optionalString("NextToken", null);
        String[] sort =
                sort(
                        r,
                        Set.of("LastModifiedDate", "Identifier", "CustomerCompanyName"),
                        "LastModifiedDate",
                        "DESCENDING");
        Instant after = r.optionalDateTime("LastModifiedDate.AfterLastModifiedDate");
        Instant before = r.optionalDateTime("LastModifiedDate.BeforeLastModifiedDate");
        Set<String> ids =
                new HashSet<>(r.optionalStringList("Identifier", 0, 20, null, OPPORTUNITY_ID));
        Set<String> stages =
                new HashSet<>(r.optionalStringList("LifeCycleStage", 0, 10, set(STAGES), null));
        Set<String> reviews =
                new HashSet<>(
                        r.optionalStringList(
                                "LifeCycleReviewStatus", 0, 10, set(REVIEW_STATUSES), null));
        Set<String> companies = new HashSet<>();
        for (String c : r.optionalStringList("CustomerCompanyName", 0, 10, null, null)) {
            companies.add(c.toLowerCase(java.util.Locale.ROOT));
        }
        r.throwIfInvalid();
        long afterMs = after == null ? Long.MIN_VALUE : after.toEpochMilli();
        long beforeMs = before == null ? Long.MAX_VALUE : before.toEpochMilli();
        Predicate<StoredRecord> filter =
                rec ->
                        rec.modifiedMillis() >= afterMs
                                && rec.modifiedMillis() < beforeMs
                                && (ids.isEmpty() || ids.contains(rec.id()))
                                && (stages.isEmpty() || stages.contains(rec.attr("Stage")))
                                && (reviews.isEmpty() || reviews.contains(rec.attr("ReviewStatus")))
                                && (companies.isEmpty()
                                        || companies.contains(
                                                rec.attr("CustomerCompanyName")
                                                        .toLowerCase(java.util.Locale.ROOT)));
        Pager.Page page =
                Pager.page(
                        d.opportunities(),
                        "ListOpportunities",
                        requestHash(body),
                        sort[0],
                        "DESCENDING".equals(sort[1]),
                        token,
                        filter,
                        max,
                        faults.get().pageTokenTtlMillis());
        return listResponse(
                "OpportunitySummaries", page, d.catalog(), Malformer.Target.OPPORTUNITY);
    }

    private byte[] getOpportunity(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        String id = r.requiredString("Identifier", OPPORTUNITY_ID);
        r.throwIfInvalid();
        StoredRecord rec = find(d.opportunities(), id, "Opportunity", d.catalog());
        return detail(Malformer.Target.OPPORTUNITY, d.catalog(), rec);
    }

    private byte[] getAwsOpportunitySummary(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        String id = r.requiredString("RelatedOpportunityIdentifier", OPPORTUNITY_ID);
        r.throwIfInvalid();
        StoredRecord rec = find(d.opportunities(), id, "Opportunity", d.catalog());
        if ("Pending Submission".equals(rec.attr("ReviewStatus"))) {
            throw ApiException.notFound(
                    "No AWS opportunity summary for " + id + ": it has not been submitted to AWS");
        }
        return Json.bytes(DataGenerator.awsSummary(Json.parseObject(rec.detail())));
    }

    // ---------------------------------------------------------------- solutions

    private byte[] listSolutions(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        int max = r.optionalInt("MaxResults", 1, 100, 20);
        String token = r.optionalString("NextToken", null);
        String[] sort =
                sort(
                        r,
                        Set.of("Identifier", "Name", "Status", "Category", "CreatedDate"),
                        "Identifier",
                        "ASCENDING");
        Set<String> statuses =
                new HashSet<>(r.optionalStringList("Status", 0, 10, set(SOLUTION_STATUSES), null));
        Set<String> ids =
                new HashSet<>(r.optionalStringList("Identifier", 0, 20, null, SOLUTION_ID));
        Set<String> categories = new HashSet<>(r.optionalStringList("Category", 0, 10, null, null));
        r.throwIfInvalid();
        Predicate<StoredRecord> filter =
                rec ->
                        (statuses.isEmpty() || statuses.contains(rec.attr("Status")))
                                && (ids.isEmpty() || ids.contains(rec.id()))
                                && (categories.isEmpty()
                                        || categories.contains(rec.attr("Category")));
        Pager.Page page =
                Pager.page(
                        d.solutions(),
                        "ListSolutions",
                        requestHash(body),
                        sort[0],
                        "DESCENDING".equals(sort[1]),
                        token,
                        filter,
                        max,
                        faults.get().pageTokenTtlMillis());
        return listResponse("SolutionSummaries", page, d.catalog(), null);
    }

    // ---------------------------------------------------------------- invitations

    private byte[] listInvitations(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        int max = r.optionalInt("MaxResults", 1, 100, 20);
        String token = r.optionalString("NextToken", null);
        String[] sort = sort(r, Set.of("InvitationDate"), "InvitationDate", "DESCENDING");
        String participant = r.requiredEnum("ParticipantType", set(PARTICIPANT_TYPES));
        Set<String> payloads =
                new HashSet<>(r.optionalStringList("PayloadType", 0, 10, set(PAYLOAD_TYPES), null));
        Set<String> statuses =
                new HashSet<>(
                        r.optionalStringList("Status", 1, 10, set(INVITATION_STATUSES), null));
        Set<String> engagements =
                new HashSet<>(
                        r.optionalStringList("EngagementIdentifier", 1, 10, null, ENGAGEMENT_ID));
        Set<String> senders =
                new HashSet<>(r.optionalStringList("SenderAwsAccountId", 1, 10, null, ACCOUNT));
        r.throwIfInvalid();
        Predicate<StoredRecord> filter =
                rec ->
                        participant.equals(rec.attr("ParticipantType"))
                                && (payloads.isEmpty()
                                        || payloads.contains(rec.attr("PayloadType")))
                                && (statuses.isEmpty() || statuses.contains(rec.attr("Status")))
                                && (engagements.isEmpty()
                                        || engagements.contains(rec.attr("EngagementId")))
                                && (senders.isEmpty()
                                        || senders.contains(rec.attr("SenderAwsAccountId")));
        Pager.Page page =
                Pager.page(
                        d.invitations(),
                        "ListEngagementInvitations",
                        requestHash(body),
                        sort[0],
                        "DESCENDING".equals(sort[1]),
                        token,
                        filter,
                        max,
                        faults.get().pageTokenTtlMillis());
        return listResponse(
                "EngagementInvitationSummaries", page, d.catalog(), Malformer.Target.INVITATION);
    }

    private byte[] getInvitation(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        String ref = r.requiredString("Identifier", INVITATION_REF);
        r.throwIfInvalid();
        StoredRecord rec =
                find(d.invitations(), lastSegment(ref), "Engagement invitation", d.catalog());
        return detail(Malformer.Target.INVITATION, d.catalog(), rec);
    }

    // ---------------------------------------------------------------- engagements

    private byte[] listEngagements(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        int max = r.optionalInt("MaxResults", 1, 100, 20);
        String token = r.optionalString("NextToken", null);
        String[] sort = sort(r, Set.of("CreatedDate"), "CreatedDate", "DESCENDING");
        Set<String> createdBy =
                new HashSet<>(r.optionalStringList("CreatedBy", 1, 10, null, ACCOUNT));
        Set<String> excluded =
                new HashSet<>(r.optionalStringList("ExcludeCreatedBy", 1, 10, null, ACCOUNT));
        Set<String> types =
                new HashSet<>(
                        r.optionalStringList("ContextTypes", 0, 10, set(CONTEXT_TYPES), null));
        Set<String> excludedTypes =
                new HashSet<>(
                        r.optionalStringList(
                                "ExcludeContextTypes", 0, 10, set(CONTEXT_TYPES), null));
        Set<String> ids =
                new HashSet<>(
                        r.optionalStringList("EngagementIdentifier", 1, 10, null, ENGAGEMENT_ID));
        r.throwIfInvalid();
        Predicate<StoredRecord> filter =
                rec -> {
                    List<String> recTypes = List.of(rec.attr("ContextTypes").split(","));
                    return (createdBy.isEmpty() || createdBy.contains(rec.attr("CreatedBy")))
                            && !excluded.contains(rec.attr("CreatedBy"))
                            && (types.isEmpty() || recTypes.stream().anyMatch(types::contains))
                            && recTypes.stream().noneMatch(excludedTypes::contains)
                            && (ids.isEmpty() || ids.contains(rec.id()));
                };
        Pager.Page page =
                Pager.page(
                        d.engagements(),
                        "ListEngagements",
                        requestHash(body),
                        sort[0],
                        "DESCENDING".equals(sort[1]),
                        token,
                        filter,
                        max,
                        faults.get().pageTokenTtlMillis());
        return listResponse("EngagementSummaryList", page, d.catalog(), null);
    }

    private byte[] getEngagement(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        String ref = r.requiredString("Identifier", ENGAGEMENT_REF);
        r.throwIfInvalid();
        StoredRecord rec = find(d.engagements(), lastSegment(ref), "Engagement", d.catalog());
        return detail(Malformer.Target.ENGAGEMENT, d.catalog(), rec);
    }

    private byte[] listMembers(JsonNode body) {
        RequestReader r = new RequestReader(body);
        Dataset d = dataset(r);
        String ref = r.requiredString("Identifier", ENGAGEMENT_REF);
        int max = r.optionalInt("MaxResults", 1, 10, 5);
        String token = r.optionalString("NextToken", null);
        r.throwIfInvalid();
        StoredRecord rec = find(d.engagements(), lastSegment(ref), "Engagement", d.catalog());
        ArrayNode members;
        try {
            members = (ArrayNode) Json.MAPPER.readTree(rec.extra());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int offset = 0;
        if (token != null) {
            PageToken.Cursor c = PageToken.decode(token, "ListEngagementMembers", rec.id());
            try {
                offset = Integer.parseInt(c.key);
            } catch (NumberFormatException e) {
                throw ApiException.validation("NextToken", "INVALID_VALUE", "Invalid NextToken");
            }
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("EngagementMemberList");
        int end = Math.min(members.size(), offset + max);
        for (int i = offset; i < end; i++) {
            list.add(members.get(i));
        }
        if (end < members.size()) {
            out.put(
                    "NextToken",
                    PageToken.encode(
                            "ListEngagementMembers", rec.id(), String.valueOf(end), rec.id()));
        }
        return Json.bytes(out);
    }

    // ---------------------------------------------------------------- helpers

    private Dataset dataset(RequestReader r) {
        String catalog = r.requiredString("Catalog", CATALOG);
        if (catalog == null) {
            r.throwIfInvalid();
        }
        Dataset d = datasets.get(catalog);
        if (d == null) {
            throw ApiException.validation(
                    "Catalog",
                    "INVALID_VALUE",
                    "Catalog '" + catalog + "' is not valid: use AWS or Sandbox");
        }
        return d;
    }

    private static String[] sort(
            RequestReader r, Set<String> keys, String dfltKey, String dfltOrder) {
        if (!r.has("Sort")) {
            return new String[] {dfltKey, dfltOrder};
        }
        String by = r.requiredEnum("Sort.SortBy", keys);
        String order = r.requiredEnum("Sort.SortOrder", ORDERS);
        return new String[] {by == null ? dfltKey : by, order == null ? dfltOrder : order};
    }

    private static StoredRecord find(EntityStore store, String id, String what, String catalog) {
        StoredRecord rec = store.get(id);
        if (rec == null) {
            throw ApiException.notFound(what + " " + id + " was not found in catalog " + catalog);
        }
        return rec;
    }

    private static String lastSegment(String ref) {
        int slash = ref.lastIndexOf('/');
        return slash >= 0 ? ref.substring(slash + 1) : ref;
    }

    private byte[] detail(Malformer.Target target, String catalog, StoredRecord rec) {
        FaultSettings f = faults.get();
        MalformedKind kind = malformer.kindFor(f, catalog, rec);
        return kind == null ? rec.detail() : malformer.breakDetail(target, kind, catalog, rec);
    }

    private byte[] listResponse(
            String member, Pager.Page page, String catalog, Malformer.Target target) {
        FaultSettings f = faults.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + page.items.size() * 900);
        write(out, "{\"" + member + "\":[");
        for (int i = 0; i < page.items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            StoredRecord rec = page.items.get(i);
            MalformedKind kind = target == null ? null : malformer.kindFor(f, catalog, rec);
            if (kind == null) {
                out.write(rec.summary(), 0, rec.summary().length);
            } else {
                byte[] broken = Json.bytes(malformer.breakSummary(target, kind, catalog, rec));
                out.write(broken, 0, broken.length);
            }
        }
        write(out, "]");
        if (page.nextToken != null) {
            write(out, ",\"NextToken\":\"" + page.nextToken + "\"");
        }
        write(out, "}");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }

    /** Identifies a request's filters and sort, so a NextToken cannot be replayed on others. */
    private static String requestHash(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        copy.remove("NextToken");
        copy.remove("MaxResults");
        return Integer.toHexString(copy.toString().hashCode());
    }

    private static Set<String> set(List<String> values) {
        return Set.copyOf(values);
    }
}
