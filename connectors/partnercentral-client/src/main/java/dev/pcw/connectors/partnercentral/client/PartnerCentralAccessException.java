package dev.pcw.connectors.partnercentral.client;

/**
 * Partner Central refused the caller (access denied, unknown credentials, wrong region). Never
 * retried: the message says what to check, and a sync must stop instead of looping.
 */
public final class PartnerCentralAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;

    public PartnerCentralAccessException(String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** AWS's error code, for example {@code AccessDeniedException}. */
    public String errorCode() {
        return errorCode;
    }
}
