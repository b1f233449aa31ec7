package dev.pcw.connectors.partnertiers;

import java.io.Serializable;
import java.util.Objects;

/**
 * One partner tier file in an input folder: its name as users see it (the folder-relative path for
 * a local folder's files, the key for S3), its location, size and last modification. Its {@link
 * #fingerprint()} changes when the file is rewritten. Immutable.
 */
public final class TierFile implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String location;
    private final long size;
    private final long modifiedMillis;

    public TierFile(String name, String location, long size, long modifiedMillis) {
        this.name = Objects.requireNonNull(name, "name");
        this.location = Objects.requireNonNull(location, "location");
        this.size = size;
        this.modifiedMillis = modifiedMillis;
    }

    /** How messages name the file: {@code data/partners/partners_cisco.csv}. */
    public String name() {
        return name;
    }

    /** Where it is: a local path or {@code s3://bucket/key}. */
    public String location() {
        return location;
    }

    public long size() {
        return size;
    }

    public long modifiedMillis() {
        return modifiedMillis;
    }

    /** {@code size@modified}: a rewritten file has a new fingerprint. */
    public String fingerprint() {
        return size + "@" + modifiedMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TierFile)) {
            return false;
        }
        TierFile f = (TierFile) o;
        return name.equals(f.name)
                && location.equals(f.location)
                && size == f.size
                && modifiedMillis == f.modifiedMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(location, size, modifiedMillis);
    }

    @Override
    public String toString() {
        return name + " (" + fingerprint() + ")";
    }
}
