package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.TestPayloads.compact;
import static dev.pcw.schemas.normalize.TestPayloads.payload;
import static dev.pcw.schemas.normalize.TestPayloads.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.bronze.BronzeRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Malformed payloads generated from good ones: every required member removed, every structural
 * member given the wrong JSON type, dates that do not parse, amounts that are not numbers, the
 * payload truncated at many offsets, JSON that is not an object, empty text. Each must become a
 * dead letter with a specific reason, its raw payload kept verbatim.
 */
class MalformedPayloadCorpusTest {
    private static final String OPP = OpportunityNormalizer.OPERATION;
    private static final String INV = EngagementInvitationNormalizer.OPERATION;
    private static final String ENG = EngagementNormalizer.OPERATION;
    private static final String SOL = SolutionNormalizer.OPERATION;

    /** A payload that must be dead-lettered, and why. */
    static final class Case {
        final String name;
        final String operation;
        final String payload;
        final DeadLetterReason code;
        final String reason;

        Case(String name, String operation, String payload, DeadLetterReason code, String reason) {
            this.name = name;
            this.operation = operation;
            this.payload = payload;
            this.code = code;
            this.reason = reason;
        }
    }

    private static final String[][] GOOD = {
        {OPP, "get-opportunity.json"},
        {OPP, "get-opportunity-closed-lost.json"},
        {INV, "get-engagement-invitation-opportunity.json"},
        {INV, "get-engagement-invitation-lead.json"},
        {ENG, "get-engagement-customer-project.json"},
        {ENG, "get-engagement-lead.json"},
        {SOL, "list-solutions-item.json"},
    };

    /** Required members (by the model, or pcw's keys) present in each good payload. */
    private static final Map<String, List<String>> REQUIRED =
            Map.of(
                    "get-opportunity.json",
                    Arrays.asList(
                            "Catalog",
                            "Id",
                            "LastModifiedDate",
                            "CreatedDate",
                            "RelatedEntityIdentifiers",
                            "Customer.Account.CompanyName",
                            "Project.ExpectedCustomerSpend[0].Amount",
                            "Project.ExpectedCustomerSpend[0].CurrencyCode",
                            "Project.ExpectedCustomerSpend[0].Frequency",
                            "Project.ExpectedCustomerSpend[0].TargetCompany",
                            "LifeCycle.NextStepsHistory[0].Value",
                            "LifeCycle.NextStepsHistory[0].Time",
                            "SoftwareRevenue.Value.Amount",
                            "SoftwareRevenue.Value.CurrencyCode"),
                    "get-engagement-invitation-opportunity.json",
                    Arrays.asList(
                            "Id",
                            "Catalog",
                            "Receiver.Account.AwsAccountId",
                            "Payload.OpportunityInvitation.ReceiverResponsibilities",
                            "Payload.OpportunityInvitation.Customer",
                            "Payload.OpportunityInvitation.Project",
                            "Payload.OpportunityInvitation.SenderContacts[0].Email",
                            "Payload.OpportunityInvitation.Customer.Industry",
                            "Payload.OpportunityInvitation.Customer.CompanyName",
                            "Payload.OpportunityInvitation.Customer.WebsiteUrl",
                            "Payload.OpportunityInvitation.Customer.CountryCode",
                            "Payload.OpportunityInvitation.Project.BusinessProblem",
                            "Payload.OpportunityInvitation.Project.Title",
                            "Payload.OpportunityInvitation.Project.TargetCompletionDate",
                            "Payload.OpportunityInvitation.Project.ExpectedCustomerSpend"),
                    "get-engagement-invitation-lead.json",
                    Arrays.asList(
                            "Payload.LeadInvitation.Customer",
                            "Payload.LeadInvitation.Customer.CompanyName"),
                    "get-engagement-customer-project.json",
                    Arrays.asList(
                            "Id",
                            "Contexts[0].Type",
                            "Contexts[0].Payload.CustomerProject.Customer.CompanyName",
                            "Contexts[0].Payload.CustomerProject.Project.Title",
                            "Contexts[0].Payload.CustomerProject.Project.BusinessProblem",
                            "Contexts[0].Payload.CustomerProject.Project.TargetCompletionDate"),
                    "get-engagement-lead.json",
                    Arrays.asList("Contexts[0].Payload.Lead.Customer.CompanyName"),
                    "list-solutions-item.json",
                    Arrays.asList("Catalog", "Id", "Name", "Status", "Category", "CreatedDate"));

