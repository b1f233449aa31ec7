package dev.pcw.sidecar;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal with its HTTP status, a stable code, a message that says what to do, and, for invalid
 * requests, the reason per field. Every error the sidecar sends has this shape: {@code {"error":
 * code, "message": …, "request_id": …, "errors": {field: reason}}}.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final Map<String, String> fieldErrors;
    private volatile boolean audited;

    public ApiError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiError(int status, String code, String message, Map<String, String> fieldErrors) {
        super(message);
        this.status = status;
        this.code = code;
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** Whether the refusal is in the audit log already. */
    public boolean audited() {
        return audited;
    }

    /** Notes that the refusal is in the audit log; returns this. */
    public ApiError markAudited() {
        audited = true;
        return this;
    }

    static ApiError unauthenticated(String message) {
        return new ApiError(401, "unauthenticated", message);
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }
}
