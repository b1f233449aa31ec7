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

    public PartnerCentralApiException(
            String operation, String errorCode, int attempts, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.errorCode = errorCode;
        this.attempts = attempts;
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
