package dev.pcw.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Shapes} against AWS's Smithy model of the API, read from {@code
 * ../shared/aws-models/} beside the project root when it is there (skipped elsewhere): member
 * names, required flags, member kinds and enum values, with the documented exceptions.
 */
class ShapesConformanceTest {
    private static final String PREFIX = "com.amazonaws.partnercentralselling#";
    private static JsonNode shapes;

    /** Our shape → the model's, for every shape that exists in the model. */
    private static final Object[][] STRUCTURES = {
        {Shapes.EXPECTED_CUSTOMER_SPEND, "ExpectedCustomerSpend"},
        {Shapes.CONTACT, "Contact"},
        {Shapes.ADDRESS, "Address"},
        {Shapes.ACCOUNT, "Account"},
        {Shapes.CUSTOMER, "Customer"},
        {Shapes.PROJECT, "Project"},
        {Shapes.MARKETING, "Marketing"},
        {Shapes.MONETARY_VALUE, "MonetaryValue"},
        {Shapes.SOFTWARE_REVENUE, "SoftwareRevenue"},
        {Shapes.RELATED_ENTITY_IDENTIFIERS, "RelatedEntityIdentifiers"},
        {Shapes.NEXT_STEPS_HISTORY, "NextStepsHistory"},
        {Shapes.LIFE_CYCLE, "LifeCycle"},
        {Shapes.GET_OPPORTUNITY_RESPONSE, "GetOpportunityResponse"},
        {Shapes.SOLUTION_BASE, "SolutionBase"},
        {Shapes.ENGAGEMENT_CUSTOMER, "EngagementCustomer"},
        {Shapes.PROJECT_DETAILS, "ProjectDetails"},
        {Shapes.SENDER_CONTACT, "SenderContact"},
        {Shapes.OPPORTUNITY_INVITATION_PAYLOAD, "OpportunityInvitationPayload"},
        {Shapes.INVITATION_PAYLOAD, "Payload"},
        {Shapes.RECEIVER, "Receiver"},
        {Shapes.ENGAGEMENT_MEMBER_SUMMARY, "EngagementMemberSummary"},
        {Shapes.GET_ENGAGEMENT_INVITATION_RESPONSE, "GetEngagementInvitationResponse"},
        {Shapes.ENGAGEMENT_CUSTOMER_PROJECT_DETAILS, "EngagementCustomerProjectDetails"},
        {Shapes.CUSTOMER_PROJECTS_CONTEXT, "CustomerProjectsContext"},
        {Shapes.ENGAGEMENT_CONTEXT_PAYLOAD, "EngagementContextPayload"},
        {Shapes.ENGAGEMENT_CONTEXT_DETAILS, "EngagementContextDetails"},
        {Shapes.GET_ENGAGEMENT_RESPONSE, "GetEngagementResponse"},
    };

    /** Members newer than the model file, which the AWS SDK for Java 2.40 knows. */
    private static final Set<String> NEWER_THAN_MODEL =
            Set.of(
                    "RelatedEntityIdentifiers.AwsMarketplaceOfferSets",
                    "Payload.LeadInvitation",
                    "EngagementContextPayload.Lead",
                    "EngagementContextDetails.Id",
                    "GetEngagementResponse.ModifiedAt",
                    "GetEngagementResponse.ModifiedBy");

    /** Where pcw is stricter than the model, on purpose. */
    private static final Set<String> REQUIRED_BY_PCW = Set.of("GetEngagementResponse.Id");

    /** Enum values newer than the model file. */
    private static final Map<String, Set<String>> NEWER_ENUM_VALUES =
            Map.of(
                    "EngagementInvitationPayloadType", Set.of("LeadInvitation"),
                    "EngagementContextType", Set.of("Lead"));

    /** Enums checked as plain strings (see {@link Shapes}). */
    private static final Set<String> ENUMS_AS_STRINGS = Set.of("CountryCode", "CurrencyCode");

    @BeforeAll
    static void readModel() throws IOException {
        File model = null;
        for (File dir = new File("").getAbsoluteFile();
                dir != null && model == null;
                dir = dir.getParentFile()) {
            File candidate =
                    new File(
                            dir, "shared/aws-models/partnercentral-selling-2022-07-26.smithy.json");
            if (candidate.isFile()) {
                model = candidate;
            }
        }
        if (model != null) {
            shapes = new ObjectMapper().readTree(model).get("shapes");
        }
    }

