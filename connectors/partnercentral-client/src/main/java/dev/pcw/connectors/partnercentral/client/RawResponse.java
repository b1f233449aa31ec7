package dev.pcw.connectors.partnercentral.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One answered call as it came over the wire: the body untouched (the AWS SDK drops members it does
 * not know; bronze must not), the request id, and the parsed tree when the body is JSON.
 */
public final class RawResponse {
    private final String operation;
    private final String requestId;
    private final byte[] body;
    private final JsonNode json;
    private final String parseError;
    private final Instant receivedAt;

    RawResponse(String operation, String requestId, byte[] body, JsonNode json, String parseError) {
        this.operation = operation;
        this.requestId = requestId;
        this.body = body;
        this.json = json;
        this.parseError = parseError;
        this.receivedAt = Instant.now();
    }

    /**
     * When the answer arrived. A record's {@code fetched_at} is this instant, not the start of the
     * step that asked for it: when two fetches of one record race (a scheduled pass and an event's
     * targeted fetch), the one answered later holds the same or a newer version, and the version
     * guards in front of silver keep it.
     */
    public Instant receivedAt() {
        return receivedAt;
    }

    public String operation() {
        return operation;
    }

    /** AWS's request id ({@code x-amzn-RequestId}), or null when absent. */
    public String requestId() {
        return requestId;
    }

    /** The body bytes; callers must not modify them. */
    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON tree, or null when it is not JSON (see {@link #parseError()}). */
    public JsonNode json() {
        return json;
    }

    /** Why the body could not be read as JSON, or null when it could. */
    public String parseError() {
        return parseError;
    }

    public boolean isMalformed() {
        return parseError != null;
    }
}
