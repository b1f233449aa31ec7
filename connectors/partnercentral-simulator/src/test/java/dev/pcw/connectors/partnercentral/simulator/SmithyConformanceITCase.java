package dev.pcw.connectors.partnercentral.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.simulator.protocol.SellingApi;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.util.VersionInfo;

/**
 * Checks what the simulator puts on the wire, raw JSON rather than what the AWS SDK keeps of it,
 * against AWS's Smithy model of the Partner Central Selling API.
 *
 * <p>The model lives outside the project, in {@code ../shared/aws-models/} beside the project root;
 * where it is absent this test is skipped. The model is a June 2025 snapshot while the AWS SDK on
 * the classpath is newer, so a member or enum value the snapshot lacks is accepted when the SDK's
 * model class of the same shape knows it (see {@link SmithyModel}).
 */
class SmithyConformanceITCase {
    private static final String MODEL_FILE = "partnercentral-selling-2022-07-26.smithy.json";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String AUTHORIZATION =
            "AWS4-HMAC-SHA256"
                    + " Credential=pcw-simulator/20260101/us-east-1/partnercentral-selling/aws4_request,"
                    + " SignedHeaders=host, Signature=00";

    /**
     * Every read the simulator serves: a new one is covered by the error checks at once. The writes
     * (SubmitOpportunity is newer than this model) are checked by SellingWritesITCase through the
     * AWS SDK.
     */
    private static final List<String> OPERATIONS = List.copyOf(SellingApi.READS);

    /** How many records each Get operation is called on. */
    private static final int GETS = 50;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger CALLS = new AtomicInteger();

    private static Path modelFile;
    private static SmithyModel model;
    private static PartnerCentralSimulator sim;
    private static HttpClient http;

    /** One valid request per operation, naming real records. */
    private static final Map<String, ObjectNode> VALID = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        modelFile = locateModel();
        if (!Files.isRegularFile(modelFile)) {
            // Each test is then skipped, with the reason, by skipWithoutTheModel().
            return;
        }
        model = SmithyModel.load(modelFile);
        sim =
                PartnerCentralSimulator.start(
                        SimulatorConfig.builder()
                                .port(0)
                                .opportunities(300)
                                .quotas(QuotaSettings.UNLIMITED)
                                .build());
        http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();

