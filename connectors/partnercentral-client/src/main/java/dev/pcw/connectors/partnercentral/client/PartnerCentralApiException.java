package dev.pcw.connectors.partnercentral.client;

/**
 * A Partner Central call that failed for good: a request AWS refuses (validation, not found,
 * conflict), or a retryable error that outlasted every attempt.
 */
public final class PartnerCentralApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String errorCode;
    private final int attempts;
    private final String requestId;
    private final String errorBody;
    private final boolean unanswered;

    public PartnerCentralApiException(
            String operation, String errorCode, int attempts, String message, Throwable cause) {
        this(operation, errorCode, attempts, message, cause, null, null, false);
    }

    /**
     * @param requestId AWS's request id of the failed attempt, when it answered
     * @param errorBody AWS's error document as it came (for a ValidationException, its {@code
     *     Reason} and {@code ErrorList} per field), when it answered
     * @param unanswered whether it is unknown if AWS carried the call out (a 5xx or I/O error)
     */
    public PartnerCentralApiException(
            String operation,
            String errorCode,
            int attempts,
            String message,
            Throwable cause,
            String requestId,
            String errorBody,
            boolean unanswered) {
        super(message, cause);
        this.operation = operation;
        this.errorCode = errorCode;
        this.attempts = attempts;
        this.requestId = requestId;
        this.errorBody = errorBody;
        this.unanswered = unanswered;
    }

    /** AWS's request id of the failed attempt, or null. */
    public String requestId() {
        return requestId;
    }

    /** AWS's error document, or null when it did not answer. */
    public String errorBody() {
        return errorBody;
    }

    /**
     * Whether AWS may have carried the call out although it failed (a 5xx or I/O error on a write
     * that is not retried blindly): read the record before sending it again.
     */
    public boolean unanswered() {
        return unanswered;
    }

    public String operation() {
        return operation;
    }

    /** AWS's error code, or {@code SdkClientException} for failures before an answer. */
    public String errorCode() {
        return errorCode;
    }

    public int attempts() {
        return attempts;
    }

    /** True for {@code ResourceNotFoundException}: the record is gone, not the service. */
    public boolean isNotFound() {
        return "ResourceNotFoundException".equals(errorCode);
    }
}
