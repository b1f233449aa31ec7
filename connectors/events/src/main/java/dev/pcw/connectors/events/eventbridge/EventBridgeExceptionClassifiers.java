package dev.pcw.connectors.events.eventbridge;

import java.util.Set;

/**
 * Which EventBridge errors are worth retrying. Throttling and service errors are; a missing bus,
 * missing permissions or unknown credentials never get better by retrying, and an entry EventBridge
 * calls malformed never will be accepted: those fail the job with a message that says what to fix.
 */
final class EventBridgeExceptionClassifiers {
    private EventBridgeExceptionClassifiers() {}

    /** Per-entry {@code ErrorCode}s of a partial failure that a retry can fix. */
    static final Set<String> RETRYABLE_ENTRY_CODES =
            Set.of(
                    "ThrottlingException",
                    "InternalException",
                    "InternalFailure",
                    "ServiceUnavailable");

    /** Whole-request errors that end the job. */
    static final Set<String> FATAL_REQUEST_CODES =
            Set.of(
                    "AccessDeniedException",
                    "ResourceNotFoundException",
                    "UnrecognizedClientException",
                    "InvalidSignatureException",
                    "ValidationException");

    static boolean retryableEntry(String errorCode) {
        return errorCode != null && RETRYABLE_ENTRY_CODES.contains(errorCode);
    }

    static boolean fatalRequest(String errorCode) {
        return errorCode != null && FATAL_REQUEST_CODES.contains(errorCode);
    }

    /** What a user should check for a fatal error. */
    static String advice(String code, String bus) {
        switch (code) {
            case "ResourceNotFoundException":
                return "the event bus '"
                        + bus
                        + "' does not exist in this account and region: create it or fix EVENTBRIDGE_BUS";
            case "AccessDeniedException":
                return "the IAM principal may not put events on '"
                        + bus
                        + "': allow events:PutEvents on the bus";
            default:
                return "check the credentials and region pcw uses for EventBridge";
        }
    }
}