    @Test
    void followsTheModelsMembersRequiredFlagsAndKinds() {
        assumeTrue(shapes != null, "AWS's Smithy model is not beside the project");
        List<String> problems = new ArrayList<>();
        for (Object[] pair : STRUCTURES) {
            Shape ours = (Shape) pair[0];
            String name = (String) pair[1];
            JsonNode model = shapes.get(PREFIX + name);
            assertThat(model).as(name).isNotNull();
            JsonNode members = model.get("members");
            Iterator<Map.Entry<String, JsonNode>> it = members.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> m = it.next();
                String path = name + "." + m.getKey();
                Shape.Member member = ours.members.get(m.getKey());
                if (member == null) {
                    problems.add(path + " is in the model but not in Shapes");
                    continue;
                }
                boolean required = m.getValue().path("traits").has("smithy.api#required");
                if (required != member.required && !REQUIRED_BY_PCW.contains(path)) {
                    problems.add(path + " required=" + required + " in the model");
                }
                String kind = kindOf(m.getValue().get("target").asText());
                if (!kind.equals(member.shape.kind.name())
                        && !(kind.equals("STRING_DATE") && member.shape.kind == Shape.Kind.DATE)
                        && !(kind.equals("STRING_DATE") && member.shape.kind == Shape.Kind.STRING)
                        && !(kind.equals("STRING")
                                && member.shape.kind == Shape.Kind.DECIMAL_STRING)) {
                    problems.add(
                            path + " is " + kind + " in the model, " + member.shape.kind + " here");
                }
            }
            for (Shape.Member member : ours.memberList) {
                String path = name + "." + member.name;
                if (!members.has(member.name) && !NEWER_THAN_MODEL.contains(path)) {
                    problems.add(path + " is not in the model");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void listsTheModelsEnumValues() {
        assumeTrue(shapes != null, "AWS's Smithy model is not beside the project");
        List<String> problems = new ArrayList<>();
        for (Object[] pair : STRUCTURES) {
            Shape ours = (Shape) pair[0];
            Iterator<Map.Entry<String, JsonNode>> it =
                    shapes.get(PREFIX + pair[1]).get("members").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> m = it.next();
                String target = m.getValue().get("target").asText();
                JsonNode t = shapes.get(target);
                if (t != null && "list".equals(t.path("type").asText())) {
                    target = t.get("member").get("target").asText();
                    t = shapes.get(target);
                }
                if (t == null || !"enum".equals(t.path("type").asText())) {
                    continue;
                }
                String enumName = target.substring(PREFIX.length());
                Shape member = ours.members.get(m.getKey()).shape;
                if (member.kind == Shape.Kind.LIST) {
                    member = member.element;
                }
                if (ENUMS_AS_STRINGS.contains(enumName)) {
                    if (member.kind != Shape.Kind.STRING) {
                        problems.add(pair[1] + "." + m.getKey() + " should be checked as a string");
                    }
                    continue;
                }
                Set<String> values = new LinkedHashSet<>();
                t.get("members")
                        .forEach(
                                v ->
                                        values.add(
                                                v.path("traits")
                                                        .path("smithy.api#enumValue")
                                                        .asText()));
                Set<String> expected = new LinkedHashSet<>(values);
                expected.addAll(NEWER_ENUM_VALUES.getOrDefault(enumName, Set.of()));
                if (member.values == null || !member.values.equals(expected)) {
                    problems.add(
                            pair[1]
                                    + "."
                                    + m.getKey()
                                    + " ("
                                    + enumName
                                    + "): model "
                                    + expected
                                    + ", here "
                                    + member.values);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static String kindOf(String target) {
        if (target.startsWith("smithy.api#")) {
            switch (target.substring("smithy.api#".length())) {
                case "Integer":
                    return "INTEGER";
                case "Timestamp":
                    return "DATE_TIME";
                default:
                    return "STRING";
            }
        }
        JsonNode t = shapes.get(target);
        String type = t.path("type").asText();
        switch (type) {
            case "structure":
                return "STRUCT";
            case "union":
                return "UNION";
            case "list":
                return "LIST";
            case "enum":
                String name = target.substring(PREFIX.length());
                return ENUMS_AS_STRINGS.contains(name) ? "STRING" : "ENUM";
            case "timestamp":
                return "DATE_TIME";
            case "integer":
                return "INTEGER";
            case "string":
                String pattern = t.path("traits").path("smithy.api#pattern").asText("");
                return pattern.startsWith("^[1-9][0-9]{3}-") ? "STRING_DATE" : "STRING";
            default:
                return type.toUpperCase(java.util.Locale.ROOT);
        }
    }
}
