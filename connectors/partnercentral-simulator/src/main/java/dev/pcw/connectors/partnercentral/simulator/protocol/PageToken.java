package dev.pcw.connectors.partnercentral.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code NextToken}: the position after the last item returned (its sort value and id),
 * bound to the operation and to the request's filters and sort, and stamped with when it was issued
 * (so that it can expire, see {@code FaultSettings#pageTokenTtlMillis}). Being a position rather
 * than an offset, it neither skips nor repeats a record when others change between pages.
 */
public final class PageToken {
    private PageToken() {}

    /** A decoded position: the sort value and id of the last item of the previous page. */
    public static final class Cursor {
        public final String key;
        public final String id;

        Cursor(String key, String id) {
            this.key = key;
            this.id = id;
        }
    }

    public static String encode(String operation, String requestHash, String key, String id) {
        ObjectNode n = Json.object();
        n.put("v", 1);
        n.put("t", System.currentTimeMillis());
        n.put("op", operation);
        n.put("q", requestHash);
        n.put("k", key);
        n.put("i", id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(n));
    }

    /**
     * @throws ApiException ValidationException when the token is not one of ours, or was issued for
     *     another operation or other filters
     */
    public static Cursor decode(String token, String operation, String requestHash) {
        return decode(token, operation, requestHash, 0);
    }

    /**
     * @param ttlMillis how long a token stays valid; 0 means forever
     * @throws ApiException ValidationException when the token is not one of ours, was issued for
     *     another operation or other filters, or has expired
     */
    public static Cursor decode(
            String token, String operation, String requestHash, long ttlMillis) {
        JsonNode n;
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token);
            n = Json.MAPPER.readTree(new String(raw, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw invalid("Invalid NextToken");
        }
        if (n == null
                || n.path("v").asInt() != 1
                || !n.path("k").isTextual()
                || !n.path("i").isTextual()) {
            throw invalid("Invalid NextToken");
        }
        if (!operation.equals(n.path("op").asText()) || !requestHash.equals(n.path("q").asText())) {
            throw invalid(
                    "NextToken was issued for a different request: keep the filters and sort of"
                            + " the first page");
        }
        if (ttlMillis > 0
                && n.path("t").isNumber()
                && System.currentTimeMillis() - n.get("t").asLong() > ttlMillis) {
            throw invalid("NextToken has expired; list again from the first page");
        }
        return new Cursor(n.get("k").asText(), n.get("i").asText());
    }

    private static ApiException invalid(String message) {
        return ApiException.validation("NextToken", "INVALID_VALUE", message);
    }
}
