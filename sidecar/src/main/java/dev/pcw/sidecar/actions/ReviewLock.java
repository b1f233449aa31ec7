package dev.pcw.sidecar.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an update may change while AWS reviews an opportunity, as pure rules: UpdateOpportunity
 * replaces the whole object, so the requested fields are merged into the current one ({@link
 * #merge}); the paths the merge changes ({@link #changedPaths}) are then checked against the review
 * status ({@link #frozen}): {@code Submitted} and {@code In review} lock everything (the update
 * waits), {@code Approved} freezes the customer's country, postal code, industry and website, the
 * business problem, the partner's id and the title, and {@code Action Required} reopens only the
 * address, website, target close date, spend, business problem and partner id.
 */
public final class ReviewLock {
    private ReviewLock() {}

    /** Review states during which an update waits until the review ends. */
    public static final Set<String> UNDER_REVIEW = Set.of("Submitted", "In review");

    /** Paths an {@code Approved} opportunity keeps (prefix match). */
    static final List<String> FROZEN_WHEN_APPROVED =
            List.of(
                    "Customer.Account.Address.CountryCode",
                    "Customer.Account.Address.PostalCode",
                    "Customer.Account.Industry",
                    "Customer.Account.WebsiteUrl",
                    "Project.CustomerBusinessProblem",
                    "PartnerOpportunityIdentifier",
                    "Project.Title");

    /** The only paths an {@code Action Required} opportunity lets change (prefix match). */
    static final List<String> OPEN_WHEN_ACTION_REQUIRED =
            List.of(
                    "Customer.Account.Address",
                    "Customer.Account.WebsiteUrl",
                    "LifeCycle.TargetCloseDate",
                    "Project.ExpectedCustomerSpend",
                    "Project.CustomerBusinessProblem",
                    "PartnerOpportunityIdentifier");

    /**
     * {@code current} with {@code changes} merged in: objects merge member by member, anything else
     * (strings, lists) is replaced; a null in {@code changes} removes the member.
     */
    public static ObjectNode merge(ObjectNode current, ObjectNode changes) {
        ObjectNode out = current.deepCopy();
        mergeInto(out, changes);
        return out;
    }

    private static void mergeInto(ObjectNode target, ObjectNode changes) {
        Iterator<Map.Entry<String, JsonNode>> it = changes.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            JsonNode existing = target.get(e.getKey());
            if (v.isNull()) {
                target.remove(e.getKey());
            } else if (v.isObject() && existing != null && existing.isObject()) {
                mergeInto((ObjectNode) existing, (ObjectNode) v);
            } else {
                target.set(e.getKey(), v.deepCopy());
            }
        }
    }

    /** The leaf paths whose value differs between {@code before} and {@code after}. */
    public static List<String> changedPaths(JsonNode before, JsonNode after) {
        List<String> out = new ArrayList<>();
        diff("", before, after, out);
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        boolean aObj = a != null && a.isObject();
        boolean bObj = b != null && b.isObject();
        if (aObj && bObj) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                diff(path.isEmpty() ? n : path + "." + n, a.get(n), b.get(n), out);
            }
        } else if (!Objects.equals(a, b)) {
            out.add(path);
        }
    }

    /**
     * The changed paths {@code reviewStatus} does not allow, each with why; empty when the update
     * may go ahead. Under {@link #UNDER_REVIEW} nothing may change (the caller waits instead).
     */
    public static Map<String, String> frozen(String reviewStatus, List<String> changed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : changed) {
            if (UNDER_REVIEW.contains(reviewStatus)) {
                out.put(path, "locked while AWS reviews the opportunity (" + reviewStatus + ")");
            } else if ("Approved".equals(reviewStatus) && matches(path, FROZEN_WHEN_APPROVED)) {
                out.put(path, "frozen once AWS has approved the opportunity");
            } else if ("Action Required".equals(reviewStatus)
                    && !matches(path, OPEN_WHEN_ACTION_REQUIRED)) {
                out.put(
                        path,
                        "AWS asked for changes (Action Required): only the address, website,"
                                + " target close date, spend, business problem and partner"
                                + " opportunity id may change");
            }
        }
        return out;
    }

    private static boolean matches(String path, List<String> prefixes) {
        for (String p : prefixes) {
            if (path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "[")) {
                return true;
            }
        }
        return false;
    }
}
