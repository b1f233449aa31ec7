package dev.pcw.connectors.metadata;

/**
 * A database error of the metadata DB, with the operation and the (password-free) database it
 * happened on in the message.
 */
public class MetadataDbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MetadataDbException(String message, Throwable cause) {
        super(message, cause);
    }
}