    /** Date-time members present in each good payload. */
    private static final Map<String, List<String>> DATE_TIMES =
            Map.of(
                    "get-opportunity.json",
                    Arrays.asList(
                            "LastModifiedDate",
                            "CreatedDate",
                            "LifeCycle.NextStepsHistory[0].Time"),
                    "get-engagement-invitation-lead.json",
                    Arrays.asList("InvitationDate", "ExpirationDate"),
                    "get-engagement-customer-project.json",
                    Arrays.asList("CreatedAt", "ModifiedAt"),
                    "get-engagement-lead.json",
                    Arrays.asList("Contexts[0].Payload.Lead.Interactions[0].InteractionDate"),
                    "list-solutions-item.json",
                    Arrays.asList("CreatedDate"));

    /** Date ({@code yyyy-MM-dd}) members present in each good payload. */
    private static final Map<String, List<String>> DATES =
            Map.of(
                    "get-opportunity.json",
                    Arrays.asList(
                            "LifeCycle.TargetCloseDate",
                            "SoftwareRevenue.EffectiveDate",
                            "SoftwareRevenue.ExpirationDate"),
                    "get-engagement-invitation-opportunity.json",
                    Arrays.asList("Payload.OpportunityInvitation.Project.TargetCompletionDate"));

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        for (String[] good : GOOD) {
            String op = good[0];
            String file = good[1];
            ObjectNode base = tree(payload(file));
            String text = compact(base);

            for (String path : REQUIRED.getOrDefault(file, List.of())) {
                cases.add(
                        new Case(
                                file + " without " + path,
                                op,
                                mutate(base, path, (parent, key) -> remove(parent, key)),
                                DeadLetterReason.MISSING_REQUIRED,
                                "missing required member " + path));
            }
            for (String[] structural : structuralMembers(base, "")) {
                String path = structural[0];
                cases.add(
                        new Case(
                                file + " with " + path + " as a string",
                                op,
                                mutate(base, path, (parent, key) -> set(parent, key, "oops")),
                                DeadLetterReason.WRONG_TYPE,
                                path + " is a string, expected " + structural[1]));
            }
            for (String path : DATE_TIMES.getOrDefault(file, List.of())) {
                for (String bad :
                        new String[] {
                            "last tuesday", "2026-11-19 05:52:50Z", "2026-11-19T05:52:50",
                            "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "1732000000"
                        }) {
                    cases.add(
                            new Case(
                                    file + " with " + path + " '" + bad + "'",
                                    op,
                                    mutate(base, path, (parent, key) -> set(parent, key, bad)),
                                    DeadLetterReason.INVALID_VALUE,
                                    path + " '" + bad + "' is not an ISO-8601 date-time"));
                }
                cases.add(
                        new Case(
                                file + " with " + path + " as epoch seconds",
                                op,
                                mutate(
                                        base,
                                        path,
                                        (parent, key) -> setNumber(parent, key, 1732000000)),
                                DeadLetterReason.WRONG_TYPE,
                                path + " is a number, expected an ISO-8601 date-time string"));
            }
            for (String path : DATES.getOrDefault(file, List.of())) {
                for (String bad : new String[] {"soon", "2027-10-6", "2027-02-29"}) {
                    cases.add(
                            new Case(
                                    file + " with " + path + " '" + bad + "'",
                                    op,
                                    mutate(base, path, (parent, key) -> set(parent, key, bad)),
                                    DeadLetterReason.INVALID_VALUE,
                                    path + " '" + bad + "' is not an ISO-8601 date (yyyy-MM-dd)"));
                }
            }
            for (int i = 1; i <= 12; i++) {
                int at = (int) ((long) text.length() * i / 13);
                cases.add(
                        new Case(
                                file + " truncated after " + at + " characters",
                                op,
                                text.substring(0, at),
                                DeadLetterReason.INVALID_JSON,
                                "payload is not valid JSON: unexpected end of input after "
                                        + at
                                        + " characters (truncated response?)"));
            }
        }

