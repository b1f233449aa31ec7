package dev.pcw.connectors.partnercentral.simulator.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An error the simulator answers in the AWS JSON 1.0 error format: {@code __type}, the HTTP status
 * of the model, {@code Message}, and for validation errors {@code Reason} and {@code ErrorList}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private static final String SERVICE_NS = "com.amazonaws.partnercentralselling#";
    private static final String CORAL_NS = "com.amazon.coral.service#";

    private final String type;
    private final int status;
    private final String reason;
    private final List<FieldError> errors;

    private ApiException(
            String type, int status, String message, String reason, List<FieldError> errors) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.errors = Collections.unmodifiableList(new ArrayList<>(errors));
    }

    /** One entry of a ValidationException's {@code ErrorList}. */
    public static final class FieldError {
        public final String fieldName;
        public final String code;
        public final String message;

        public FieldError(String fieldName, String code, String message) {
            this.fieldName = fieldName;
            this.code = code;
            this.message = message;
        }
    }

    public static ApiException validation(List<FieldError> errors) {
        StringBuilder msg = new StringBuilder();
        msg.append(errors.size())
                .append(errors.size() == 1 ? " validation error" : " validation errors")
                .append(" detected: ");
        for (int i = 0; i < errors.size(); i++) {
            msg.append(i == 0 ? "" : "; ").append(errors.get(i).message);
        }
        return new ApiException(
                "ValidationException", 400, msg.toString(), "REQUEST_VALIDATION_FAILED", errors);
    }

    public static ApiException validation(String field, String code, String message) {
        List<FieldError> list = new ArrayList<>();
        list.add(new FieldError(field, code, message));
        return validation(list);
    }

    public static ApiException notFound(String message) {
        return new ApiException("ResourceNotFoundException", 404, message, null, List.of());
    }

    public static ApiException conflict(String message) {
        return new ApiException("ConflictException", 409, message, null, List.of());
    }

    public static ApiException serviceQuotaExceeded(String message) {
        return new ApiException("ServiceQuotaExceededException", 402, message, null, List.of());
    }

    public static ApiException throttling(String message) {
        return new ApiException("ThrottlingException", 429, message, null, List.of());
    }

    public static ApiException internal(String message) {
        return new ApiException("InternalServerException", 500, message, null, List.of());
    }

    public static ApiException accessDenied(String message) {
        return new ApiException("AccessDeniedException", 403, message, null, List.of());
    }

    /** Raised by the AWS front door, before the service, for a token AWS does not know. */
    public static ApiException unrecognizedClient() {
        return new ApiException(
                "UnrecognizedClientException",
                403,
                "The security token included in the request is invalid.",
                null,
                List.of());
    }

    public static ApiException missingAuthenticationToken() {
        return new ApiException(
                "MissingAuthenticationTokenException",
                403,
                "Missing Authentication Token",
                null,
                List.of());
    }

    public static ApiException invalidSignature(String message) {
        return new ApiException("InvalidSignatureException", 403, message, null, List.of());
    }

    public static ApiException unknownOperation(String message) {
        return new ApiException("UnknownOperationException", 400, message, null, List.of());
    }

    public static ApiException serialization(String message) {
        return new ApiException("SerializationException", 400, message, null, List.of());
    }

    /** The error code as clients see it (the part of {@code __type} after {@code #}). */
    public String type() {
        return type;
    }

    /** The {@code __type} value on the wire: modeled errors carry the service's namespace. */
    public String wireType() {
        switch (type) {
            case "UnrecognizedClientException":
            case "MissingAuthenticationTokenException":
            case "InvalidSignatureException":
            case "UnknownOperationException":
            case "SerializationException":
                return CORAL_NS + type;
            default:
                return SERVICE_NS + type;
        }
    }

    public int status() {
        return status;
    }

    /** ValidationException's {@code Reason}; null for other errors. */
    public String reason() {
        return reason;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
