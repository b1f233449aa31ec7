package dev.pcw.connectors.partnercentral.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.MalformedKind;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Breaks responses on purpose. Which record versions are broken, and how, is a pure function of the
 * seed and the record's id and version: a client that retries gets the same broken payload, as it
 * would from a real service bug, and a test can predict every dead letter.
 */
public final class Malformer {
    /** The entities whose Get responses can be broken. */
    public enum Target {
        OPPORTUNITY,
        INVITATION,
        ENGAGEMENT
    }

    private final long seed;

    public Malformer(long seed) {
        this.seed = seed;
    }

    /** The kind of damage this record version gets, or null when it is served intact. */
    public MalformedKind kindFor(FaultSettings faults, String catalog, StoredRecord r) {
        if (faults.malformedRatio() <= 0) {
            return null;
        }
        SplittableRandom h = random(catalog, r);
        if (h.nextDouble() >= faults.malformedRatio()) {
            return null;
        }
        List<MalformedKind> kinds = new ArrayList<>(faults.malformedKinds());
        return kinds.get(h.nextInt(kinds.size()));
    }

    private SplittableRandom random(String catalog, StoredRecord r) {
        long h = seed;
        h = h * 1_000_003 + catalog.hashCode();
        h = h * 1_000_003 + r.id().hashCode();
        h = h * 1_000_003 + r.version();
        return new SplittableRandom(h);
    }

    /** The Get response body for {@code r}, broken in the way {@code kind} says. */
    public byte[] breakDetail(Target target, MalformedKind kind, String catalog, StoredRecord r) {
        if (kind == MalformedKind.TRUNCATED_JSON) {
            byte[] full = r.detail();
            return Arrays.copyOf(full, Math.max(1, full.length / 2));
        }
        ObjectNode node = Json.parseObject(r.detail());
        variant(target, kind, random(catalog, r)).accept(node);
        return Json.bytes(node);
    }

    /**
     * The List item for {@code r}: list responses carry only the damage that keeps a page parseable
     * (unknown enum values and members), like the Get response of the same version.
     */
    public JsonNode breakSummary(
            Target target, MalformedKind kind, String catalog, StoredRecord r) {
        ObjectNode node = Json.parseObject(r.summary());
        if (kind == MalformedKind.UNKNOWN_ENUM || kind == MalformedKind.UNKNOWN_MEMBER) {
            variant(target, kind, random(catalog, r)).accept(node);
        }
        return node;
    }

    private static Consumer<ObjectNode> variant(
            Target target, MalformedKind kind, SplittableRandom h) {
        h.nextDouble(); // the draw that selected the record
        h.nextInt(); // the draw that chose the kind
        int v = h.nextInt(3);
        switch (target) {
            case OPPORTUNITY:
                return opportunity(kind, v);
            case INVITATION:
                return invitation(kind, v);
            default:
                return engagement(kind, v);
        }
    }

    private static Consumer<ObjectNode> opportunity(MalformedKind kind, int v) {
        switch (kind) {
            case WRONG_TYPE:
                if (v == 0) {
                    return o -> o.put("LifeCycle", "Prospect");
                } else if (v == 1) {
                    return o -> o.put("LastModifiedDate", "last tuesday");
                }
                return o -> {
                    JsonNode spend = o.path("Project").path("ExpectedCustomerSpend");
                    if (spend.isArray() && spend.size() > 0) {
                        ObjectNode line = (ObjectNode) spend.get(0);
                        line.put("Amount", Double.parseDouble(line.path("Amount").asText("0")));
                    } else {
                        o.with("Project").put("ExpectedCustomerSpend", "USD 1000 monthly");
                    }
                };
            case MISSING_REQUIRED:
                if (v == 0) {
                    return o -> o.remove("Id");
                } else if (v == 1) {
                    return o -> o.remove("LastModifiedDate");
                }
                return o -> o.with("Customer").with("Account").remove("CompanyName");
            case UNKNOWN_ENUM:
                if (v == 0) {
                    return o -> o.with("LifeCycle").put("Stage", "Negotiation");
                } else if (v == 1) {
                    return o -> o.with("LifeCycle").put("ReviewStatus", "Escalated");
                }
                return o -> o.with("Customer").with("Account").put("Industry", "Space Exploration");
            default:
                return o -> {
                    o.putObject("PartnerInsights").put("WinProbability", 0.42);
                    o.with("LifeCycle").put("ForecastCategory", "Pipeline");
                };
        }
    }

    private static Consumer<ObjectNode> invitation(MalformedKind kind, int v) {
        switch (kind) {
            case WRONG_TYPE:
                return v == 0
                        ? i -> i.put("Payload", "OpportunityInvitation")
                        : i -> i.put("InvitationDate", "soon");
            case MISSING_REQUIRED:
                return v == 0 ? i -> i.remove("Id") : i -> i.remove("Catalog");
            case UNKNOWN_ENUM:
                return v == 0
                        ? i -> i.put("Status", "WITHDRAWN")
                        : i -> i.put("PayloadType", "PartnerInvitation");
            default:
                return i -> i.put("Priority", "High");
        }
    }

    private static Consumer<ObjectNode> engagement(MalformedKind kind, int v) {
        switch (kind) {
            case WRONG_TYPE:
                return v == 0 ? e -> e.put("MemberCount", "three") : e -> e.putObject("Contexts");
            case MISSING_REQUIRED:
                return e -> e.remove("Id");
            case UNKNOWN_ENUM:
                return e -> {
                    JsonNode contexts = e.path("Contexts");
                    if (contexts.isArray() && contexts.size() > 0) {
                        ((ObjectNode) contexts.get(0)).put("Type", "Partnership");
                    } else {
                        ArrayNode a = e.putArray("Contexts");
                        a.addObject().put("Type", "Partnership");
                    }
                };
            default:
                return e -> e.put("Region", "us-east-1");
        }
    }
}