        String opportunity = compact(tree(payload("get-opportunity.json")));
        ObjectNode o = tree(opportunity);
        for (String amount : new String[] {"USD 1000", "1,000.00", "", "1E+30", "NaN"}) {
            cases.add(
                    new Case(
                            "amount '" + amount + "'",
                            OPP,
                            mutate(
                                    o,
                                    "Project.ExpectedCustomerSpend[0].Amount",
                                    (parent, key) -> set(parent, key, amount)),
                            DeadLetterReason.INVALID_VALUE,
                            "Project.ExpectedCustomerSpend[0].Amount '"
                                    + amount
                                    + "' is not a decimal number that fits decimal(20,2)"));
        }
        cases.add(
                new Case(
                        "Id null",
                        OPP,
                        mutate(
                                o,
                                "Id",
                                (parent, key) -> ((ObjectNode) parent).putNull((String) key)),
                        DeadLetterReason.MISSING_REQUIRED,
                        "required member Id is null"));
        cases.add(
                new Case(
                        "Id empty",
                        OPP,
                        mutate(o, "Id", (parent, key) -> set(parent, key, "")),
                        DeadLetterReason.MISSING_REQUIRED,
                        "required member Id is empty"));
        cases.add(
                new Case(
                        "Id a number",
                        OPP,
                        mutate(o, "Id", (parent, key) -> setNumber(parent, key, 2315351)),
                        DeadLetterReason.WRONG_TYPE,
                        "Id is a number, expected a string"));
        cases.add(
                new Case(
                        "Stage a number",
                        OPP,
                        mutate(o, "LifeCycle.Stage", (parent, key) -> setNumber(parent, key, 3)),
                        DeadLetterReason.WRONG_TYPE,
                        "LifeCycle.Stage is a number, expected a string"));
        cases.add(
                new Case(
                        "a delivery model that is null",
                        OPP,
                        mutate(
                                o,
                                "Project.DeliveryModels[0]",
                                (parent, key) -> ((ArrayNode) parent).set(0, (JsonNode) null)),
                        DeadLetterReason.WRONG_TYPE,
                        "Project.DeliveryModels[0] is null, expected a string"));
        cases.add(
                new Case(
                        "a product id that is an object",
                        OPP,
                        mutate(
                                o,
                                "RelatedEntityIdentifiers.AwsProducts[0]",
                                (parent, key) ->
                                        ((ArrayNode) parent)
                                                .set(0, TestPayloads.MAPPER.createObjectNode())),
                        DeadLetterReason.WRONG_TYPE,
                        "RelatedEntityIdentifiers.AwsProducts[0] is an object, expected a string"));
        cases.add(
                new Case(
                        "two problems at once",
                        OPP,
                        mutate(
                                tree(mutate(o, "Id", (parent, key) -> remove(parent, key))),
                                "LastModifiedDate",
                                (parent, key) -> set(parent, key, "last tuesday")),
                        DeadLetterReason.INVALID_VALUE,
                        "LastModifiedDate 'last tuesday' is not an ISO-8601 date-time; missing"
                                + " required member Id"));
        String engagement = compact(tree(payload("get-engagement-customer-project.json")));
        ObjectNode e = tree(engagement);
        cases.add(
                new Case(
                        "MemberCount 'three'",
                        ENG,
                        mutate(e, "MemberCount", (parent, key) -> set(parent, key, "three")),
                        DeadLetterReason.WRONG_TYPE,
                        "MemberCount is a string, expected an integer"));
        cases.add(
                new Case(
                        "MemberCount 2.5",
                        ENG,
                        mutate(
                                e,
                                "MemberCount",
                                (parent, key) ->
                                        ((ObjectNode) parent)
                                                .put(
                                                        (String) key,
                                                        new java.math.BigDecimal("2.5"))),
                        DeadLetterReason.INVALID_VALUE,
                        "MemberCount 2.5 is not an integer"));
        cases.add(
                new Case(
                        "Contexts an object",
                        ENG,
                        mutate(
                                e,
                                "Contexts",
                                (parent, key) -> ((ObjectNode) parent).putObject((String) key)),
                        DeadLetterReason.WRONG_TYPE,
                        "Contexts is an object, expected an array"));

        for (String[] notObject :
                new String[][] {
                    {"[]", "a JSON array"},
                    {"[" + opportunity + "]", "a JSON array"},
                    {"\"" + "O2315351" + "\"", "a JSON string"},
                    {"42", "a JSON number"},
                    {"true", "a JSON boolean"},
                    {"null", "JSON null"}
                }) {
            cases.add(
                    new Case(
                            "payload " + notObject[1],
                            OPP,
                            notObject[0],
                            DeadLetterReason.NOT_AN_OBJECT,
                            "payload is " + notObject[1] + ", expected an object"));
        }
        for (String empty : new String[] {"", "   ", "\n"}) {
            cases.add(
                    new Case(
                            "payload '" + empty.replace("\n", "\\n") + "'",
                            OPP,
                            empty,
                            DeadLetterReason.INVALID_JSON,
                            "payload is empty"));
        }
        cases.add(
                new Case(
                        "two objects in one payload",
                        OPP,
                        opportunity + opportunity,
                        DeadLetterReason.INVALID_JSON,
                        "payload is not valid JSON: Trailing token (of type START_OBJECT) found"
                                + " after value (bound as `com.fasterxml.jackson.databind.JsonNode`):"
                                + " not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`"
                                + " at line 1, column "
                                + (opportunity.length() + 1)));
        cases.add(
                new Case(
                        "not JSON at all",
                        OPP,
                        "<html><body>Service Unavailable</body></html>",
                        DeadLetterReason.INVALID_JSON,
                        "payload is not valid JSON: Unexpected character ('<' (code 60)):"
                                + " expected a valid value (JSON String, Number, Array, Object or"
                                + " token 'null', 'true' or 'false') at line 1, column 1"));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedPayloadBecomesADeadLetterWithASpecificReason() {
        return corpus().stream()
                .map(
                        c ->
                                DynamicTest.dynamicTest(
                                        c.name,
                                        () -> {
                                            BronzeRecord record =
                                                    TestPayloads.bronze(c.operation, c.payload);
                                            NormalizationResult r =
                                                    Normalizers.normalize(
                                                            record, TestPayloads.UPDATED_AT);

                                            assertThat(r.isDeadLetter()).as("dead letter").isTrue();
                                            assertThat(r.rows()).isEmpty();
                                            DeadLetter d = r.deadLetter();
                                            assertThat(d.reason()).isEqualTo(c.reason);
                                            assertThat(d.code()).isEqualTo(c.code);
                                            assertThat(d.rawPayload()).isEqualTo(c.payload);
                                            assertThat(d.operation()).isEqualTo(c.operation);
                                            assertThat(d.runId()).isEqualTo(TestPayloads.RUN_ID);
                                            assertThat(d.at()).isEqualTo(TestPayloads.UPDATED_AT);
                                            TestPayloads.assertRowsValid(r);
                                            // The bronze line path agrees with the record path.
                                            NormalizationResult viaLine =
                                                    Normalizers.normalizeLine(
                                                            record.toJsonLine(),
                                                            TestPayloads.UPDATED_AT);
                                            assertThat(viaLine.deadLetter()).isEqualTo(d);
                                        }));
    }