        JsonNode opportunity = null;
        for (JsonNode o : firstPage("ListOpportunities", "OpportunitySummaries")) {
            if (!"Pending Submission".equals(o.path("LifeCycle").path("ReviewStatus").asText())) {
                opportunity = o;
                break;
            }
        }
        assertThat(opportunity).as("a submitted opportunity on the first page").isNotNull();
        String opportunityId = opportunity.path("Id").asText();
        String engagementId =
                firstPage("ListEngagements", "EngagementSummaryList").get(0).path("Id").asText();
        ObjectNode invitations = request("ParticipantType", "RECEIVER");
        String invitationId =
                call("ListEngagementInvitations", invitations)
                        .body
                        .path("EngagementInvitationSummaries")
                        .get(0)
                        .path("Id")
                        .asText();
        VALID.put("ListOpportunities", request());
        VALID.put("GetOpportunity", request("Identifier", opportunityId));
        VALID.put(
                "GetAwsOpportunitySummary", request("RelatedOpportunityIdentifier", opportunityId));
        VALID.put("ListSolutions", request());
        VALID.put("ListEngagementInvitations", invitations);
        VALID.put("GetEngagementInvitation", request("Identifier", invitationId));
        VALID.put("ListEngagements", request());
        VALID.put("GetEngagement", request("Identifier", engagementId));
        VALID.put("ListEngagementMembers", request("Identifier", engagementId));
    }

    @BeforeEach
    void skipWithoutTheModel() {
        // Checked per test rather than in @BeforeAll, so that reports list each test as skipped.
        assumeTrue(
                model != null,
                "The AWS Smithy model was not found at "
                        + modelFile
                        + " (CI keeps it beside the project, in ../shared/aws-models/);"
                        + " conformance test skipped");
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    /**
     * {@code <pcw.project.root>/../shared/aws-models/<file>}; without that property, the first such
     * file found walking up from the working directory.
     */
    private static Path locateModel() {
        String root = System.getProperty("pcw.project.root");
        if (root != null && !root.isBlank()) {
            return modelBeside(Paths.get(root).toAbsolutePath().normalize());
        }
        Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(modelBeside(dir))) {
                return modelBeside(dir);
            }
        }
        return modelBeside(start);
    }

    private static Path modelBeside(Path projectRoot) {
        Path parent = projectRoot.getParent() == null ? projectRoot : projectRoot.getParent();
        return parent.resolve("shared").resolve("aws-models").resolve(MODEL_FILE);
    }

    // ---------------------------------------------------------------- tests

    @Test
    void everyResponseMatchesTheModel() {
        long started = System.nanoTime();
        int callsBefore = CALLS.get();
        SmithyModel.Report report = new SmithyModel.Report();

        // Opportunities: every list item, then Get and GetAwsOpportunitySummary on many.
        List<JsonNode> opportunities =
                walk("ListOpportunities", request("MaxResults", 100), 10, report);
        walk("ListOpportunities", request("MaxResults", 7), 2, report);
        walk("ListOpportunities", request("Catalog", "Sandbox", "MaxResults", 10), 2, report);
        assertThat(opportunities).hasSize(sim.config().opportunities());
        for (JsonNode o : spread(opportunities, GETS)) {
            get("GetOpportunity", request("Identifier", o.path("Id").asText()), report);
        }
        List<JsonNode> submitted =
                opportunities.stream()
                        .filter(
                                o ->
                                        !"Pending Submission"
                                                .equals(
                                                        o.path("LifeCycle")
                                                                .path("ReviewStatus")
                                                                .asText()))
                        .collect(Collectors.toList());
        for (JsonNode o : spread(submitted, GETS)) {
            get(
                    "GetAwsOpportunitySummary",
                    request("RelatedOpportunityIdentifier", o.path("Id").asText()),
                    report);
        }

        // Solutions.
        walk("ListSolutions", request("MaxResults", 100), 10, report);
        walk("ListSolutions", request("MaxResults", 4), 3, report);

        // Invitations, received and sent, and both payload types.
        List<JsonNode> invitations = new ArrayList<>();
        for (String participant : List.of("RECEIVER", "SENDER")) {
            List<JsonNode> items =
                    walk(
                            "ListEngagementInvitations",
                            request("ParticipantType", participant, "MaxResults", 100),
                            10,
                            report);
            assertThat(items).as("%s invitations", participant).isNotEmpty();
            invitations.addAll(items);
            walk(
                    "ListEngagementInvitations",
                    request("ParticipantType", participant, "MaxResults", 3),
                    2,
                    report);
        }
        List<JsonNode> chosenInvitations =
                coverBoth(invitations, "PayloadType", "LeadInvitation", GETS);
        Set<String> payloadTypes = new LinkedHashSet<>();
        for (JsonNode i : chosenInvitations) {
            JsonNode body =
                    get(
                            "GetEngagementInvitation",
                            request("Identifier", i.path("Id").asText()),
                            report);
            body.path("Payload").fieldNames().forEachRemaining(payloadTypes::add);
        }
        for (JsonNode i : spread(chosenInvitations, 5)) {
            get("GetEngagementInvitation", request("Identifier", i.path("Arn").asText()), report);
        }
        assertThat(payloadTypes)
                .as("payloads the walk saw")
                .contains("OpportunityInvitation", "LeadInvitation");

        // Engagements, both context types, and their members page by page.
        List<JsonNode> engagements =
                walk("ListEngagements", request("MaxResults", 100), 10, report);
        walk("ListEngagements", request("MaxResults", 6), 2, report);
        List<JsonNode> chosenEngagements = coverBoth(engagements, "ContextTypes", "Lead", GETS);
        Set<String> contextTypes = new LinkedHashSet<>();
        for (JsonNode e : chosenEngagements) {
            String id = e.path("Id").asText();
            JsonNode body = get("GetEngagement", request("Identifier", id), report);
            for (JsonNode c : body.path("Contexts")) {
                contextTypes.add(c.path("Type").asText());
            }
            walk("ListEngagementMembers", request("Identifier", id, "MaxResults", 2), 10, report);
        }
        for (JsonNode e : spread(chosenEngagements, 5)) {
            get("GetEngagement", request("Identifier", e.path("Arn").asText()), report);
            walk("ListEngagementMembers", request("Identifier", e.path("Arn").asText()), 1, report);
        }
        assertThat(contextTypes)
                .as("engagement contexts the walk saw")
                .contains("CustomerProject", "Lead");

        System.out.printf(
                "Smithy conformance: %,d calls, %,d values checked in %,d ms; shapes %s%n"
                        + "Accepted only because the AWS SDK %s knows them: %s%n",
                CALLS.get() - callsBefore,
                report.values,
                (System.nanoTime() - started) / 1_000_000,
                report.shapesChecked,
                VersionInfo.SDK_VERSION,
                report.sdkOnly);
        assertNoViolations(report.violations);
    }

    @Test
    void invalidRequestsGetTheModeledValidationException() {
        List<String> problems = new ArrayList<>();
        for (String op : OPERATIONS) {
            String input = model.input(op);
            ObjectNode valid = VALID.get(op);
            assertThat(fieldNames(valid))
                    .as("the valid %s request has every required member", op)
                    .containsAll(model.requiredMembers(input));
            for (String required : model.requiredMembers(input)) {
                ObjectNode missing = valid.deepCopy();
                missing.remove(required);
                expectValidation(
                        op,
                        missing,
                        required,
                        "REQUIRED_FIELD_MISSING",
                        "no " + required,
                        problems);
            }
            String pageSize = pageSizeMember(op);
            if (pageSize != null) {
                long[] range = range(input, pageSize);
                for (long bad : new long[] {range[0] - 1, range[1] + 1}) {
                    ObjectNode outOfRange = valid.deepCopy().put(pageSize, bad);
                    expectValidation(
                            op,
                            outOfRange,
                            pageSize,
                            "VALUE_OUT_OF_RANGE",
                            pageSize + "=" + bad,
                            problems);
                }
            }
        }
        assertNoViolations(problems);
    }

    @Test
    void pageSizeBoundariesOfTheModelAreAccepted() {
        SmithyModel.Report report = new SmithyModel.Report();
        int checked = 0;
        for (String op : OPERATIONS) {
            String pageSize = pageSizeMember(op);
            if (pageSize == null) {
                continue;
            }
            String items = model.paginated(op).path("items").asText();
            for (long size : range(model.input(op), pageSize)) {
                JsonNode body = get(op, VALID.get(op).deepCopy().put(pageSize, size), report);
                if (body.path(items).size() > size) {
                    report.violation(
                            op + " " + pageSize + "=" + size,
                            body.path(items).size() + " items on one page");
                }
                checked++;
            }
        }
        // Five of the nine operations are paginated: min and max for each.
        assertThat(checked).isEqualTo(2 * 5);
        assertNoViolations(report.violations);
    }

    @Test
    void unknownIdentifiersGetTheModeledResourceNotFoundException() {
        Map<String, String[]> unknown = new LinkedHashMap<>();
        unknown.put("GetOpportunity", new String[] {"Identifier", "O9999999999"});
        unknown.put(
                "GetAwsOpportunitySummary",
                new String[] {"RelatedOpportunityIdentifier", "O9999999999"});
        unknown.put("GetEngagementInvitation", new String[] {"Identifier", "engi-zzzzzzzzzzzzz"});
        unknown.put("GetEngagement", new String[] {"Identifier", "eng-zzzzzzzzzzzzzz"});
        unknown.put("ListEngagementMembers", new String[] {"Identifier", "eng-zzzzzzzzzzzzzz"});
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String[]> e : unknown.entrySet()) {
            String op = e.getKey();
            String member = e.getValue()[0];
            String id = e.getValue()[1];
            // A well-formed identifier, so that the answer is about existence, not format.
            String pattern =
                    model.effectiveTraits(model.input(op), member)
                            .get("smithy.api#pattern")
                            .asText();
            assertThat(model.matches(pattern, id)).as("%s matches %s", id, pattern).isTrue();
            expectError(
                    op,
                    VALID.get(op).deepCopy().put(member, id),
                    "ResourceNotFoundException",
                    member + "=" + id,
                    problems);
        }
        assertNoViolations(problems);
    }

    @Test
    void opportunityFiltersAcceptExactlyTheModelEnums() {
        String input = model.input("ListOpportunities");
        List<String> problems = new ArrayList<>();
        SmithyModel.Report report = new SmithyModel.Report();
        Map<String, String> filterToField =
                Map.of("LifeCycleStage", "Stage", "LifeCycleReviewStatus", "ReviewStatus");
        for (Map.Entry<String, String> filter : filterToField.entrySet()) {
            String list = model.memberTarget(input, filter.getKey());
            String enumId = model.listMember(list);
            assertThat(model.type(enumId)).isEqualTo("enum");
            Set<String> values = model.enumValues(enumId);
            assertThat(values).isNotEmpty();
            for (String value : values) {
                ObjectNode req = request("MaxResults", 100);
                req.putArray(filter.getKey()).add(value);
                List<JsonNode> items = walk("ListOpportunities", req, 10, report);
                for (JsonNode item : items) {
                    String actual = item.path("LifeCycle").path(filter.getValue()).asText();
                    if (!value.equals(actual)) {
                        problems.add(
                                filter.getKey()
                                        + "=["
                                        + value
                                        + "] returned "
                                        + item.path("Id").asText()
                                        + " with "
                                        + filter.getValue()
                                        + " '"
                                        + actual
                                        + "'");
                    }
                }
            }
            String notAValue = "Not a " + SmithyModel.simpleName(enumId);
            assertThat(values).doesNotContain(notAValue);
            assertThat(model.sdkEnumValues(SmithyModel.simpleName(enumId)))
                    .doesNotContain(notAValue);
            ObjectNode bad = request();
            bad.putArray(filter.getKey()).add(notAValue);
            expectValidation(
                    "ListOpportunities",
                    bad,
                    filter.getKey() + ".1",
                    "INVALID_ENUM_VALUE",
                    filter.getKey() + "=[" + notAValue + "]",
                    problems);
        }
        problems.addAll(report.violations);
        assertNoViolations(problems);
    }

    @Test
    void everyEnumValueOfTheModelIsAcceptedInEveryRequestMember() {
        SmithyModel.Report report = new SmithyModel.Report();
        int accepted = 0;
        for (String op : OPERATIONS) {
            String input = model.input(op);
            for (String member : model.members(input).keySet()) {
                for (ObjectNode req : enumVariants(op, input, member)) {
                    get(op, req, report);
                    accepted++;
                }
            }
        }
        assertThat(accepted).as("requests with each enum value").isGreaterThan(20);
        assertNoViolations(report.violations);
    }

    @Test
    void theValidatorReportsEveryKindOfViolation() {
        // Guards the guard: a validator that accepted everything would make the tests above pass.
        JsonNode opportunity = call("GetOpportunity", VALID.get("GetOpportunity")).body;
        ObjectNode o = opportunity.deepCopy();
        o.remove("Catalog");
        ((ObjectNode) o.path("LifeCycle")).put("Stage", "Negotiation");
        o.put("Id", "X123");
        o.put("PartnerOpportunityIdentifier", "P".repeat(65));
        o.put("Bogus", 1);
        o.put("LastModifiedDate", "2025-01-01 10:00:00");
        ArrayNode team = (ArrayNode) o.path("OpportunityTeam");
        team.add(team.get(0).deepCopy());
        // The member's length (max 120) overrides its target Name's (max 80): no violation.
        ((ObjectNode) o.path("Customer").path("Account")).put("CompanyName", "C".repeat(100));

        ObjectNode engagement = null;
        for (JsonNode e : firstPage("ListEngagements", "EngagementSummaryList")) {
            JsonNode body =
                    call("GetEngagement", request("Identifier", e.path("Id").asText())).body;
            if ("Lead".equals(body.path("Contexts").path(0).path("Type").asText())) {
                engagement = body.deepCopy();
                break;
            }
        }
        assertThat(engagement).as("an engagement with a Lead context").isNotNull();
        ObjectNode lead =
                (ObjectNode) engagement.path("Contexts").path(0).path("Payload").path("Lead");
        ((ObjectNode) lead.path("Customer")).put("MarketSegment", "Huge");
        lead.put("Unheard", "of");
        ((ObjectNode) engagement.path("Contexts").path(0).path("Payload"))
                .putObject("CustomerProject");

        ObjectNode members = request("Identifier", "eng-zzzzzzzzzzzzzz", "MaxResults", 11);

        SmithyModel.Report report = new SmithyModel.Report();
        model.validate(o, model.output("GetOpportunity"), "o", report);
        model.validate(engagement, model.output("GetEngagement"), "e", report);
        model.validate(members, model.input("ListEngagementMembers"), "m", report);
        String all = String.join("\n", report.violations);
        assertThat(all)
                .contains("o: required member Catalog")
                .contains("o.LifeCycle.Stage: 'Negotiation' is not a value of enum Stage")
                .contains("o.Id: 'X123' does not match the pattern")
                .contains(
                        "o.PartnerOpportunityIdentifier: length 65 is above the model's maximum 64")
                .contains("o.Bogus: member Bogus is defined neither")
                .contains("o.LastModifiedDate: expected a date-time")
                .contains("o.OpportunityTeam: length 2 is above the model's maximum 1")
                .contains(
                        "e.Contexts[0].Payload: union EngagementContextPayload must have exactly one")
                .contains("e.Contexts[0].Payload.Lead.Customer.MarketSegment:")
                .contains("e.Contexts[0].Payload.Lead.Unheard: member Unheard is not defined")
                .contains("m.MaxResults: 11 is above the model's maximum 10")
                .doesNotContain("CompanyName");
        assertThat(report.violations).hasSize(11);
    }

    // ---------------------------------------------------------------- model-driven requests

    /**
     * Valid requests that set one enum-typed input member (an enum, a list of one enum, or a
     * structure of enums such as Sort) to each value the model lists.
     */
    private static List<ObjectNode> enumVariants(String op, String input, String member) {
        List<ObjectNode> out = new ArrayList<>();
        String target = model.memberTarget(input, member);
        String type = model.type(target);
        if ("enum".equals(type)) {
            for (String v : model.enumValues(target)) {
                out.add(VALID.get(op).deepCopy().put(member, v));
            }
        } else if ("list".equals(type) && "enum".equals(model.type(model.listMember(target)))) {
            for (String v : model.enumValues(model.listMember(target))) {
                ObjectNode req = VALID.get(op).deepCopy();
                req.putArray(member).add(v);
                out.add(req);
            }
        } else if ("structure".equals(type) && !model.members(target).isEmpty()) {
            Map<String, Set<String>> enums = new LinkedHashMap<>();
            for (String m : model.members(target).keySet()) {
                String t = model.memberTarget(target, m);
                if (!"enum".equals(model.type(t))) {
                    return out;
                }
                enums.put(m, model.enumValues(t));
            }
            for (Map.Entry<String, Set<String>> varied : enums.entrySet()) {
                for (String v : varied.getValue()) {
                    ObjectNode req = VALID.get(op).deepCopy();
                    ObjectNode struct = req.putObject(member);
                    for (Map.Entry<String, Set<String>> e : enums.entrySet()) {
                        struct.put(e.getKey(), e.getValue().iterator().next());
                    }
                    struct.put(varied.getKey(), v);
                    out.add(req);
                }
            }
        }
        return out;
    }

    /** The input member the operation's paginated trait names as its page size, or null. */
    private static String pageSizeMember(String op) {
        JsonNode p = model.paginated(op);
        return p == null || !p.has("pageSize") ? null : p.get("pageSize").asText();
    }

    /** {min, max} of the member's {@code smithy.api#range}, member traits included. */
    private static long[] range(String input, String member) {
        JsonNode range = model.effectiveTraits(input, member).get("smithy.api#range");
        assertThat(range).as("%s.%s has a smithy.api#range", input, member).isNotNull();
        assertThat(range.has("min") && range.has("max"))
                .as("%s.%s range %s has min and max", input, member, range)
                .isTrue();
        return new long[] {range.get("min").asLong(), range.get("max").asLong()};
    }

    // ---------------------------------------------------------------- calls and checks

    /** Walks up to {@code maxPages} pages, validating each; returns the items. */
    private static List<JsonNode> walk(
            String op, ObjectNode request, int maxPages, SmithyModel.Report report) {
        JsonNode paginated = model.paginated(op);
        String items = paginated.path("items").asText();
        String inputToken = paginated.path("inputToken").asText();
        String outputToken = paginated.path("outputToken").asText();
        List<JsonNode> out = new ArrayList<>();
        ObjectNode req = request.deepCopy();
        for (int page = 1; page <= maxPages; page++) {
            Reply reply = call(op, req);
            String where = op + " " + request + " page " + page + " $";
            if (!checkOk(reply, where, report)) {
                break;
            }
            model.validate(reply.body, model.output(op), where, report);
            reply.body.path(items).forEach(out::add);
            JsonNode token = reply.body.get(outputToken);
            if (token == null || token.isNull()) {
                break;
            }
            req.put(inputToken, token.asText());
        }
        return out;
    }

    /** Calls an operation that must succeed, validates the body and returns it. */
    private static JsonNode get(String op, ObjectNode request, SmithyModel.Report report) {
        Reply reply = call(op, request);
        String where = op + " " + request + " $";
        if (checkOk(reply, where, report)) {
            model.validate(reply.body, model.output(op), where, report);
        }
        return reply.body;
    }

    private static boolean checkOk(Reply reply, String where, SmithyModel.Report report) {
        if (!CONTENT_TYPE.equals(reply.contentType)) {
            report.violation(where, "Content-Type is " + reply.contentType);
        }
        if (reply.status != 200) {
            report.violation(where, "HTTP " + reply.status + ": " + reply.body);
            return false;
        }
        return true;
    }

    /**
     * Asserts a ValidationException that names {@code field} with {@code code} in its ErrorList.
     */
    private static void expectValidation(
            String op,
            ObjectNode request,
            String field,
            String code,
            String what,
            List<String> problems) {
        JsonNode body = expectError(op, request, "ValidationException", what, problems);
        if (body == null) {
            return;
        }
        boolean named = false;
        for (JsonNode e : body.path("ErrorList")) {
            named |=
                    field.equals(e.path("FieldName").asText())
                            && code.equals(e.path("Code").asText());
        }
        if (!named) {
            problems.add(
                    op
                            + " ("
                            + what
                            + "): ErrorList has no entry {FieldName: "
                            + field
                            + ", Code: "
                            + code
                            + "}: "
                            + body);
        }
    }

    /**
     * Asserts the modeled error: declared by the operation, with the error shape's HTTP status,
     * {@code __type} and members. Returns the body, or null when the error was another.
     */
    private static JsonNode expectError(
            String op, ObjectNode request, String error, String what, List<String> problems) {
        String errorId = SmithyModel.NS + error;
        String where = op + " (" + what + ")";
        assertThat(model.errors(op)).as("errors %s declares", op).contains(errorId);
        Reply reply = call(op, request);
        String type = reply.body.path("__type").asText();
        if (!type.endsWith("#" + error)) {
            problems.add(
                    where
                            + ": expected __type ...#"
                            + error
                            + ", got HTTP "
                            + reply.status
                            + " "
                            + reply.body);
            return null;
        }
        if (!model.errors(op).contains(SmithyModel.NS + type.substring(type.indexOf('#') + 1))) {
            problems.add(
                    where + ": " + type + " is not in the errors the model declares for " + op);
        }
        if (reply.status != model.httpError(errorId)) {
            problems.add(
                    where
                            + ": HTTP "
                            + reply.status
                            + " but "
                            + error
                            + " has smithy.api#httpError "
                            + model.httpError(errorId));
        }
        if (!CONTENT_TYPE.equals(reply.contentType)) {
            problems.add(where + ": Content-Type is " + reply.contentType);
        }
        ObjectNode members = reply.body.deepCopy();
        members.remove("__type");
        SmithyModel.Report report = new SmithyModel.Report();
        model.validate(members, errorId, where + " $", report);
        problems.addAll(report.violations);
        return reply.body;
    }

    private static void assertNoViolations(List<String> violations) {
        assertThat(violations)
                .withFailMessage(
                        () ->
                                violations.size()
                                        + " violations of the Smithy model:\n  "
                                        + String.join("\n  ", violations))
                .isEmpty();
    }

    /** An HTTP answer: status, Content-Type and the parsed JSON body. */
    private static final class Reply {
        final int status;
        final String contentType;
        final JsonNode body;

        Reply(int status, String contentType, JsonNode body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }
    }

    /** One AWS JSON 1.0 call, as the SDK would send it. */
    private static Reply call(String op, ObjectNode body) {
        CALLS.incrementAndGet();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(sim.endpoint() + "/"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", CONTENT_TYPE)
                        .header("X-Amz-Target", "AWSPartnerCentralSelling." + op)
                        .header("Authorization", AUTHORIZATION)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build();
        try {
            HttpResponse<byte[]> response =
                    http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    MAPPER.readTree(response.body()));
        } catch (IOException e) {
            throw new AssertionError(op + " " + body + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(op + " interrupted", e);
        }
    }

    /** A request body in the AWS catalog with the given members. */
    private static ObjectNode request(Object... membersAndValues) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("Catalog", "AWS");
        for (int i = 0; i < membersAndValues.length; i += 2) {
            n.set((String) membersAndValues[i], MAPPER.valueToTree(membersAndValues[i + 1]));
        }
        return n;
    }

    private static ArrayNode firstPage(String op, String items) {
        Reply reply = call(op, request("MaxResults", 100));
        assertThat(reply.status).as("%s answers %s", op, reply.body).isEqualTo(200);
        return (ArrayNode) reply.body.path(items);
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new LinkedHashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Up to {@code n} items spread evenly over the list. */
    private static List<JsonNode> spread(List<JsonNode> items, int n) {
        if (items.size() <= n) {
            return items;
        }
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(items.get((int) ((long) i * items.size() / n)));
        }
        return out;
    }

    /**
     * Up to {@code n} items, half of them (where there are that many) with {@code value} in the
     * field (a string or a list of strings) and the rest without, so that Get covers both kinds.
     */
    private static List<JsonNode> coverBoth(
            List<JsonNode> items, String field, String value, int n) {
        List<JsonNode> with = new ArrayList<>();
        List<JsonNode> without = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode f = item.path(field);
            boolean has = value.equals(f.asText());
            for (JsonNode e : f) {
                has |= value.equals(e.asText());
            }
            (has ? with : without).add(item);
        }
        List<JsonNode> out = new ArrayList<>(spread(with, n / 2));
        out.addAll(spread(without, n - out.size()));
        return out;
    }
}
