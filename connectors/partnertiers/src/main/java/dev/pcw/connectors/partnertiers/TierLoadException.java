package dev.pcw.connectors.partnertiers;

/** A partner tier file that cannot be read at all: {@code Failed to load <file>: <why>}. */
public final class TierLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;

    public TierLoadException(String file, String why, Throwable cause) {
        super("Failed to load " + file + ": " + why, cause);
        this.file = file;
    }

    /** The file, as the user named it. */
    public String file() {
        return file;
    }
}