    @Test
    void theCorpusHoldsAtLeastFiftyDistinctMalformedPayloads() {
        List<Case> corpus = corpus();
        Set<String> payloads = new LinkedHashSet<>();
        for (Case c : corpus) {
            payloads.add(c.operation + " " + c.payload);
        }

        assertThat(corpus.size()).isGreaterThanOrEqualTo(50);
        assertThat(payloads).hasSize(corpus.size());
    }

    // ------------------------------------------------------------------ helpers

    interface Edit {
        /** Changes member {@code key} (a String, or an Integer index) of {@code parent}. */
        void apply(JsonNode parent, Object key);
    }

    private static void remove(JsonNode parent, Object key) {
        if (key instanceof Integer) {
            ((ArrayNode) parent).remove((Integer) key);
        } else {
            ((ObjectNode) parent).remove((String) key);
        }
    }

    private static void set(JsonNode parent, Object key, String value) {
        if (key instanceof Integer) {
            ((ArrayNode) parent)
                    .set((Integer) key, TestPayloads.MAPPER.getNodeFactory().textNode(value));
        } else {
            ((ObjectNode) parent).put((String) key, value);
        }
    }

    private static void setNumber(JsonNode parent, Object key, long value) {
        ((ObjectNode) parent).put((String) key, value);
    }

    /** A copy of {@code base} with the member at {@code path} edited, as compact JSON. */
    static String mutate(ObjectNode base, String path, Edit edit) {
        ObjectNode copy = base.deepCopy();
        List<Object> segments = parse(path);
        JsonNode parent = copy;
        for (int i = 0; i < segments.size() - 1; i++) {
            Object s = segments.get(i);
            parent = s instanceof Integer ? parent.get((Integer) s) : parent.get((String) s);
            if (parent == null) {
                throw new IllegalArgumentException("no member " + path + " in the fixture");
            }
        }
        Object last = segments.get(segments.size() - 1);
        JsonNode target =
                last instanceof Integer ? parent.get((Integer) last) : parent.get((String) last);
        if (target == null) {
            throw new IllegalArgumentException("no member " + path + " in the fixture");
        }
        edit.apply(parent, last);
        return compact(copy);
    }

    private static List<Object> parse(String path) {
        List<Object> out = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                out.add(part);
            } else {
                out.add(part.substring(0, bracket));
                for (String idx : part.substring(bracket + 1).split("\\]\\[?")) {
                    if (!idx.isEmpty()) {
                        out.add(Integer.parseInt(idx));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Every object- or array-valued member of {@code node} (first list element only, to keep the
     * corpus readable), as {path, "an object" | "an array"}.
     */
    private static List<String[]> structuralMembers(JsonNode node, String prefix) {
        List<String[]> out = new ArrayList<>();
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                String path = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
                collect(f.getValue(), path, out);
            }
        } else if (node.isArray() && node.size() > 0) {
            collect(node.get(0), prefix + "[0]", out);
        }
        return out;
    }

    private static void collect(JsonNode value, String path, List<String[]> out) {
        if (value.isObject()) {
            out.add(new String[] {path, "an object"});
        } else if (value.isArray()) {
            out.add(new String[] {path, "an array"});
        }
        if (value.isContainerNode()) {
            out.addAll(structuralMembers(value, path));
        }
    }
}
