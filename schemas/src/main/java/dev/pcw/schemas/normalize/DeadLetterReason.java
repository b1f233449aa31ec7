package dev.pcw.schemas.normalize;

/**
 * Why a payload became a dead letter, as a stable code for grouping and alerting ({@code
 * dead_letters.reason_code}); the {@link DeadLetter#reason()} text says exactly what is wrong.
 */
public enum DeadLetterReason {
    /** A bronze line that is not a bronze envelope (not JSON, or no run_id, entity, …). */
    INVALID_ENVELOPE,
    /** The operation has no silver normalizer (see {@link NormalizerRegistry}). */
    UNSUPPORTED_OPERATION,
    /** The payload is empty or not parseable JSON, for example a truncated response. */
    INVALID_JSON,
    /** The payload is JSON but not an object (an array, a string, null, …). */
    NOT_AN_OBJECT,
    /** A member the model marks required is absent, null or (for keys) empty. */
    MISSING_REQUIRED,
    /** A member has the wrong JSON type (a string where the model has an object, …). */
    WRONG_TYPE,
    /** A member has the right JSON type but an unusable value (a date that is not a date, …). */
    INVALID_VALUE,
    /**
     * The payload's {@code Catalog} differs from the catalog the bronze envelope was fetched in.
     */
    CATALOG_MISMATCH,
    /**
     * A record of the Partner Central events stream that is no usable Partner Central event (not
     * JSON, another source, no detail-type, catalog or record identifier).
     */
    INVALID_EVENT,
    /** A bug in pcw: the normalizer failed on a payload it had accepted. */
    INTERNAL_ERROR
}
